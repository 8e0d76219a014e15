import { withTransaction, type Ctx } from '../../context.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { NewClientFieldBody, PatchClientFieldBody } from '../../../shared/api/clients.ts';
import { toPage } from '../../pagination.ts';
import { recordEvent } from '../events/event.service.ts';
import { cursorId, presentClientField } from './client.presenter.ts';
import { canClientField, type ClientFieldAction } from './client.policy.ts';
import * as repo from './client-field.repo.ts';

function assertCanField(ctx: Ctx, action: ClientFieldAction) {
  if (!canClientField(ctx.actor, action))
    throw forbidden('only an admin can change the custom fields of clients');
}

/** The definitions client values are checked against (no permission: callers checked theirs). */
export function listFieldDefinitionsForCheck(ctx: Ctx) {
  return repo.listAllFieldDefinitions(ctx.db, ctx.workspaceId);
}

/** A page of the workspace's custom field definitions, oldest first (the order of a form). */
export async function listClientFields(ctx: Ctx, limit: number, cursor?: string) {
  assertCanField(ctx, 'read');
  const afterId = cursor ? cursorId(cursor) : undefined;
  const rows = await repo.listFieldDefinitions(ctx.db, ctx.workspaceId, limit, afterId);
  return toPage(rows, limit, (r) => [r.id], presentClientField);
}

function checkOptions(type: string, options: string[]) {
  if (type === 'select' && options.length === 0)
    throw invalid({ options: 'a select field needs at least one option' });
  if (type !== 'select' && options.length > 0)
    throw invalid({ options: 'only a select field has options' });
  if (new Set(options).size !== options.length)
    throw invalid({ options: 'must not repeat an option' });
}

export async function getClientField(ctx: Ctx, id: string) {
  const def = await repo.findFieldDefinition(ctx.db, ctx.workspaceId, id);
  if (!def) throw notFound('client field');
  return def;
}

/** Admins define a typed field every client may have a value for. */
export async function createClientField(ctx: Ctx, input: NewClientFieldBody) {
  assertCanField(ctx, 'manage');
  checkOptions(input.type, input.options);
  return withTransaction(ctx, async (tx) => {
    if (await repo.findFieldDefinitionByKey(tx.db, tx.workspaceId, input.key))
      throw conflict(`a field with the key ${input.key} exists`, { key: 'is taken' });
    const def = await repo.insertFieldDefinition(tx.db, tx.workspaceId, input);
    await recordEvent(tx, { type: 'client_field.created', data: { after: input } });
    return def;
  });
}

/** Relabels a field or changes a select's options; key and type stay. */
export async function updateClientField(ctx: Ctx, id: string, patch: PatchClientFieldBody) {
  assertCanField(ctx, 'manage');
  return withTransaction(ctx, async (tx) => {
    const before = await getClientField(tx, id);
    if (patch.options) checkOptions(before.type, patch.options);
    const after = await repo.updateFieldDefinition(tx.db, tx.workspaceId, id, patch);
    await recordEvent(tx, {
      type: 'client_field.updated',
      data: {
        key: before.key,
        before: { label: before.label, options: before.options },
        after: { label: after.label, options: after.options },
      },
    });
    return after;
  });
}

/** Removes a field and its values from every client. */
export async function deleteClientField(ctx: Ctx, id: string) {
  assertCanField(ctx, 'manage');
  await withTransaction(ctx, async (tx) => {
    const def = await getClientField(tx, id);
    await repo.deleteFieldDefinition(tx.db, tx.workspaceId, id);
    const cleared = await repo.removeFieldValues(tx.db, tx.workspaceId, def.key);
    await recordEvent(tx, {
      type: 'client_field.deleted',
      data: {
        before: { key: def.key, label: def.label, type: def.type },
        cleared_clients: cleared,
      },
    });
  });
}
