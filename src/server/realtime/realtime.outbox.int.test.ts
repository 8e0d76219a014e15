import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp, type App } from '../app.ts';
import { openServer } from '../db/database.ts';
import { eventually, newWorkspace, startTestApp, type TestApp } from '../../../test/harness.ts';
import { is, openSocket, type TestSocket } from './realtime-test-client.ts';
import { realtimeHubOf } from './realtime.routes.ts';

// The notices of 0021_realtime_outbox.sql: on PostgreSQL the app's connections
// write them into the outbox and the processes' drainers send them after the
// commit; on PGlite the triggers notify at once. Two app instances on one
// database, as in realtime.fanout.int.test.ts.

const databaseUrl = inject('databaseUrl');
let t: TestApp;
let second: App;
let closeSecond: () => Promise<void>;
let urlB: string;

beforeAll(async () => {
  t = await startTestApp();
  const database = databaseUrl ? await openServer(databaseUrl, 2) : t.database;
  second = await buildApp({
    database,
    config: { sessionTtlHours: 12, bodyLimitBytes: 1024 * 1024 },
    logger: false,
  });
  closeSecond = async () => {
    await second.close();
    if (database !== t.database) await database.close();
  };
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  urlB = (await second.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
});
afterAll(async () => {
  await closeSecond();
  await t.close();
});

const notify = async (workspaceId: string, userId: string) => {
  const r = await sql<{ id: string }>`
    insert into notifications (workspace_id, user_id, kind, data)
    values (${workspaceId}, ${userId}, 'sla.warning', '{}') returning id`.execute(t.database.db);
  return r.rows[0]!.id;
};

const waitingInOutbox = async (workspaceId: string) => {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from realtime_outbox
    where payload like ${`%"w": "${workspaceId}"%`}`.execute(t.database.db);
  return r.rows[0]!.n;
};

/** Sends one more notice and waits for it: whatever came before it has arrived too. */
const settle = async (s: TestSocket, workspaceId: string, userId: string) => {
  const marker = await notify(workspaceId, userId);
  await s.next(is('notification.created', { notification_id: marker }));
};

describe('realtime outbox', () => {
  it('keeps nothing of a rolled-back transaction, sends a committed one, and empties once delivered', async () => {
    const ws = await newWorkspace(t);
    const s = await openSocket(urlB, { authorization: `Bearer ${ws.admin.token}` });
    await s.next(is('hello'));
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into notifications (workspace_id, user_id, kind, data)
          values (${ws.workspaceId}, ${ws.admin.userId}, 'rolled.back', '{}')`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => {});
    const kept = await notify(ws.workspaceId, ws.admin.userId);
    await s.next(is('notification.created', { notification_id: kept }));
    expect(s.messages.filter(is('notification.created'))).toHaveLength(1);
    await eventually('the outbox to be drained', async () =>
      (await waitingInOutbox(ws.workspaceId)) === 0 ? true : undefined,
    );
    s.socket.close();
  });

  it('on PostgreSQL the app writes notices to the outbox, on PGlite it notifies at once', async () => {
    const ws = await newWorkspace(t);
    const s = await openSocket(urlB, { authorization: `Bearer ${ws.admin.token}` });
    await s.next(is('hello'));
    if (!databaseUrl) {
      const id = await notify(ws.workspaceId, ws.admin.userId);
      // Nothing drains on PGlite: the notice never went through the outbox.
      expect(await waitingInOutbox(ws.workspaceId)).toBe(0);
      await s.next(is('notification.created', { notification_id: id }));
      s.socket.close();
      return;
    }
    // Holding the drainers' lock keeps the notice in the outbox, where it can be seen.
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock(72617021)');
      const id = await notify(ws.workspaceId, ws.admin.userId);
      expect(await waitingInOutbox(ws.workspaceId)).toBe(1);
      await holder.query('select pg_advisory_unlock(72617021)');
      await s.next(is('notification.created', { notification_id: id }));
    } finally {
      await holder.end();
    }
    s.socket.close();
  });

  it('a drainer that dies before its commit loses nothing and sends nothing twice', async () => {
    const ws = await newWorkspace(t);
    const s = await openSocket(urlB, { authorization: `Bearer ${ws.admin.token}` });
    await s.next(is('hello'));
    let id: string;
    if (databaseUrl) {
      // A drainer of its own: it takes the lock, deletes what is waiting, and is killed.
      const drainer = new pg.Client({ connectionString: databaseUrl });
      await drainer.connect();
      drainer.on('error', () => {});
      await drainer.query('begin');
      await drainer.query('select pg_advisory_xact_lock(72617021)');
      id = await notify(ws.workspaceId, ws.admin.userId);
      const drained = await drainer.query<{ n: number }>('select realtime_drain(5000) as n');
      expect(drained.rows[0]!.n).toBeGreaterThanOrEqual(1);
      expect(await waitingInOutbox(ws.workspaceId)).toBe(1); // its delete is not committed
      const pid = (await drainer.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!
        .pid;
      await sql`select pg_terminate_backend(${pid})`.execute(t.database.db);
      await drainer.end().catch(() => {});
    } else {
      // On PGlite a connection that opts into the outbox puts the notice there;
      // a drain that fails before its commit is rolled back.
      id = await t.database.db.transaction().execute(async (trx) => {
        await sql`set local rapport.realtime_outbox = on`.execute(trx);
        const r = await sql<{ id: string }>`
          insert into notifications (workspace_id, user_id, kind, data)
          values (${ws.workspaceId}, ${ws.admin.userId}, 'sla.warning', '{}') returning id`.execute(
          trx,
        );
        return r.rows[0]!.id;
      });
      expect(await waitingInOutbox(ws.workspaceId)).toBe(1);
      await t.database.db
        .transaction()
        .execute(async (trx) => {
          const r = await sql<{ n: number }>`select realtime_drain(5000) as n`.execute(trx);
          expect(r.rows[0]!.n).toBeGreaterThanOrEqual(1);
          throw new Error('the drainer dies');
        })
        .catch((err: Error) => expect(err.message).toBe('the drainer dies'));
      expect(await waitingInOutbox(ws.workspaceId)).toBe(1);
      await realtimeHubOf(t.app)!.drain();
    }
    await s.next(is('notification.created', { notification_id: id }));
    await settle(s, ws.workspaceId, ws.admin.userId);
    expect(s.messages.filter(is('notification.created', { notification_id: id }))).toHaveLength(1);
    expect(await waitingInOutbox(ws.workspaceId)).toBe(0);
    s.socket.close();
  });

  it('sends one resync for a statement touching more than 20 conversations of a workspace', async () => {
    const ws = await newWorkspace(t);
    const s = await openSocket(urlB, { authorization: `Bearer ${ws.admin.token}` });
    await s.next(is('hello'));
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await ws.admin.post('/api/v1/conversations', {
        client: { email: `bulk${i}@example.test`, name: `Bulk ${i}` },
        subject: 'Import',
        channel: 'email',
        direction: 'inbound',
        message: { body_text: 'x' },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id as string);
    }
    // The creations' own notices first.
    await settle(s, ws.workspaceId, ws.admin.userId);
    const before = s.messages.length;
    await sql`insert into messages (workspace_id, conversation_id, direction, channel, body_text)
      select ${ws.workspaceId}::bigint, id::bigint, 'inbound', 'email', 'imported'
      from unnest(${ids}::text[]) as id`.execute(t.database.db);
    await s.next(is('resync'));
    // One message into one conversation is a message notice again.
    await sql`insert into messages (workspace_id, conversation_id, direction, channel, body_text)
      values (${ws.workspaceId}, ${ids[0]!}, 'inbound', 'email', 'one')`.execute(t.database.db);
    await settle(s, ws.workspaceId, ws.admin.userId);
    const after = s.messages.slice(before);
    expect(after.filter(is('resync'))).toHaveLength(1);
    expect(after.filter(is('message.created'))).toEqual([
      expect.objectContaining({ conversation_id: ids[0]! }),
    ]);
  });
});
