import i18next, { type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEvent, Message } from '../api.ts';
import { loadMessages } from '../i18n/messages.ts';
import { describeEvent, type Names } from './eventText.ts';
import { interleave } from './timelineEntries.ts';

/** Every message loaded, the oldest and the newest. */
const ALL = { oldest: true, newest: true };

const names: Names = {
  users: new Map([
    ['2', 'Bence Kovács'],
    ['3', 'Ioana Popescu'],
  ]),
  teams: new Map([['7', 'Soporte']]),
};

let en: TFunction;
let ru: TFunction;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.use(ICU).init({
    lng: 'en',
    resources: {
      en: { translation: await loadMessages('en') },
      ru: { translation: await loadMessages('ru') },
    },
    keySeparator: false,
  });
  en = i18n.getFixedT('en');
  ru = i18n.getFixedT('ru');
});

let nextId = 1;
function event(type: string, data: Record<string, unknown>, at = '2026-12-02T10:42:00Z') {
  return {
    id: String(nextId++),
    type,
    actor: { kind: 'user', id: '1', name: 'Ioana' },
    data,
    created_at: at,
  } satisfies ConversationEvent;
}

describe('an event as a line of the timeline', () => {
  it('says who did what to whom, with names the timeline knows', () => {
    const assigned = event('conversation.assigned', {
      before: { assignee_id: null },
      after: { assignee_id: '2' },
    });
    expect(describeEvent(assigned, en, 'en', names)).toBe('Ioana assigned this to Bence Kovács');
    const team = event('conversation.team_changed', { after: { team_id: '7' } });
    expect(describeEvent(team, en, 'en', names)).toBe('Ioana moved this to the team Soporte');
    const status = event('conversation.status_changed', { after: { status: 'resolved' } });
    expect(describeEvent(status, en, 'en', names)).toBe('Ioana changed the status to Resolved');
    expect(describeEvent(status, ru, 'ru', names)).toBe('Ioana изменил(а) статус на «Решено»');
  });

  it('counts tags in the plural rules of the language', () => {
    const tags = event('conversation.tags_changed', {
      before: { tags: ['vip'] },
      after: { tags: ['vip', 'refund', 'late'] },
    });
    expect(describeEvent(tags, en, 'en', names)).toBe('Ioana added the tags refund, late');
    expect(describeEvent(tags, ru, 'ru', names)).toBe('Ioana добавил(а) теги refund, late');
    const removed = event('conversation.tags_changed', {
      before: { tags: ['vip'] },
      after: { tags: [] },
    });
    expect(describeEvent(removed, en, 'en', names)).toBe('Ioana removed the tag vip');
  });

  it('names the receiver of an escalation and how it was passed on', () => {
    const e = event('conversation.escalated', {
      to_team: { id: '7', name: 'Soporte' },
      to_user: null,
      method: 'call',
    });
    expect(describeEvent(e, en, 'en', names)).toBe('Ioana escalated this to Soporte (Phone call)');
  });

  it('tells agents the acknowledgement the client got by email, and where', () => {
    const ack = event('email.acknowledged', { to: 'lucia@example.es', language: 'es' });
    expect(describeEvent(ack, en, 'en', names)).toBe(
      'Acknowledgement of receipt sent to lucia@example.es',
    );
    expect(describeEvent(ack, ru, 'ru', names)).toBe(
      'Подтверждение получения отправлено на lucia@example.es',
    );
  });

  it('hides what it cannot tell (unknown types, the creation the first message shows)', () => {
    expect(describeEvent(event('conversation.created', {}), en, 'en', names)).toBeNull();
    expect(describeEvent(event('something.new', {}), en, 'en', names)).toBeNull();
  });
});

describe('messages and events in one list', () => {
  const message = (id: string, at: string) => ({ id, created_at: at }) as Message;

  it('orders by time and says the reassignment an escalation made only once', () => {
    const m1 = message('10', '2026-12-02T10:00:00.000Z');
    const assigned = event(
      'conversation.assigned',
      { after: { assignee_id: '3' } },
      '2026-12-02T10:05:00.000Z',
    );
    const moved = event(
      'conversation.team_changed',
      { after: { team_id: '7' } },
      '2026-12-02T10:10:00.010Z',
    );
    const escalated = event(
      'conversation.escalated',
      { to_team: { id: '7', name: 'Soporte' } },
      '2026-12-02T10:10:00.020Z',
    );
    const m2 = message('11', '2026-12-02T10:20:00.000Z');
    const entries = interleave([m1, m2], [assigned, moved, escalated], ALL);
    expect(entries.map((e) => (e.kind === 'message' ? e.message.id : e.event.type))).toEqual([
      '10',
      'conversation.assigned',
      'conversation.escalated',
      '11',
    ]);
  });

  it('tells the change a message caused just before that message', () => {
    const reply = message('12', '2026-12-02T11:00:00.000Z');
    const opened = event(
      'conversation.status_changed',
      { after: { status: 'open' }, cause: { message_id: '12' } },
      '2026-12-02T11:00:00.004Z',
    );
    const entries = interleave([reply], [opened], ALL);
    expect(entries.at(-1)).toMatchObject({ kind: 'message' });
  });

  it('keeps events older than the loaded messages back until older messages are shown', () => {
    const old = event(
      'conversation.priority_changed',
      { after: { priority: 'high' } },
      '2026-12-01T09:00:00Z',
    );
    const m = message('13', '2026-12-02T09:00:00Z');
    expect(interleave([m], [old], { oldest: false, newest: true })).toHaveLength(1);
    expect(interleave([m], [old], ALL)).toHaveLength(2);
  });

  it('keeps events newer than the loaded messages back until newer messages are shown', () => {
    // Around a linked message: the newest messages are not loaded yet.
    const m = message('14', '2026-12-02T09:00:00Z');
    const later = event(
      'conversation.priority_changed',
      { after: { priority: 'high' } },
      '2026-12-03T09:00:00Z',
    );
    const caused = event(
      'conversation.status_changed',
      { after: { status: 'open' }, cause: { message_id: '14' } },
      '2026-12-02T09:00:00.004Z',
    );
    const around = { oldest: true, newest: false };
    expect(interleave([m], [caused, later], around).map((e) => e.kind)).toEqual([
      'event',
      'message',
    ]);
    expect(interleave([m], [caused, later], ALL)).toHaveLength(3);
  });
});
