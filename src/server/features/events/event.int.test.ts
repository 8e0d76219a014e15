import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkspace, startTestApp, type TestApp } from '../../../../test/harness.ts';
import { recordEvent } from './event.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the audit trail', () => {
  it('is append-only: an event can be added but never changed or deleted', async () => {
    const ws = await newWorkspace(t);
    const { id } = await recordEvent(ws.ctx, { type: 'test.happened', data: { after: { x: 1 } } });
    await expect(
      sql`update events set type = 'rewritten' where workspace_id = ${ws.workspaceId} and id = ${id}`.execute(
        t.database.db,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from events where workspace_id = ${ws.workspaceId} and id = ${id}`.execute(
        t.database.db,
      ),
    ).rejects.toThrow(/append-only/);
    const row = await sql<{
      type: string;
    }>`select type from events where workspace_id = ${ws.workspaceId} and id = ${id}`.execute(
      t.database.db,
    );
    expect(row.rows[0]?.type).toBe('test.happened');
  });

  it('records who changed what, with before and after', async () => {
    const ws = await newWorkspace(t);
    await ws.admin.patch('/api/v1/workspace', { name: 'Kertészet' });
    const rows = await sql<{
      type: string;
      actor_user_id: string;
      data: { before: { name: string }; after: { name: string } };
    }>`
      select type, actor_user_id, data from events where workspace_id = ${ws.workspaceId} and type = 'workspace.updated'`.execute(
      t.database.db,
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.actor_user_id).toBe(ws.admin.userId);
    expect(rows.rows[0]!.data.after.name).toBe('Kertészet');
    expect(rows.rows[0]!.data.before.name).toMatch(/^Test /);
  });
});
