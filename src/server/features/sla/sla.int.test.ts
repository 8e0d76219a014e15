import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkspace, startTestApp, type TestApp } from '../../../../test/harness.ts';
import type { Ctx } from '../../context.ts';
import {
  clientWrites,
  clockCtx,
  openTestConversation,
  readSla,
  reply,
  setPriority,
  setStatus,
} from './sla-test-helpers.ts';
import { runSlaSweep } from './sla.sweep.ts';

// Monday 3 March 2031, 09:00 in Madrid (CET, +01:00). Far from the real
// clock, and every sweep here is limited to the test's own workspace, so
// tests sharing a PostgreSQL database never sweep each other.
const MONDAY_9 = new Date('2031-03-03T08:00:00Z');
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: MONDAY_9 });
});
afterAll(async () => {
  await t.close();
});

async function setup() {
  t.clock.now = MONDAY_9;
  const ws = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
  const ctx = clockCtx(t, ws);
  const agent = await ws.addUser('agent');
  const supervisor = await ws.addUser('supervisor');
  const team = await t.database.db
    .insertInto('teams')
    .values({ workspace_id: ws.workspaceId, name: 'Support', supervisor_id: supervisor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sweep = () =>
    runSlaSweep({ db: t.database.db }, new Date(t.clock.now), { workspaceId: ws.workspaceId });
  return { ws, ctx, agent, supervisor, teamId: team.id, sweep };
}

async function countRows(
  ctx: Ctx,
  table: 'notifications' | 'escalations' | 'events',
  kind?: string,
) {
  let q = ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', ctx.workspaceId);
  if (kind && table === 'notifications') q = q.where('kind', '=', kind);
  if (kind && table === 'events') q = q.where('type', '=', kind);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describe('SLA clocks', () => {
  it('gives the standard policy 10 business hours and keeps sla_due_at in sync', async () => {
    const { ctx } = await setup();
    const c = await openTestConversation(t, ctx);
    const sla = await readSla(ctx, c.id);
    expect(sla.policy_name).toBe('Standard');
    // Monday 09:00 + 600 business minutes = Tuesday 10:00 CET; warned at 80 % = Monday 17:00.
    expect(iso(sla.targets.first_response?.due_at)).toBe('2031-03-04T09:00:00.000Z');
    expect(iso(sla.targets.first_response?.warn_at)).toBe('2031-03-03T16:00:00.000Z');
    expect(iso(sla.sla_due_at)).toBe('2031-03-04T09:00:00.000Z');
    expect(sla.targets.resolution).toBeUndefined();
  });

  it('picks the VIP policy for a VIP client', async () => {
    const { ctx } = await setup();
    const c = await openTestConversation(t, ctx, { isVip: true });
    const sla = await readSla(ctx, c.id);
    expect(sla.policy_name).toBe('VIP clients');
    expect(iso(sla.sla_due_at)).toBe('2031-03-03T12:00:00.000Z');
  });

  it('meets the first response with a reply and starts next response on the client answer', async () => {
    const { ctx } = await setup();
    const c = await openTestConversation(t, ctx);
    t.clock.now = new Date('2031-03-03T09:00:00Z');
    await reply(ctx, c.id);
    let sla = await readSla(ctx, c.id);
    expect(iso(sla.targets.first_response?.met_at)).toBe('2031-03-03T09:00:00.000Z');
    expect(sla.sla_due_at).toBeNull();

    // Friday 17:30 CET the client writes again: 30 min on Friday, 9 h on Monday,
    // so the next response is due Tuesday 09:30.
    t.clock.now = new Date('2031-03-07T16:30:00Z');
    await clientWrites(ctx, c.id);
    await clientWrites(ctx, c.id);
    sla = await readSla(ctx, c.id);
    expect(iso(sla.targets.next_response?.started_at)).toBe('2031-03-07T16:30:00.000Z');
    expect(iso(sla.sla_due_at)).toBe('2031-03-11T08:30:00.000Z');

    t.clock.now = new Date('2031-03-10T09:00:00Z');
    await reply(ctx, c.id);
    sla = await readSla(ctx, c.id);
    expect(iso(sla.targets.next_response?.met_at)).toBe('2031-03-10T09:00:00.000Z');
    expect(sla.sla_due_at).toBeNull();
  });

  it('pauses while pending and resumes with the business time that was left', async () => {
    const { ctx } = await setup();
    const c = await openTestConversation(t, ctx);
    // Two business hours spent, then the agent waits on the client.
    t.clock.now = new Date('2031-03-03T10:00:00Z');
    await setStatus(ctx, c.id, 'pending');
    let sla = await readSla(ctx, c.id);
    expect(sla.sla_due_at).toBeNull();
    expect(sla.targets.first_response).toMatchObject({
      due_at: null,
      warn_at: null,
      remaining_minutes: 480,
    });
    // Nothing warns or breaches while paused, however long it waits.
    t.clock.now = new Date('2031-03-05T09:00:00Z');
    expect(
      await runSlaSweep({ db: t.database.db }, t.clock.now, { workspaceId: ctx.workspaceId }),
    ).toEqual({
      breached: 0,
      warned: 0,
    });
    // Wednesday 10:00 CET it opens again: 480 minutes left -> due 18:00, warned at 16:00.
    await setStatus(ctx, c.id, 'open');
    sla = await readSla(ctx, c.id);
    expect(iso(sla.targets.first_response?.due_at)).toBe('2031-03-05T17:00:00.000Z');
    expect(iso(sla.targets.first_response?.warn_at)).toBe('2031-03-05T15:00:00.000Z');
    expect(sla.targets.first_response).toMatchObject({ paused_at: null, remaining_minutes: null });
    expect(iso(sla.sla_due_at)).toBe('2031-03-05T17:00:00.000Z');
  });

  it('stops on resolve and restarts on reopen', async () => {
    const { ctx } = await setup();
    const c = await openTestConversation(t, ctx, { priority: 'urgent' });
    await reply(ctx, c.id);
    await clientWrites(ctx, c.id);
    await setStatus(ctx, c.id, 'resolved');
    let sla = await readSla(ctx, c.id);
    expect(sla.sla_due_at).toBeNull();
    expect(sla.targets.next_response).toMatchObject({
      met_at: null,
      due_at: null,
      paused_at: null,
    });
    t.clock.now = new Date('2031-03-04T08:00:00Z');
    await setStatus(ctx, c.id, 'open');
    sla = await readSla(ctx, c.id);
    expect(iso(sla.targets.next_response?.started_at)).toBe('2031-03-04T08:00:00.000Z');
    expect(iso(sla.sla_due_at)).toBe('2031-03-05T09:00:00.000Z');
  });

  it('re-dates running targets when the priority picks another policy', async () => {
    const { ctx, ws } = await setup();
    await t.database.db
      .insertInto('sla_policies')
      .values({
        workspace_id: ws.workspaceId,
        name: 'Urgent',
        position: 5,
        match_priorities: ['urgent'],
        first_response_minutes: 60,
        calendar_id: null,
      })
      .execute();
    const c = await openTestConversation(t, ctx);
    // 30 minutes spent of the standard 600; urgent allows 60: 30 left.
    t.clock.now = new Date('2031-03-03T08:30:00Z');
    await setPriority(ctx, c.id, 'urgent');
    const sla = await readSla(ctx, c.id);
    expect(sla.policy_name).toBe('Urgent');
    expect(sla.targets.first_response?.target_minutes).toBe(60);
    expect(iso(sla.sla_due_at)).toBe('2031-03-03T09:00:00.000Z');
  });
});

describe('SLA sweep', () => {
  it('warns the assignee at 80 %, once', async () => {
    const { ctx, agent, teamId, sweep } = await setup();
    const c = await openTestConversation(t, ctx, { teamId, assigneeId: agent.userId });
    t.clock.now = new Date('2031-03-03T15:59:00Z');
    expect(await sweep()).toEqual({ breached: 0, warned: 0 });
    t.clock.now = new Date('2031-03-03T16:00:00Z');
    expect(await sweep()).toEqual({ breached: 0, warned: 1 });
    expect(await sweep()).toEqual({ breached: 0, warned: 0 });
    const notes = await ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      user_id: agent.userId,
      kind: 'sla.warning',
      conversation_id: c.id,
    });
    expect(notes[0]!.data).toMatchObject({ kind: 'first_response' });
    expect(iso((await readSla(ctx, c.id)).targets.first_response?.warned_at)).toBe(
      '2031-03-03T16:00:00.000Z',
    );
  });

  it('warns the team supervisor when nobody is assigned', async () => {
    const { ctx, supervisor, teamId, sweep } = await setup();
    await openTestConversation(t, ctx, { teamId });
    t.clock.now = new Date('2031-03-03T16:00:00Z');
    await sweep();
    const notes = await ctx.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    expect(notes).toEqual([{ user_id: supervisor.userId, kind: 'sla.warning' }]);
  });

  it('on breach notifies the team supervisor, escalates and records an event, once', async () => {
    const { ctx, agent, supervisor, teamId, sweep } = await setup();
    const c = await openTestConversation(t, ctx, { teamId, assigneeId: agent.userId });
    t.clock.now = new Date('2031-03-04T09:00:00Z');
    // Down through the warning time: only the breach is reported.
    expect(await sweep()).toEqual({ breached: 1, warned: 0 });
    expect(await sweep()).toEqual({ breached: 0, warned: 0 });

    const notes = await ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    expect(notes.map((n) => [n.user_id, n.kind])).toEqual([[supervisor.userId, 'sla.breached']]);
    const escalations = await ctx.db
      .selectFrom('escalations')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({
      conversation_id: c.id,
      category: 'sla_breach',
      reason: 'sla_breach',
      from_user_id: agent.userId,
      to_user_id: supervisor.userId,
      to_team_id: teamId,
    });
    expect(escalations[0]!.detail).toMatchObject({ kind: 'first_response' });
    const events = await ctx.db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('type', '=', 'sla.breached')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ conversation_id: c.id, actor_kind: 'system' });
    const sla = await readSla(ctx, c.id);
    expect(iso(sla.targets.first_response?.breached_at)).toBe('2031-03-04T09:00:00.000Z');
    // Still unanswered: the inbox keeps showing it overdue.
    expect(iso(sla.sla_due_at)).toBe('2031-03-04T09:00:00.000Z');
  });

  it('without a team notifies every active supervisor and admin', async () => {
    const { ws, ctx, supervisor, sweep } = await setup();
    await ws.addUser('agent');
    const retired = await ws.addUser('supervisor');
    await t.database.db
      .updateTable('users')
      .set({ is_active: false })
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', retired.userId)
      .execute();
    await openTestConversation(t, ctx);
    t.clock.now = new Date('2031-03-05T09:00:00Z');
    await sweep();
    const notes = await ctx.db
      .selectFrom('notifications')
      .select('user_id')
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([ws.admin.userId, supervisor.userId].sort());
    expect(await countRows(ctx, 'escalations')).toBe(1);
  });

  it('a reopened conversation can breach again, as a new escalation', async () => {
    const { ctx, teamId, sweep } = await setup();
    const c = await openTestConversation(t, ctx, { teamId });
    t.clock.now = new Date('2031-03-04T09:00:00Z');
    await sweep();
    await setStatus(ctx, c.id, 'resolved');
    t.clock.now = new Date('2031-03-05T09:00:00Z');
    await setStatus(ctx, c.id, 'open');
    t.clock.now = new Date('2031-03-07T09:00:00Z');
    expect(await sweep()).toEqual({ breached: 1, warned: 0 });
    expect(await countRows(ctx, 'escalations')).toBe(2);
    expect(await countRows(ctx, 'events', 'sla.breached')).toBe(2);
  });

  it('two sweeps at once report each breach once', async () => {
    const { ctx, teamId, sweep } = await setup();
    for (let i = 0; i < 6; i++) await openTestConversation(t, ctx, { teamId });
    t.clock.now = new Date('2031-03-04T09:00:00Z');
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.breached + b.breached).toBe(6);
    expect(await countRows(ctx, 'notifications', 'sla.breached')).toBe(6);
    expect(await countRows(ctx, 'escalations')).toBe(6);
  });

  it('works through more due targets than one batch', async () => {
    const { ctx, teamId } = await setup();
    for (let i = 0; i < 5; i++) await openTestConversation(t, ctx, { teamId });
    t.clock.now = new Date('2031-03-04T09:00:00Z');
    const r = await runSlaSweep({ db: t.database.db }, t.clock.now, {
      workspaceId: ctx.workspaceId,
      batchSize: 2,
    });
    expect(r.breached).toBe(5);
    expect(await countRows(ctx, 'notifications', 'sla.breached')).toBe(5);
  });
});

