import { describe, expect, it } from 'vitest';
import {
  excerptOf,
  planStatusChange,
  slaStateOf,
  statusAfterMessage,
  type StatusFields,
} from './conversation.status.ts';

const now = new Date('2026-11-05T10:00:00Z');
const earlier = new Date('2026-11-01T10:00:00Z');
const at = (status: StatusFields['status'], extra: Partial<StatusFields> = {}): StatusFields => ({
  status,
  resolved_at: null,
  closed_at: null,
  ...extra,
});

describe('status changes', () => {
  it('changes nothing when the status stays', () => {
    expect(planStatusChange(at('open'), 'open', now)).toEqual({ ok: true, changed: false });
  });

  it('stamps resolved_at on resolving and clears it when work starts again', () => {
    expect(planStatusChange(at('open'), 'resolved', now)).toEqual({
      ok: true,
      changed: true,
      patch: { status: 'resolved', resolved_at: now, closed_at: null },
    });
    expect(planStatusChange(at('resolved', { resolved_at: earlier }), 'pending', now)).toEqual({
      ok: true,
      changed: true,
      patch: { status: 'pending', resolved_at: null, closed_at: null },
    });
  });

  it('stamps closed_at on closing and keeps an earlier resolution time', () => {
    const plan = planStatusChange(at('resolved', { resolved_at: earlier }), 'closed', now);
    expect(plan).toEqual({
      ok: true,
      changed: true,
      patch: { status: 'closed', resolved_at: earlier, closed_at: now },
    });
    const direct = planStatusChange(at('open'), 'closed', now);
    expect(direct.ok && direct.changed && direct.patch.resolved_at).toEqual(now);
  });

  it('reopens a closed conversation only to open, clearing both times', () => {
    const closed = at('closed', { resolved_at: earlier, closed_at: earlier });
    expect(planStatusChange(closed, 'open', now)).toEqual({
      ok: true,
      changed: true,
      patch: { status: 'open', resolved_at: null, closed_at: null },
    });
    for (const to of ['pending', 'on_hold', 'resolved', 'new'] as const) {
      expect(planStatusChange(closed, to, now).ok).toBe(false);
    }
  });

  it('never goes back to new', () => {
    for (const from of ['open', 'pending', 'on_hold', 'resolved'] as const) {
      const plan = planStatusChange(at(from), 'new', now);
      expect(plan.ok).toBe(false);
    }
  });

  it('allows every other move between working states', () => {
    const working = ['open', 'pending', 'on_hold', 'resolved'] as const;
    for (const from of ['new', ...working] as const) {
      for (const to of working) expect(planStatusChange(at(from), to, now).ok).toBe(true);
    }
  });
});

describe('what a message does to the status', () => {
  it('reopens a pending or resolved conversation when the client writes', () => {
    expect(statusAfterMessage('pending', 'inbound')).toBe('open');
    expect(statusAfterMessage('resolved', 'inbound')).toBe('open');
    expect(statusAfterMessage('on_hold', 'inbound')).toBeUndefined();
    expect(statusAfterMessage('new', 'inbound')).toBeUndefined();
  });

  it('takes a new conversation to open on the first answer, not on a note', () => {
    expect(statusAfterMessage('new', 'outbound')).toBe('open');
    expect(statusAfterMessage('pending', 'outbound')).toBeUndefined();
    expect(statusAfterMessage('new', 'note')).toBeUndefined();
    expect(statusAfterMessage('resolved', 'note')).toBeUndefined();
  });
});

describe('excerpts', () => {
  it('collapses whitespace and keeps short texts whole', () => {
    expect(excerptOf('  Hello,\n\n  where is\tmy order?  ')).toBe('Hello, where is my order?');
  });

  it('cuts long texts to 200 characters without splitting a character', () => {
    const long = '😀'.repeat(300);
    const excerpt = excerptOf(long);
    expect(Array.from(excerpt)).toHaveLength(200);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).not.toMatch(/\uFFFD/);
  });
});

describe('SLA badge', () => {
  it('is breached past due, at risk within two hours, on track before', () => {
    const h = 3600_000;
    expect(slaStateOf(new Date(now.getTime() - 1), now)).toBe('breached');
    expect(slaStateOf(now, now)).toBe('at_risk');
    expect(slaStateOf(new Date(now.getTime() + 2 * h), now)).toBe('at_risk');
    expect(slaStateOf(new Date(now.getTime() + 2 * h + 1), now)).toBe('on_track');
  });
});
