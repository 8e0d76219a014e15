import { describe, expect, it } from 'vitest';
import { PRESENCE_REPLYING_TTL_MS, PRESENCE_VIEWING_TTL_MS } from '../../shared/api/realtime.ts';
import { PresenceTable, conversationKey, type PresenceUpdate } from './presence.ts';

const tab = (over: Partial<PresenceUpdate>): PresenceUpdate => ({
  key: 'p1.1',
  workspaceId: '1',
  conversationId: '10',
  userId: '100',
  name: 'Ana',
  state: 'viewing',
  ...over,
});

describe('the presence table', () => {
  it('lists one line per user, replying winning over viewing, and keeps workspaces apart', () => {
    const p = new PresenceTable();
    p.apply(tab({ key: 'a.1' }), 0);
    p.apply(tab({ key: 'a.2', state: 'replying' }), 0);
    p.apply(tab({ key: 'b.1', userId: '200', name: 'Béla' }), 0);
    p.apply(tab({ key: 'c.1', workspaceId: '2', userId: '300', name: 'Other' }), 0);
    expect(p.people('1', '10', 1)).toEqual([
      { user_id: '100', name: 'Ana', state: 'replying' },
      { user_id: '200', name: 'Béla', state: 'viewing' },
    ]);
    expect(p.people('2', '10', 1)).toEqual([{ user_id: '300', name: 'Other', state: 'viewing' }]);
  });

  it('moves a tab between conversations and reports both as changed', () => {
    const p = new PresenceTable();
    p.apply(tab({}), 0);
    expect(p.apply(tab({ conversationId: '11' }), 0)).toEqual([
      conversationKey('1', '10'),
      conversationKey('1', '11'),
    ]);
    expect(p.people('1', '10', 0)).toEqual([]);
    expect(p.apply(tab({ conversationId: null }), 0)).toEqual([conversationKey('1', '11')]);
    expect(p.size).toBe(0);
  });

  it('lets "replying" lapse, keeps it through a viewing refresh, and forgets a silent tab', () => {
    const p = new PresenceTable();
    p.apply(tab({ state: 'replying' }), 0);
    p.apply(tab({ state: 'viewing' }), 1000);
    expect(p.people('1', '10', 2000)[0]!.state).toBe('replying');
    expect(p.expire(PRESENCE_REPLYING_TTL_MS + 1)).toEqual([conversationKey('1', '10')]);
    expect(p.people('1', '10', PRESENCE_REPLYING_TTL_MS + 1)[0]!.state).toBe('viewing');
    expect(p.expire(1000 + PRESENCE_VIEWING_TTL_MS)).toEqual([conversationKey('1', '10')]);
    expect(p.size).toBe(0);
  });
});
