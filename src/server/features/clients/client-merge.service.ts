import { withTransaction, type Ctx } from '../../context.ts';
import type { ClientTier } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { moveClientCallbacks } from '../callbacks/callback.service.ts';
import { moveClientCalls } from '../calls/call.service.ts';
import { moveClientDiscounts } from '../discounts/discount-send.service.ts';
import { moveClientPromises } from '../promises/promise.service.ts';
import { recordEvent } from '../events/event.service.ts';
import * as notes from './client-note.repo.ts';
import * as repo from './client.repo.ts';
import { assertCanClient, refreshSla, viewClients } from './client.service.ts';
import type { ClientView } from './client.presenter.ts';

const TIER_RANK: Record<ClientTier, number> = { regular: 0, premium: 1, key: 2 };

/** What the target keeps of the duplicate: everything it lacks, the better tier, VIP if either is. */
function mergedFields(target: repo.ClientRow, source: repo.ClientRow): repo.ClientPatch {
  return {
    company_id: target.company_id ?? source.company_id,
    language: target.language ?? source.language,
    time_zone: target.time_zone ?? source.time_zone,
    tier: TIER_RANK[source.tier] > TIER_RANK[target.tier] ? source.tier : target.tier,
    is_vip: target.is_vip || source.is_vip,
    tags: [...new Set([...target.tags, ...source.tags])],
    custom_fields: { ...source.custom_fields, ...target.custom_fields },
  };
}

/**
 * Folds a duplicate (source) into a client (target): the source's identities,
 * conversations, notes, people (for a company) and earlier merges move to the
 * target, which also takes what it lacked of the source's fields; the source is
 * marked merged and deleted. Both timelines get a client.merged event.
 */
export async function mergeClients(
  ctx: Ctx,
  targetId: string,
  sourceId: string,
): Promise<ClientView> {
  assertCanClient(ctx, 'merge');
  return withTransaction(ctx, async (tx) => {
    // Lock both in id order, so two merges of the same pair cannot deadlock.
    const locked = new Map<string, repo.ClientRow | undefined>();
    for (const id of [targetId, sourceId].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)))
      locked.set(id, await repo.findClientForUpdate(tx.db, tx.workspaceId, id));
    const target = locked.get(targetId);
    if (!target || target.deleted_at) throw notFound('client');
    if (sourceId === targetId) throw invalid({ source_id: 'must be another client' });
    const source = locked.get(sourceId);
    if (source?.merged_into_id)
      throw conflict('the source was already merged', {
        source_id: `was already merged into client ${source.merged_into_id}`,
      });
    if (!source || source.deleted_at)
      throw invalid({ source_id: 'must be a client of this workspace' });
    if (source.kind !== target.kind)
      throw invalid({ source_id: `must be a ${target.kind} like the client it is merged into` });
    if (target.company_id === sourceId)
      throw invalid({ source_id: 'is the company of the client it would be merged into' });

    const [beforeView] = await viewClients(tx, [target]);
    const patch = mergedFields(target, source);
    if (patch.company_id === sourceId) patch.company_id = null;
    const moved = {
      identities: await repo.moveIdentities(tx.db, tx.workspaceId, sourceId, targetId),
      conversations: (await repo.moveConversations(tx.db, tx.workspaceId, sourceId, targetId))
        .length,
      notes: await notes.moveNotes(tx.db, tx.workspaceId, sourceId, targetId),
      callbacks: await moveClientCallbacks(tx, sourceId, targetId),
      calls: await moveClientCalls(tx, sourceId, targetId),
      promises: await moveClientPromises(tx, sourceId, targetId),
      discounts: await moveClientDiscounts(tx, sourceId, targetId),
      people:
        source.kind === 'company'
          ? await repo.moveCompanyMembers(tx.db, tx.workspaceId, sourceId, targetId)
          : 0,
    };
    await repo.repointMergedClients(tx.db, tx.workspaceId, sourceId, targetId);
    await repo.updateClient(tx.db, tx.workspaceId, sourceId, {
      merged_into_id: targetId,
      deleted_at: tx.now(),
      updated_at: tx.now(),
    });
    const after = await repo.updateClient(tx.db, tx.workspaceId, targetId, {
      ...patch,
      updated_at: tx.now(),
    });
    const [view] = await viewClients(tx, [after]);
    const data = { source_id: sourceId, target_id: targetId, moved };
    await recordEvent(tx, {
      type: 'client.merged',
      clientId: targetId,
      data: { ...data, before: snapshotFields(beforeView!), after: snapshotFields(view!) },
    });
    await recordEvent(tx, { type: 'client.merged', clientId: sourceId, data });
    // The moved conversations may now fall under another SLA policy (tier, VIP).
    await refreshSla(tx, targetId);
    return view!;
  });
}

function snapshotFields(v: ClientView) {
  const { company_id, language, time_zone, tier, is_vip, tags, custom_fields } = v.client;
  return {
    company_id,
    language,
    time_zone,
    tier,
    is_vip,
    tags,
    custom_fields,
    emails: v.identities.filter((i) => i.kind === 'email').map((i) => i.value),
    phones: v.identities.filter((i) => i.kind === 'phone').map((i) => i.value),
  };
}
