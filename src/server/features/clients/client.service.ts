import { withTransaction, type Ctx } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { recordEvent } from '../events/event.service.ts';
import * as repo from './client.repo.ts';

/** Normalises an email for matching: trimmed, lower-case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Normalises a phone number for matching: "+" and digits only ("+36 (1) 234-5678" -> "+3612345678"). */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  return (
    (phone.trim().startsWith('+') || phone.trim().startsWith('00') ? '+' : '') +
    digits.replace(/^00/, '')
  );
}

/** A client of the workspace, or not_found (also for another workspace's or a deleted client). */
export async function getClient(ctx: Ctx, clientId: string) {
  const client = await repo.findClient(ctx.db, ctx.workspaceId, clientId);
  if (!client) throw notFound('client');
  return client;
}

export interface ClientContact {
  name?: string;
  email?: string;
  phone?: string;
  language?: string;
}

/**
 * The client with this email (first) or phone, created when none has it: how an
 * inbound message finds its sender. Runs in the caller's transaction.
 */
export async function findOrCreateClient(ctx: Ctx, contact: ClientContact) {
  return withTransaction(ctx, async (tx) => {
    const email = contact.email ? normaliseEmail(contact.email) : undefined;
    const phone = contact.phone ? normalisePhone(contact.phone) : undefined;
    for (const [kind, value] of [
      ['email', email],
      ['phone', phone],
    ] as const) {
      if (!value) continue;
      const hit = await repo.findClientIdByIdentity(tx.db, tx.workspaceId, kind, value);
      if (hit) return { client: await getClient(tx, hit.client_id), created: false };
    }
    const name = contact.name?.trim() || email?.split('@')[0] || phone || 'Unknown';
    const client = await repo.insertClient(tx.db, tx.workspaceId, {
      name,
      language: contact.language ?? null,
    });
    if (email) await repo.insertIdentity(tx.db, tx.workspaceId, client.id, 'email', email);
    if (phone) await repo.insertIdentity(tx.db, tx.workspaceId, client.id, 'phone', phone);
    await recordEvent(tx, {
      type: 'client.created',
      clientId: client.id,
      data: { after: { name, email, phone } },
    });
    return { client, created: true };
  });
}
