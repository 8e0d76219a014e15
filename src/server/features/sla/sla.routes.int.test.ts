import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { clockCtx, openTestConversation, readSla, setStatus } from './sla-test-helpers.ts';

// Monday 3 March 2031, 09:00 in Madrid.
const MONDAY_9 = new Date('2031-03-03T08:00:00Z');

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
beforeAll(async () => {
  t = await startTestApp({ now: MONDAY_9 });
  ws = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
  other = await newWorkspace(t);
});
afterAll(async () => {
  await t.close();
});

type Policy = {
  id: string;
  name: string;
  calendar_id: string | null;
  abilities: { update: boolean };
};

async function policiesOf(w: TestWorkspace): Promise<Policy[]> {
  const res = await w.admin.get('/api/v1/sla-policies');
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

const weekday = [['09:00', '18:00']];
const calendarBody = {
  name: 'Budapest office',
  time_zone: 'Europe/Budapest',
  hours: {
    mon: [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ],
    tue: weekday,
    wed: weekday,
    thu: weekday,
    fri: weekday,
  },
  holidays: [{ date: '2031-03-15', name: 'Nemzeti ünnep' }],
};

describe('SLA policies API', () => {
  it('lists the default policies in the order they are tried, for any member', async () => {
    const agent = await ws.addUser('agent');
    const res = await agent.get('/api/v1/sla-policies');
    expect(res.statusCode).toBe(200);
    const items: Policy[] = res.json().items;
    expect(items.map((p) => p.name)).toEqual(['VIP clients', 'Standard']);
    expect(items[0]!.abilities.update).toBe(false);
    const page1 = await agent.get('/api/v1/sla-policies?limit=1');
    expect(page1.json().items).toHaveLength(1);
    const page2 = await agent.get(
      `/api/v1/sla-policies?limit=1&cursor=${page1.json().next_cursor}`,
    );
    expect(page2.json().items.map((p: Policy) => p.name)).toEqual(['Standard']);
    expect(page2.json().next_cursor).toBeNull();
    const one = await agent.get(`/api/v1/sla-policies/${items[1]!.id}`);
    expect(one.json()).toMatchObject({ name: 'Standard', first_response_minutes: 600 });
  });

  it('lets a supervisor create, change and delete a policy; an agent gets 403', async () => {
    const supervisor = await ws.addUser('supervisor');
    const agent = await ws.addUser('agent');
    const body = {
      name: 'Urgent',
      position: 5,
      match_priorities: ['urgent'],
      first_response_minutes: 60,
      resolution_minutes: 480,
    };
    expect((await agent.post('/api/v1/sla-policies', body)).statusCode).toBe(403);
    const created = await supervisor.post('/api/v1/sla-policies', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      ...body,
      match_tiers: [],
      match_vip: null,
      calendar_id: null,
    });
    const id = created.json().id;
    expect((await agent.patch(`/api/v1/sla-policies/${id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await agent.delete(`/api/v1/sla-policies/${id}`)).statusCode).toBe(403);
    const patched = await supervisor.patch(`/api/v1/sla-policies/${id}`, { name: 'Urgent (24/7)' });
    expect(patched.json().name).toBe('Urgent (24/7)');
    expect((await supervisor.delete(`/api/v1/sla-policies/${id}`)).statusCode).toBe(204);
    expect((await supervisor.get(`/api/v1/sla-policies/${id}`)).statusCode).toBe(404);
  });

  it('hides another workspace’s policies behind 404', async () => {
    const [theirs] = await policiesOf(other);
    for (const res of [
      await ws.admin.get(`/api/v1/sla-policies/${theirs!.id}`),
      await ws.admin.patch(`/api/v1/sla-policies/${theirs!.id}`, { name: 'mine now' }),
      await ws.admin.delete(`/api/v1/sla-policies/${theirs!.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    expect((await policiesOf(other))[0]!.name).toBe('VIP clients');
  });

  it('refuses bad input naming the field', async () => {
    const bad = async (body: unknown) => {
      const res = await ws.admin.post('/api/v1/sla-policies', body);
      expect(res.statusCode).toBe(400);
      return Object.keys(res.json().error.fields);
    };
    expect(await bad({ name: '', first_response_minutes: 60 })).toContain('name');
    expect(await bad({ name: 'x', first_response_minutes: 0 })).toContain('first_response_minutes');
    expect(await bad({ name: 'x' })).toEqual(['first_response_minutes']);
    expect(
      await bad({ name: 'x', first_response_minutes: 60, match_priorities: ['soon'] }),
    ).toContain('match_priorities.0');
    expect(await bad({ name: 'x', first_response_minutes: 60, colour: 'red' })).toBeTruthy();
    const [theirs] = await policiesOf(other);
    expect(
      await bad({ name: 'x', first_response_minutes: 60, calendar_id: theirs!.calendar_id }),
    ).toEqual(['calendar_id']);
    // Nothing half-written.
    expect((await policiesOf(ws)).map((p) => p.name)).not.toContain('x');
  });

  it('re-dates the running clocks of active conversations when the targets change', async () => {
    const w = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
    const ctx = clockCtx(t, w);
    t.clock.now = MONDAY_9;
    const c = await openTestConversation(t, ctx);
    const waiting = await openTestConversation(t, ctx);
    const done = await openTestConversation(t, ctx);
    expect((await readSla(ctx, c.id)).sla_due_at?.toISOString()).toBe('2031-03-04T09:00:00.000Z');
    // An hour later the standard first response becomes 4 business hours: 3 are left.
    t.clock.now = new Date('2031-03-03T09:00:00Z');
    await setStatus(ctx, waiting.id, 'pending');
    await setStatus(ctx, done.id, 'resolved');
    const standard = (await policiesOf(w)).find((p) => p.name === 'Standard')!;
    const res = await w.admin.patch(`/api/v1/sla-policies/${standard.id}`, {
      first_response_minutes: 240,
    });
    expect(res.statusCode).toBe(200);
    const sla = await readSla(ctx, c.id);
    expect(sla.targets.first_response?.target_minutes).toBe(240);
    expect(sla.sla_due_at?.toISOString()).toBe('2031-03-03T12:00:00.000Z');
    expect(sla.targets.first_response?.warn_at?.toISOString()).toBe('2031-03-03T11:12:00.000Z');
    // The paused one keeps 3 hours for when it resumes; the resolved one is left alone.
    const paused = await readSla(ctx, waiting.id);
    expect(paused.targets.first_response).toMatchObject({
      target_minutes: 240,
      remaining_minutes: 180,
    });
    expect(paused.sla_due_at).toBeNull();
    expect((await readSla(ctx, done.id)).targets.first_response?.target_minutes).toBe(600);
  });

  it('matches the conversations of a deleted policy again', async () => {
    const w = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
    const ctx = clockCtx(t, w);
    t.clock.now = MONDAY_9;
    const c = await openTestConversation(t, ctx, { isVip: true });
    expect((await readSla(ctx, c.id)).policy_name).toBe('VIP clients');
    const vip = (await policiesOf(w)).find((p) => p.name === 'VIP clients')!;
    expect((await w.admin.delete(`/api/v1/sla-policies/${vip.id}`)).statusCode).toBe(204);
    const sla = await readSla(ctx, c.id);
    expect(sla.policy_name).toBe('Standard');
    expect(sla.sla_due_at?.toISOString()).toBe('2031-03-04T09:00:00.000Z');
  });
});

describe('business calendars API', () => {
  it('creates, reads, lists and changes a calendar (supervisor), any member reads', async () => {
    const supervisor = await ws.addUser('supervisor');
    const agent = await ws.addUser('agent');
    const created = await supervisor.post('/api/v1/business-calendars', calendarBody);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject(calendarBody);
    const id = created.json().id;
    expect((await agent.get(`/api/v1/business-calendars/${id}`)).json().name).toBe(
      'Budapest office',
    );
    const list = await agent.get('/api/v1/business-calendars');
    expect(list.json().items.map((c: { name: string }) => c.name)).toEqual([
      'Business hours',
      'Budapest office',
    ]);
    const patched = await supervisor.patch(`/api/v1/business-calendars/${id}`, { holidays: [] });
    expect(patched.json().holidays).toEqual([]);
  });

  it('refuses agents (403) and other workspaces (404)', async () => {
    const agent = await ws.addUser('agent');
    expect((await agent.post('/api/v1/business-calendars', calendarBody)).statusCode).toBe(403);
    const mine = (await ws.admin.get('/api/v1/business-calendars')).json().items[0].id;
    expect(
      (await agent.patch(`/api/v1/business-calendars/${mine}`, { name: 'x' })).statusCode,
    ).toBe(403);
    expect((await agent.delete(`/api/v1/business-calendars/${mine}`)).statusCode).toBe(403);
    const theirs = (await other.admin.get('/api/v1/business-calendars')).json().items[0].id;
    expect((await ws.admin.get(`/api/v1/business-calendars/${theirs}`)).statusCode).toBe(404);
    expect(
      (await ws.admin.patch(`/api/v1/business-calendars/${theirs}`, { name: 'x' })).statusCode,
    ).toBe(404);
    expect((await ws.admin.delete(`/api/v1/business-calendars/${theirs}`)).statusCode).toBe(404);
  });

  it('refuses a bad time zone, intervals and holidays naming the field', async () => {
    const fieldsOf = async (patch: object) => {
      const res = await ws.admin.post('/api/v1/business-calendars', { ...calendarBody, ...patch });
      expect(res.statusCode).toBe(400);
      return res.json().error.fields;
    };
    expect(await fieldsOf({ time_zone: 'Mars/Olympus_Mons' })).toHaveProperty('time_zone');
    expect(await fieldsOf({ hours: { mon: [['18:00', '09:00']] } })).toHaveProperty([
      'hours.mon.0',
    ]);
    expect(await fieldsOf({ hours: { mon: [['25:00', '26:00']] } })).toHaveProperty([
      'hours.mon.0.0',
    ]);
    expect(await fieldsOf({ hours: { mon: [['9:00', '18:00']] } })).toHaveProperty([
      'hours.mon.0.0',
    ]);
    expect(
      await fieldsOf({
        hours: {
          mon: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        },
      }),
    ).toHaveProperty(['hours.mon.1']);
    expect(await fieldsOf({ hours: {} })).toHaveProperty('hours');
    expect(await fieldsOf({ hours: { someday: weekday } })).toBeTruthy();
    expect(await fieldsOf({ holidays: [{ date: '2031-02-30', name: 'never' }] })).toHaveProperty([
      'holidays.0.date',
    ]);
  });

  it('will not delete a calendar a policy uses (409), deletes an unused one', async () => {
    const used = (await ws.admin.get('/api/v1/business-calendars')).json().items[0].id;
    const res = await ws.admin.delete(`/api/v1/business-calendars/${used}`);
    expect(res.statusCode).toBe(409);
    expect((await ws.admin.get(`/api/v1/business-calendars/${used}`)).statusCode).toBe(200);
    const spare = await ws.admin.post('/api/v1/business-calendars', {
      ...calendarBody,
      name: 'Spare',
    });
    expect(
      (await ws.admin.delete(`/api/v1/business-calendars/${spare.json().id}`)).statusCode,
    ).toBe(204);
  });

  it('re-dates running clocks when a holiday is added to the calendar', async () => {
    const w = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
    const ctx = clockCtx(t, w);
    t.clock.now = MONDAY_9;
    const c = await openTestConversation(t, ctx);
    const calendar = (await w.admin.get('/api/v1/business-calendars')).json().items[0];
    // Tuesday becomes a holiday: due Wednesday 10:00 instead of Tuesday 10:00.
    const res = await w.admin.patch(`/api/v1/business-calendars/${calendar.id}`, {
      holidays: [{ date: '2031-03-04', name: 'Closed' }],
    });
    expect(res.statusCode).toBe(200);
    expect((await readSla(ctx, c.id)).sla_due_at?.toISOString()).toBe('2031-03-05T09:00:00.000Z');
  });
});

describe('OpenAPI', () => {
  it('documents the SLA and notification routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    for (const path of [
      '/api/v1/sla-policies',
      '/api/v1/sla-policies/{id}',
      '/api/v1/business-calendars',
      '/api/v1/business-calendars/{id}',
      '/api/v1/notifications',
      '/api/v1/notifications/unread-count',
      '/api/v1/notifications/{id}/read',
      '/api/v1/notifications/read-all',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.schemas).toHaveProperty('SlaPolicy');
    expect(doc.components.schemas).toHaveProperty('BusinessCalendar');
    expect(doc.components.schemas).toHaveProperty('Notification');
  });
});
