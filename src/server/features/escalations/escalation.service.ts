import { ESCALATION_CATEGORIES, type EscalationCategory } from '../../../shared/api/escalations.ts';
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import { AppError, conflict, forbidden, invalid } from '../../errors.ts';
import { toPage } from '../../pagination.ts';
import {
  decodeIdCursor,
  getConversation,
  updateConversation,
} from '../conversations/conversation.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { notifyUsers } from '../notifications/notification.service.ts';
import { showTeam } from '../teams/team.service.ts';
import { findUsersByIds } from '../users/user.service.ts';
import { canEscalation, type EscalationAction } from './escalation.policy.ts';
import * as repo from './escalation.repo.ts';

function authorise(ctx: Ctx, action: EscalationAction) {
  if (!canEscalation(ctx.actor, action)) throw forbidden();
}

export interface EscalateInput {
  to_user_id?: string;
  to_team_id?: string;
  scope: 'conversation' | 'excerpt';
  excerpt?: string;
  method: 'handoff' | 'call' | 'email';
  note: string;
  category: Exclude<EscalationCategory, 'sla_breach'>;
  reason: string;
}

function checkInput(ctx: Ctx, input: EscalateInput) {
  const fields: Record<string, string> = {};
  if (!input.to_user_id && !input.to_team_id) fields.to_user_id = 'give to_user_id or to_team_id';
  if (input.to_user_id && input.to_team_id)
    fields.to_team_id = 'give to_user_id or to_team_id, not both';
  if (input.to_user_id && input.to_user_id === actorUserId(ctx))
    fields.to_user_id = 'must be someone else';
  if (input.scope === 'excerpt' && !input.excerpt)
    fields.excerpt = 'is required when scope is excerpt';
  if (input.scope === 'conversation' && input.excerpt)
    fields.excerpt = 'is only given when scope is excerpt';
  if (Object.keys(fields).length) throw invalid(fields);
}

/** The person or team taking the conversation over, with who is told about it. */
async function findReceiver(tx: Ctx, input: EscalateInput) {
  if (input.to_user_id) {
    const [user] = await findUsersByIds(tx, [input.to_user_id]);
    if (!user || !user.is_active)
      throw invalid({ to_user_id: 'must be an active user of this workspace' });
    return { user: { id: user.id, name: user.name }, team: null, notify: [user.id] };
  }
  const team = await showTeam(tx, input.to_team_id!).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found')
      throw invalid({ to_team_id: 'must be a team of this workspace' });
    throw err;
  });
  // The team's supervisor takes escalations; a team without one hears it as a whole.
  const notify =
    team.supervisor && team.supervisor.is_active
      ? [team.supervisor.id]
      : team.members.filter((m) => m.is_active).map((m) => m.id);
  return { user: null, team: { id: team.team.id, name: team.team.name }, notify };
}

/**
 * Hands a conversation on to a person (who becomes its assignee) or a team (its
 * queue: the team is set and the assignee cleared), with what to pass on, how
 * and a note; records the escalation and its timeline event and notifies the
 * receiver (a team's supervisor), all in one transaction.
 */
