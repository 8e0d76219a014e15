// Test helpers for the SLA integration tests: conversations written with SQL
// (so these tests do not depend on the conversations API) and moved through
// the same hooks, in the same order, as the conversation workflow calls them.
import { withTransaction, type Ctx } from '../../context.ts';
import type { ConversationStatus, Priority } from '../../db/schema.ts';
import type { TestApp, TestWorkspace } from '../../../../test/harness.ts';
import {
  recordMessageForSla,
  recordPolicyInputsForSla,
  recordStatusForSla,
  startConversationSla,
} from './sla.service.ts';

let seq = 0;

/** A system ctx in the workspace that reads the test app's movable clock. */
export function clockCtx(t: TestApp, ws: TestWorkspace): Ctx {
  return { ...ws.ctx, now: () => new Date(t.clock.now) };
}

/** Inserts a client and a conversation of theirs, then starts its SLA as the workflow does. */
export async function openTestConversation(
  t: TestApp,
  ctx: Ctx,
  o: {
    isVip?: boolean;
    tier?: 'regular' | 'premium' | 'key';
    priority?: Priority;
    teamId?: string | null;
    assigneeId?: string | null;
  } = {},
) {
  const db = t.database.db;
  const now = ctx.now();
  const client = await db
    .insertInto('clients')
    .values({
      workspace_id: ctx.workspaceId,
      name: `Client ${++seq}`,
      is_vip: o.isVip ?? false,
      tier: o.tier ?? 'regular',
      custom_fields: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const number = 100_000 + ++seq;
  const conversation = await db
    .insertInto('conversations')
    .values({
      workspace_id: ctx.workspaceId,
      number,
      subject: `Question ${number}`,
      client_id: client.id,
      channel: 'email',
      priority: o.priority ?? 'normal',
      team_id: o.teamId ?? null,
      assignee_id: o.assigneeId ?? null,
      created_at: now,
      last_message_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await withTransaction(ctx, (tx) => startConversationSla(tx, conversation.id));
  return { id: conversation.id, clientId: client.id };
}

async function statusOf(ctx: Ctx, id: string) {
  const row = await ctx.db
    .selectFrom('conversations')
    .select(['status', 'first_responded_at'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}

/** Changes the status and tells the SLA, in one transaction. */
export async function setStatus(ctx: Ctx, id: string, to: ConversationStatus) {
  await withTransaction(ctx, async (tx) => {
    const { status } = await statusOf(tx, id);
    await tx.db
      .updateTable('conversations')
      .set({ status: to })
      .where('workspace_id', '=', tx.workspaceId)
      .where('id', '=', id)
      .execute();
    await recordStatusForSla(tx, id, status, to);
  });
}

/** An agent's reply: first response stamped, "new" becomes "open", response clocks met. */
export async function reply(ctx: Ctx, id: string) {
  await withTransaction(ctx, async (tx) => {
    const c = await statusOf(tx, id);
    const to = c.status === 'new' ? 'open' : c.status;
    await tx.db
      .updateTable('conversations')
      .set({ status: to, first_responded_at: c.first_responded_at ?? tx.now() })
      .where('workspace_id', '=', tx.workspaceId)
      .where('id', '=', id)
      .execute();
    if (to !== c.status) await recordStatusForSla(tx, id, c.status, to);
    await recordMessageForSla(tx, id, 'outbound', tx.now());
  });
}

/** A client's message: pending or resolved conversations open again, then the response clock. */
export async function clientWrites(ctx: Ctx, id: string) {
  await withTransaction(ctx, async (tx) => {
    const c = await statusOf(tx, id);
    const to = c.status === 'pending' || c.status === 'resolved' ? 'open' : c.status;
    if (to !== c.status) {
      await tx.db
        .updateTable('conversations')
        .set({ status: to })
        .where('workspace_id', '=', tx.workspaceId)
        .where('id', '=', id)
        .execute();
      await recordStatusForSla(tx, id, c.status, to);
    }
    await recordMessageForSla(tx, id, 'inbound', tx.now());
  });
}

/** Changes the priority and tells the SLA. */
export async function setPriority(ctx: Ctx, id: string, priority: Priority) {
  await withTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('conversations')
      .set({ priority })
      .where('workspace_id', '=', tx.workspaceId)
      .where('id', '=', id)
      .execute();
    await recordPolicyInputsForSla(tx, id);
  });
}

/** The conversation's SLA fields and targets by kind. */
export async function readSla(ctx: Ctx, id: string) {
  const c = await ctx.db
    .selectFrom('conversations as c')
    .leftJoin('sla_policies as p', (j) =>
      j.onRef('p.workspace_id', '=', 'c.workspace_id').onRef('p.id', '=', 'c.sla_policy_id'),
    )
    .select(['c.sla_due_at', 'c.sla_policy_id', 'p.name as policy_name'])
    .where('c.workspace_id', '=', ctx.workspaceId)
    .where('c.id', '=', id)
    .executeTakeFirstOrThrow();
  const targets = await ctx.db
    .selectFrom('sla_targets')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('conversation_id', '=', id)
    .execute();
  return { ...c, targets: Object.fromEntries(targets.map((x) => [x.kind, x])) };
}
