// Bulk changes from the inbox: the single-conversation change (updateConversation,
// with its rules and timeline events) applied to each selected conversation,
// all in one transaction.
import { withTransaction, type Ctx } from '../../context.ts';
import type { ConversationStatus, Priority } from '../../db/schema.ts';
import { AppError, forbidden, invalid } from '../../errors.ts';
import { can } from './conversation.policy.ts';
import * as repo from './conversation.repo.ts';
import type { ConversationRecord, ConversationRow } from './conversation.repo.ts';
import { updateConversation } from './conversation.service.ts';

export interface BulkSet {
  status?: ConversationStatus;
  priority?: Priority;
  assignee_id?: string | null;
  team_id?: string | null;
  add_tags?: string[];
  remove_tags?: string[];
}

export type BulkResult =
  | { id: string; result: 'updated' | 'unchanged'; conversation: ConversationRow }
  | {
      id: string;
      result: 'not_found' | 'conflict' | 'invalid';
      error: { code: string; message: string; fields?: Record<string, string> };
    };

const byIdAscending = (a: string, b: string) => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

function changed(before: ConversationRecord, after: ConversationRow) {
  return (
    before.status !== after.status ||
    before.priority !== after.priority ||
    before.assignee_id !== after.assignee_id ||
    before.team_id !== after.team_id ||
    before.tags.length !== after.tags.length ||
    before.tags.some((t, i) => after.tags[i] !== t)
  );
}

/**
 * Applies one change to up to 100 conversations in one transaction and says
 * what happened to each: ids of another workspace (or none) are not_found and
 * untouched; a change a conversation's state refuses (a closed one set to
 * pending) is a conflict for that one only. A refused permission refuses the
 * whole request, and a bad assignee or team is a 400 before anything changes.
 */
export async function bulkUpdateConversations(
  ctx: Ctx,
  input: { ids: string[]; set: BulkSet },
): Promise<BulkResult[]> {
  const { set } = input;
  if (!can(ctx.actor, 'update')) throw forbidden();
  if (set.assignee_id !== undefined && !can(ctx.actor, 'assign')) throw forbidden();
  return withTransaction(ctx, async (tx) => {
    const fields: Record<string, string> = {};
    if (set.assignee_id && !(await repo.findActiveUser(tx.db, tx.workspaceId, set.assignee_id)))
      fields['set.assignee_id'] = 'must be an active user of this workspace';
    if (set.team_id && !(await repo.findTeam(tx.db, tx.workspaceId, set.team_id)))
      fields['set.team_id'] = 'must be a team of this workspace';
    if (Object.keys(fields).length) throw invalid(fields);

    const results = new Map<string, BulkResult>();
    // Locked in id order, so two bulk changes over the same conversations wait
    // for each other instead of deadlocking.
    for (const id of [...new Set(input.ids)].sort(byIdAscending)) {
      const before = await repo.lockConversation(tx.db, tx.workspaceId, id);
      if (!before) {
        results.set(id, {
          id,
          result: 'not_found',
          error: { code: 'not_found', message: 'conversation not found' },
        });
        continue;
      }
      try {
        // Its rules run before it writes anything, so a refusal leaves the
        // transaction usable for the other conversations.
        const after = await updateConversation(tx, id, set);
        results.set(id, {
          id,
          result: changed(before, after) ? 'updated' : 'unchanged',
          conversation: after,
        });
      } catch (err) {
        if (!(err instanceof AppError) || !['conflict', 'validation_failed'].includes(err.code))
          throw err;
        results.set(id, {
          id,
          result: err.code === 'conflict' ? 'conflict' : 'invalid',
          error: {
            code: err.code,
            message: err.message,
            ...(err.fields ? { fields: err.fields } : {}),
          },
        });
      }
    }
    return [...new Set(input.ids)].map((id) => results.get(id)!);
  });
}