export async function escalateConversation(ctx: Ctx, conversationId: string, input: EscalateInput) {
  authorise(ctx, 'create');
  checkInput(ctx, input);
  return withTransaction(ctx, async (tx) => {
    // An update without changes locks the row and checks the actor may change it.
    const current = await updateConversation(tx, conversationId, {});
    if (current.status === 'closed')
      throw conflict('a closed conversation cannot be escalated; reopen it first');
    const receiver = await findReceiver(tx, input);
    const alreadyThere = receiver.user
      ? current.assignee_id === receiver.user.id
      : current.team_id === receiver.team!.id && current.assignee_id === null;
    // Also what a second click on "Escalate" runs into.
    if (alreadyThere) {
      throw conflict('the conversation is already with them', {
        [receiver.user ? 'to_user_id' : 'to_team_id']: 'already has the conversation',
      });
    }
    await updateConversation(
      tx,
      conversationId,
      receiver.user
        ? { assignee_id: receiver.user.id }
        : { team_id: receiver.team!.id, assignee_id: null },
    );
    const { id } = await repo.insertEscalation(tx.db, tx.workspaceId, {
      conversation_id: conversationId,
      category: input.category,
      reason: input.reason,
      from_user_id: actorUserId(tx),
      to_user_id: receiver.user?.id ?? null,
      to_team_id: receiver.team?.id ?? null,
      scope: input.scope,
      excerpt: input.scope === 'excerpt' ? (input.excerpt ?? null) : null,
      method: input.method,
      note: input.note,
      created_at: tx.now(),
    });
    await recordEvent(tx, {
      type: 'conversation.escalated',
      conversationId,
      data: {
        escalation_id: id,
        to_user: receiver.user,
        to_team: receiver.team,
        method: input.method,
        scope: input.scope,
        category: input.category,
      },
    });
    const notify = receiver.notify.filter((userId) => userId !== actorUserId(tx));
    await notifyUsers(tx, {
      userIds: notify,
      kind: 'escalation.received',
      conversationId,
      data: {
        escalation_id: id,
        number: current.number,
        subject: current.subject,
        to_team: receiver.team,
        method: input.method,
        scope: input.scope,
        excerpt: input.scope === 'excerpt' ? input.excerpt : null,
        note: input.note,
        category: input.category,
        reason: input.reason,
      },
      dedupeKey: `escalation:${id}`,
    });
    return (await repo.findEscalation(tx.db, tx.workspaceId, id))!;
  });
}

/** A conversation's escalations, newest first (404 for another workspace's conversation). */
export async function listEscalations(
  ctx: Ctx,
  input: { conversation_id: string; limit: number; cursor?: string },
) {
  authorise(ctx, 'list');
  await getConversation(ctx, input.conversation_id);
  const beforeId = input.cursor ? decodeIdCursor(input.cursor) : undefined;
  const rows = await repo.listEscalations(ctx.db, ctx.workspaceId, input.conversation_id, {
    beforeId,
    limit: input.limit,
  });
  return toPage(
    rows,
    input.limit,
    (e) => [e.id],
    (e) => e,
  );
}

const DAY_MS = 86_400_000;
const MAX_PERIOD_DAYS = 366;

const noCounts = () =>
  Object.fromEntries(ESCALATION_CATEGORIES.map((c) => [c, 0])) as Record<
    EscalationCategory,
    number
  >;

/**
 * Escalations per agent and category over a period, with the totals: a
 * supervisor's teams (or one of them), every agent (or one team's) for an admin.
 */
export async function escalationStats(
  ctx: Ctx,
  input: { from: string; to: string; team_id?: string },
) {
  authorise(ctx, 'stats');
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (to <= from) throw invalid({ to: 'must be after from' });
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS)
    throw invalid({ to: `must be within ${MAX_PERIOD_DAYS} days of from` });
  const supervisor =
    ctx.actor.kind === 'user' && ctx.actor.role === 'supervisor' ? ctx.actor.userId : undefined;
  if (input.team_id) {
    const team = await showTeam(ctx, input.team_id).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found')
        throw invalid({ team_id: 'must be a team of this workspace' });
      throw err;
    });
    if (supervisor && team.supervisor?.id !== supervisor)
      throw forbidden('a supervisor sees the figures of the teams they lead');
  }
  const rows = await repo.countEscalations(ctx.db, ctx.workspaceId, {
    from,
    to,
    agentsOf: input.team_id ? undefined : supervisor,
    teamId: input.team_id,
  });
  const items: {
    agent: { id: string; name: string };
    total: number;
    by_category: Record<EscalationCategory, number>;
  }[] = [];
  const totals = { total: 0, by_category: noCounts() };
  for (const row of rows) {
    let item = items.at(-1);
    if (item?.agent.id !== row.agent_id) {
      item = {
        agent: { id: row.agent_id, name: row.agent_name },
        total: 0,
        by_category: noCounts(),
      };
      items.push(item);
    }
    const n = Number(row.n);
    item.by_category[row.category] += n;
    item.total += n;
    totals.by_category[row.category] += n;
    totals.total += n;
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    team_id: input.team_id ?? null,
    items,
    totals,
  };
}
