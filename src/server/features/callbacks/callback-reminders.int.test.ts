import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { callbackSweepJob, runCallbackSweep } from './callback.jobs.ts';

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let lead: Caller;

const MIN = 60_000;
const at = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  lead = await ws.addUser('supervisor', 'Sofia Supervisor');
  const team = await ws.admin.post('/api/v1/teams', { name: 'Phones', supervisor_id: lead.userId });
  expect(team.statusCode, team.body).toBe(201);
  const member = await ws.admin.put(`/api/v1/teams/${team.json().id}/members`, {
    user_ids: [agent.userId],
  });
  expect(member.statusCode, member.body).toBeLessThan(300);
});
afterAll(() => t.close());

async function offer(caller: Caller, windowStart: Date, windowEnd?: Date) {
  const phone = `+407${Math.floor(1e7 + Math.random() * 8e7)}`;
  const conv = await caller.post('/api/v1/conversations', {
    client: { phone, name: 'Ionescu Maria' },
    subject: 'Call me',
    channel: 'phone',
    direction: 'inbound',
    message: { body_text: 'Please call me back' },
  });
  const res = await caller.post('/api/v1/callbacks', {
    conversation_id: conv.json().id,
    phone,
    window_start: windowStart.toISOString(),
    ...(windowEnd ? { window_end: windowEnd.toISOString() } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const kinds = async (caller: Caller, callbackId: string) =>
  (await caller.get('/api/v1/notifications?limit=100'))
    .json()
    .items.filter((n: { data: { callback_id?: string } }) => n.data.callback_id === callbackId)
    .map((n: { kind: string }) => n.kind);

const sweep = (now: Date) => runCallbackSweep(t.database.db, now, { workspaceId: ws.workspaceId });

describe('callback reminders', () => {
  it('due: the responsible person, once; overdue after the grace: the team supervisor, once', async () => {
    const cb = await offer(agent, at(10 * MIN));
    await sweep(at(5 * MIN));
    expect(await kinds(agent, cb.id)).toEqual([]);

    await sweep(at(11 * MIN));
    await sweep(at(11 * MIN)); // the job running twice
    expect(await kinds(agent, cb.id)).toEqual(['callback.due']);
    expect(await kinds(lead, cb.id)).toEqual([]);

    await sweep(at(24 * MIN)); // within the 15 minutes' grace
    expect(await kinds(lead, cb.id)).toEqual([]);
    await Promise.all([sweep(at(26 * MIN)), sweep(at(26 * MIN))]);
    expect(await kinds(lead, cb.id)).toEqual(['callback.overdue']);
    expect(await kinds(agent, cb.id)).toEqual(['callback.due']);
    const [note] = (await lead.get('/api/v1/notifications')).json().items;
    expect(note.data).toMatchObject({
      callback_id: cb.id,
      client: { name: 'Ionescu Maria' },
      responsible: { id: agent.userId, name: 'Ana Agent' },
    });
    // The admin is not told when there is a supervisor.
    expect(await kinds(ws.admin, cb.id)).toEqual([]);
  });

  it("a window is overdue at its end; without a team supervisor, the workspace's admins are told", async () => {
    const loner = await ws.addUser('agent', 'Lone Ranger');
    const cb = await offer(loner, at(10 * MIN), at(60 * MIN));
    await sweep(at(30 * MIN));
    expect(await kinds(loner, cb.id)).toEqual(['callback.due']);
    expect(await kinds(ws.admin, cb.id)).toEqual([]);
    await sweep(at(61 * MIN));
    expect(await kinds(ws.admin, cb.id)).toEqual(['callback.overdue']);
    expect(await kinds(lead, cb.id)).toEqual([]);
  });

  it('done callbacks are not reminded; re-dated ones are reminded again for the new time', async () => {
    const done = await offer(agent, at(10 * MIN));
    await agent.patch(`/api/v1/callbacks/${done.id}`, { status: 'done' });
    const moved = await offer(agent, at(10 * MIN));
    await sweep(at(11 * MIN));
    expect(await kinds(agent, done.id)).toEqual([]);
    expect(await kinds(agent, moved.id)).toEqual(['callback.due']);
    const res = await agent.patch(`/api/v1/callbacks/${moved.id}`, {
      attempt: { result: 'no_answer' },
      window_start: at(120 * MIN).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    await sweep(at(121 * MIN));
    expect(await kinds(agent, moved.id)).toEqual(['callback.due', 'callback.due']);
  });

  it('runs as the callbacks.sweep job', async () => {
    const cb = await offer(agent, at(5000));
    await callbackSweepJob.handle(
      {
        database: t.database,
        log: t.app.log,
        now: () => at(MIN),
        sweepWorkspaceId: ws.workspaceId,
      },
      {},
      { retryCount: 0, retryLimit: 0 },
    );
    expect(await kinds(agent, cb.id)).toEqual(['callback.due']);
  });
});

describe('callback attempts', () => {
  it('a failed attempt counts, keeps it open and goes into the call log; then complete', async () => {
    const cb = await offer(agent, at(30 * MIN));
    let res = await agent.patch(`/api/v1/callbacks/${cb.id}`, {
      attempt: { result: 'busy', duration_seconds: 0 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ attempts: 1, status: 'scheduled', outcome: 'busy' });
    res = await agent.patch(`/api/v1/callbacks/${cb.id}`, {
      attempt: { result: 'answered', outcome: 'Order found', duration_seconds: 120 },
      status: 'done',
    });
    expect(res.json()).toMatchObject({ attempts: 2, status: 'done', outcome: 'Order found' });
    const calls = (await agent.get(`/api/v1/calls?client_id=${res.json().client.id}`)).json().items;
    expect(
      calls.map((c: { outcome: string; callback_id: string; direction: string }) => [
        c.outcome,
        c.callback_id,
        c.direction,
      ]),
    ).toEqual([
      ['answered', cb.id, 'outbound'],
      ['busy', cb.id, 'outbound'],
    ]);
    const bad = await agent.post('/api/v1/callbacks', {});
    expect(bad.statusCode).toBe(400);
    const noOutcome = await agent.patch(`/api/v1/callbacks/${cb.id}`, { attempt: {} });
    expect(noOutcome.json().error.fields).toHaveProperty(['attempt.outcome']);
  });

  it('lists mine and my teams’ callbacks, each with its timing', async () => {
    const cb = await offer(agent, at(3000));
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const mine = (await agent.get('/api/v1/callbacks?view=mine&status=scheduled&limit=100')).json();
    expect(mine.items.find((c: { id: string }) => c.id === cb.id)).toMatchObject({
      timing: 'due',
    });
    const team = (await lead.get('/api/v1/callbacks?view=my_teams&limit=100')).json();
    expect(team.items.map((c: { id: string }) => c.id)).toContain(cb.id);
    const theirs = (await lead.get('/api/v1/callbacks?view=mine&limit=100')).json();
    expect(theirs.items.map((c: { id: string }) => c.id)).not.toContain(cb.id);
  });
});
