import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context.ts';
import { canPromise } from './promise.policy.ts';

const user = (userId: string, role: 'agent' | 'supervisor' | 'admin'): Actor => ({
  kind: 'user',
  userId,
  role,
  via: 'session',
});
const ana = user('1', 'agent');
const bence = user('2', 'agent');
const sofia = user('3', 'supervisor');
const admin = user('4', 'admin');
const anas = { agent_id: '1', supervised: false };

describe('canPromise', () => {
  it('lets everyone list; the team view and figures are for supervisors and admins', () => {
    for (const actor of [ana, sofia, admin]) expect(canPromise(actor, 'list')).toBe(true);
    expect(canPromise(ana, 'list_team')).toBe(false);
    expect(canPromise(ana, 'stats')).toBe(false);
    expect(canPromise(sofia, 'list_team')).toBe(true);
    expect(canPromise(admin, 'stats')).toBe(true);
    expect(canPromise({ kind: 'system' }, 'list')).toBe(false);
  });

  it('lets the agent act on their own promise, not a colleague', () => {
    for (const action of ['confirm', 'dismiss', 'keep', 'delay'] as const) {
      expect(canPromise(ana, action, anas)).toBe(true);
      expect(canPromise(bence, action, anas)).toBe(false);
      expect(canPromise(ana, action)).toBe(false);
    }
  });

  it("lets the supervisor of the agent's team act, not another supervisor; admins always", () => {
    expect(canPromise(sofia, 'keep', anas)).toBe(false);
    expect(canPromise(sofia, 'keep', { ...anas, supervised: true })).toBe(true);
    // Being supervised means nothing to a fellow agent.
    expect(canPromise(bence, 'keep', { ...anas, supervised: true })).toBe(false);
    expect(canPromise(admin, 'delay', anas)).toBe(true);
  });
});
