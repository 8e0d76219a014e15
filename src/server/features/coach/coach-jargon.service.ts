/** A workspace's jargon list: words agents should not use with clients, with plain words instead. */
import { JARGON_MAX_TERMS } from '../../../shared/api/coach.ts';
import { withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { recordEvent } from '../events/event.service.ts';
import { canCoach } from './coach.policy.ts';
import * as repo from './coach.repo.ts';

export type JargonRow = NonNullable<Awaited<ReturnType<typeof repo.findJargon>>>;

const TERM_TAKEN = 'the list already has this term for this language';

async function getJargon(ctx: Ctx, id: string): Promise<JargonRow> {
  const row = await repo.findJargon(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('jargon term');
  return row;
}

async function checkTermFree(ctx: Ctx, term: string, language: string | null, exceptId?: string) {
  const other = await repo.findJargonByTerm(ctx.db, ctx.workspaceId, term, language);
  if (other && other.id !== exceptId) throw conflict(TERM_TAKEN, { term: 'is in the list' });
}

async function withTermConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(TERM_TAKEN, { term: 'is in the list' });
    throw err;
  }
}

/** A page of the jargon list by term; rows are limit + 1 (for toPage). */
export async function listJargonTerms(
  ctx: Ctx,
  input: { language?: string; cursor?: string; limit: number },
) {
  if (!canCoach(ctx.actor, 'view')) throw forbidden();
  let after: [string, string] | undefined;
  if (input.cursor) {
    const [term, id] = decodeCursor(input.cursor, 2);
    if (typeof term !== 'string' || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    after = [term, id];
  }
  return repo.listJargon(ctx.db, ctx.workspaceId, {
    language: input.language,
    after,
    limit: input.limit,
  });
}

/** The keyset of a row in listJargonTerms' order. */
export const jargonCursorKey = (r: JargonRow) => [r.term.toLowerCase(), r.id];

export async function showJargonTerm(ctx: Ctx, id: string) {
  if (!canCoach(ctx.actor, 'view')) throw forbidden();
  return getJargon(ctx, id);
}

export interface JargonInput {
  term: string;
  plain?: string | null;
  language?: string | null;
}

export async function createJargonTerm(ctx: Ctx, input: JargonInput) {
  if (!canCoach(ctx.actor, 'edit'))
    throw forbidden('only admins and supervisors change the reply coach');
  const values = { term: input.term, plain: input.plain ?? null, language: input.language ?? null };
  return withTransaction(ctx, async (tx) => {
    if ((await repo.countJargon(tx.db, tx.workspaceId)) >= JARGON_MAX_TERMS)
      throw conflict(`the jargon list holds at most ${JARGON_MAX_TERMS} terms`);
    await checkTermFree(tx, values.term, values.language);
    const row = await withTermConflict(() =>
      repo.insertJargon(tx.db, tx.workspaceId, values, tx.now()),
    );
    await recordEvent(tx, {
      type: 'coach_jargon.created',
      data: { jargon_id: row.id, after: values },
    });
    return row;
  });
}

export async function updateJargonTerm(ctx: Ctx, id: string, patch: Partial<JargonInput>) {
  if (!canCoach(ctx.actor, 'edit'))
    throw forbidden('only admins and supervisors change the reply coach');
  return withTransaction(ctx, async (tx) => {
    const before = await getJargon(tx, id);
    const term = patch.term ?? before.term;
    const language = patch.language === undefined ? before.language : patch.language;
    if (term.toLowerCase() !== before.term.toLowerCase() || language !== before.language)
      await checkTermFree(tx, term, language, id);
    const after = await withTermConflict(() =>
      repo.updateJargon(tx.db, tx.workspaceId, id, patch, tx.now()),
    );
    if (!after) throw notFound('jargon term');
    await recordEvent(tx, {
      type: 'coach_jargon.updated',
      data: {
        jargon_id: id,
        before: { term: before.term, plain: before.plain, language: before.language },
        after: { term: after.term, plain: after.plain, language: after.language },
      },
    });
    return after;
  });
}

export async function deleteJargonTerm(ctx: Ctx, id: string) {
  if (!canCoach(ctx.actor, 'edit'))
    throw forbidden('only admins and supervisors change the reply coach');
  await withTransaction(ctx, async (tx) => {
    const before = await getJargon(tx, id);
    await repo.deleteJargon(tx.db, tx.workspaceId, id);
    await recordEvent(tx, {
      type: 'coach_jargon.deleted',
      data: { jargon_id: id, before: { term: before.term, language: before.language } },
    });
  });
}
