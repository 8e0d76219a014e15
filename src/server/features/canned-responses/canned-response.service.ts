import type { Language } from '../../../shared/api/common.ts';
import {
  findUnknownVariables,
  firstNameOf,
  formatCannedDate,
  formatCannedDay,
  renderCanned,
  type CannedValues,
} from '../../../shared/canned/variables.ts';
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { can as canConversation } from '../conversations/conversation.policy.ts';
import { recordEvent } from '../events/event.service.ts';
import { canCannedResponse } from './canned-response.policy.ts';
import type { CannedResponseRow } from './canned-response.presenter.ts';
import * as repo from './canned-response.repo.ts';

const SHORTCUT_TAKEN = 'another canned response in this language uses this shortcut';

export interface CannedResponseInput {
  title: string;
  shortcut: string;
  language: string;
  folder: string;
  body: string;
}

/** A canned response of the workspace, or not_found (also for another workspace's). */
async function getCannedResponse(ctx: Ctx, id: string): Promise<CannedResponseRow> {
  const row = await repo.findCannedResponse(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('canned response');
  return row;
}

/** Refuses a body with a variable Rapport does not know, naming it. */
function checkVariables(body: string) {
  const unknown = findUnknownVariables(body);
  if (unknown.length) {
    const names = unknown.map((v) => `{{${v}}}`).join(', ');
    throw invalid({ body: `unknown variable ${names}` });
  }
}

async function checkShortcutFree(ctx: Ctx, language: string, shortcut: string, exceptId?: string) {
  const other = await repo.findByShortcut(ctx.db, ctx.workspaceId, language, shortcut);
  if (other && other.id !== exceptId) throw conflict(SHORTCUT_TAKEN, { shortcut: 'is taken' });
}

async function withShortcutConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(SHORTCUT_TAKEN, { shortcut: 'is taken' });
    throw err;
  }
}

/** A page of canned responses by title; rows are limit + 1 (for toPage). */
export async function listCannedResponses(
  ctx: Ctx,
  input: { q?: string; language?: string; folder?: string; cursor?: string; limit: number },
) {
  if (!canCannedResponse(ctx.actor, 'view')) throw forbidden();
  let after: [string, string] | undefined;
  if (input.cursor) {
    const [title, id] = decodeCursor(input.cursor, 2);
    if (typeof title !== 'string' || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    after = [title, id];
  }
  return repo.listCannedResponses(ctx.db, ctx.workspaceId, {
    q: input.q || undefined,
    language: input.language,
    folder: input.folder?.replace(/^\/+|\/+$/g, '') || undefined,
    after,
    limit: input.limit,
  });
}

/** The keyset of a row in listCannedResponses' order. */
export const cannedCursorKey = (r: CannedResponseRow) => [r.title.toLowerCase(), r.id];

export async function showCannedResponse(ctx: Ctx, id: string) {
  if (!canCannedResponse(ctx.actor, 'view')) throw forbidden();
  return getCannedResponse(ctx, id);
}

/** An admin or supervisor writes a new canned response; its variables must all be known. */
export async function createCannedResponse(ctx: Ctx, input: CannedResponseInput) {
  if (!canCannedResponse(ctx.actor, 'create'))
    throw forbidden('only admins and supervisors write canned responses');
  checkVariables(input.body);
  return withTransaction(ctx, async (tx) => {
    await checkShortcutFree(tx, input.language, input.shortcut);
    const row = await withShortcutConflict(() =>
      repo.insertCannedResponse(tx.db, tx.workspaceId, {
        ...input,
        created_by: actorUserId(tx),
        created_at: tx.now(),
      }),
    );
    await recordEvent(tx, {
      type: 'canned_response.created',
      data: { canned_response_id: row.id, after: { title: row.title, shortcut: row.shortcut } },
    });
    return row;
  });
}

/** An admin or supervisor edits a canned response. */
export async function updateCannedResponse(
  ctx: Ctx,
  id: string,
  patch: Partial<CannedResponseInput>,
) {
  if (!canCannedResponse(ctx.actor, 'update'))
    throw forbidden('only admins and supervisors change canned responses');
  if (patch.body !== undefined) checkVariables(patch.body);
  return withTransaction(ctx, async (tx) => {
    const before = await getCannedResponse(tx, id);
    const language = patch.language ?? before.language;
    const shortcut = patch.shortcut ?? before.shortcut;
    if (language !== before.language || shortcut !== before.shortcut)
      await checkShortcutFree(tx, language, shortcut, id);
    const after = await withShortcutConflict(() =>
      repo.updateCannedResponse(tx.db, tx.workspaceId, id, patch, tx.now()),
    );
    if (!after) throw notFound('canned response');
    const keys = (Object.keys(patch) as (keyof CannedResponseInput)[]).filter(
      (k) => patch[k] !== before[k],
    );
    if (keys.length) {
      await recordEvent(tx, {
        type: 'canned_response.updated',
        data: {
          canned_response_id: id,
          before: Object.fromEntries(keys.map((k) => [k, before[k]])),
          after: Object.fromEntries(keys.map((k) => [k, after[k]])),
        },
      });
    }
    return after;
  });
}

export async function deleteCannedResponse(ctx: Ctx, id: string) {
  if (!canCannedResponse(ctx.actor, 'delete'))
    throw forbidden('only admins and supervisors delete canned responses');
  await withTransaction(ctx, async (tx) => {
    const before = await getCannedResponse(tx, id);
    await repo.deleteCannedResponse(tx.db, tx.workspaceId, id);
    await recordEvent(tx, {
      type: 'canned_response.deleted',
      data: { canned_response_id: id, before: { title: before.title, shortcut: before.shortcut } },
    });
  });
}

/**
 * The canned response with its variables filled in for one conversation: due
 * times in the workspace's time zone and the client's language. Counts a use.
 */
export async function renderCannedResponse(ctx: Ctx, id: string, conversationId: string) {
  if (!canCannedResponse(ctx.actor, 'use')) throw forbidden();
  const response = await getCannedResponse(ctx, id);
  const facts = await repo.findRenderFacts(ctx.db, ctx.workspaceId, conversationId);
  if (!facts) throw notFound('conversation');
  if (!canConversation(ctx.actor, 'read', facts)) throw forbidden();
  const userId = actorUserId(ctx);
  const agent = userId ? await repo.findAgentFacts(ctx.db, ctx.workspaceId, userId) : undefined;
  const language = facts.client_language ?? facts.default_language;
  const date = (d: Date | null) => (d ? formatCannedDate(d, language, facts.time_zone) : '');
  const agentTeam =
    facts.team_name && agent?.team_names.includes(facts.team_name)
      ? facts.team_name
      : (agent?.team_names[0] ?? facts.team_name ?? '');
  const values: CannedValues = {
    'client.first_name': firstNameOf(facts.client_name, language),
    'client.name': facts.client_name,
    'agent.name': agent?.name ?? '',
    'agent.first_name': agent ? firstNameOf(agent.name, '') : '',
    'agent.team': agentTeam,
    'conversation.number': String(facts.number),
    'conversation.subject': facts.subject,
    'sla.first_response_due': date(facts.first_response_due_at),
    'sla.resolution_due': date(facts.resolution_due_at),
    'workspace.name': facts.workspace_name,
    today: formatCannedDay(ctx.now(), language, facts.time_zone),
  };
  const usageCount = await repo.countUse(ctx.db, ctx.workspaceId, id);
  return {
    body_text: renderCanned(response.body, values),
    language: response.language as Language,
    usage_count: usageCount ?? response.usage_count,
  };
}