describe('SLA through the conversations API', () => {
  it('dates, pauses, resumes and meets the first response as agents work', async () => {
    const { ws } = await setup();
    const agent = await ws.addUser('agent');
    const created = await agent.post('/api/v1/conversations', {
      client: { email: `sla-${Date.now()}@example.test`, name: 'Kairat' },
      subject: 'Where is my order?',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'It has not arrived.' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const slaOf = async () => (await agent.get(`/api/v1/conversations/${id}`)).json().sla;
    expect((await slaOf()).due_at).toBe('2031-03-04T09:00:00.000Z');

    t.clock.now = new Date('2031-03-03T10:00:00Z');
    expect(
      (await agent.patch(`/api/v1/conversations/${id}`, { status: 'pending' })).statusCode,
    ).toBe(200);
    expect(await slaOf()).toBeNull();

    // Wednesday 10:00 CET the client answers: 8 business hours were left.
    t.clock.now = new Date('2031-03-05T09:00:00Z');
    const inbound = await agent.post(`/api/v1/conversations/${id}/messages`, {
      direction: 'inbound',
      body_text: 'Any news?',
    });
    expect(inbound.statusCode, inbound.body).toBe(201);
    expect((await slaOf()).due_at).toBe('2031-03-05T17:00:00.000Z');

    const answer = await agent.post(`/api/v1/conversations/${id}/messages`, {
      direction: 'outbound',
      body_text: 'It ships today.',
    });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(await slaOf()).toBeNull();
  });
});
