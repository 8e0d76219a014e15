import { withTransaction, type Ctx } from '../../context.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { recordEvent } from '../events/event.service.ts';
import * as repo from './client.repo.ts';
import {
  assertCanClient,
  getClient,
  guardIdentities,
  isPhoneNumber,
  normaliseEmail,
  normalisePhone,
  viewClients,
} from './client.service.ts';
import type { ClientView } from './client.presenter.ts';

/** Gives a client one more email or phone; another client's is a 409 naming value. */
export async function addIdentity(
  ctx: Ctx,
  clientId: string,
  input: { kind: 'email' | 'phone'; value: string },
): Promise<ClientView> {
  assertCanClient(ctx, 'update');
  let value: string;
  if (input.kind === 'email') {
    value = normaliseEmail(input.value);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
      throw invalid({ value: 'must be an email address' });
  } else {
    value = normalisePhone(input.value);
    if (!/^\+?[\d\s().\-/]+$/.test(input.value) || !isPhoneNumber(value))
      throw invalid({ value: 'must be a phone number of 5 to 15 digits' });
  }
  return withTransaction(ctx, async (tx) => {
    const client = await repo.findClientForUpdate(tx.db, tx.workspaceId, clientId);
    if (!client || client.deleted_at) throw notFound('client');
    const owner = await repo.findClientIdByIdentity(tx.db, tx.workspaceId, input.kind, value);
    if (owner?.client_id === clientId)
      throw conflict(`${value} is already this client's`, { value: "is already this client's" });
    if (owner)
      throw conflict(`${value} already belongs to another client`, {
        value: `already belongs to client ${owner.client_id}`,
      });
    await guardIdentities('value', () =>
      repo.insertIdentity(tx.db, tx.workspaceId, clientId, input.kind, value),
    );
    await recordEvent(tx, {
      type: 'client.identity_added',
      clientId,
      data: { after: { kind: input.kind, value } },
    });
    const [view] = await viewClients(tx, [client]);
    return view!;
  });
}

/** Takes an email or phone away from a client (it can then be given to another). */
export async function removeIdentity(ctx: Ctx, clientId: string, identityId: string) {
  assertCanClient(ctx, 'update');
  await withTransaction(ctx, async (tx) => {
    await getClient(tx, clientId);
    const identity = await repo.findIdentity(tx.db, tx.workspaceId, clientId, identityId);
    if (!identity) throw notFound('identity');
    await repo.deleteIdentity(tx.db, tx.workspaceId, identityId);
    await recordEvent(tx, {
      type: 'client.identity_removed',
      clientId,
      data: { before: { kind: identity.kind, value: identity.value } },
    });
  });
}
