import type { Transaction } from 'kysely';
import { withTransaction, type Ctx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound, type FieldErrors } from '../../errors.ts';
import { encodeCursor } from '../../pagination.ts';
import { isTimeZone } from '../../../shared/time-zone.ts';
import type {
  ClientListQuery,
  NewClientBody,
  PatchClientBody,
} from '../../../shared/api/clients.ts';
import { recordEvent, recordEvents } from '../events/event.service.ts';
import { recordPolicyInputsForSla } from '../sla/sla.service.ts';
import { listFieldDefinitionsForCheck } from './client-field.service.ts';
import { rankCandidates, readSearchQuery } from './client-search.ts';
import { searchClientCandidates } from './client-search.repo.ts';
import { applyCustomFields } from './custom-fields.ts';
import { cursorId, type ClientView } from './client.presenter.ts';
import { canClient, type ClientAction } from './client.policy.ts';
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

/** True when a normalised phone number has a plausible number of digits (E.164 allows at most 15). */
export function isPhoneNumber(normalised: string): boolean {
  const digits = normalised.replace(/^\+/, '');
  return /^\d{5,15}$/.test(digits);
}

/** Refuses the action unless the actor may do it with clients. */
export function assertCanClient(ctx: Ctx, action: ClientAction) {
  if (!canClient(ctx.actor, action)) {
    throw forbidden(
      action === 'delete' || action === 'merge'
        ? `only a supervisor or an admin can ${action} clients`
        : undefined,
    );
  }
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
  /** A web chat visitor id (from its signed visitor token), looked up after email and phone. */
  chat?: string;
  language?: string;
}

/** The identity findOrCreateClient looks a contact up by first: its email, else its phone. */
export function contactIdentity(
  contact: ClientContact,
): { kind: 'email' | 'phone' | 'chat'; value: string } | undefined {
  if (contact.email) return { kind: 'email', value: normaliseEmail(contact.email) };
  if (contact.phone) return { kind: 'phone', value: normalisePhone(contact.phone) };
  if (contact.chat) return { kind: 'chat', value: contact.chat };
  return undefined;
}

/**
 * The client with this email (first) or phone, created when none has it: how an
 * inbound message finds its sender. Runs in the caller's transaction. With
 * lock, a client found is locked for the rest of it (a new one is invisible to
 * others until the commit anyway).
 */
export async function findOrCreateClient(
  ctx: Ctx,
  contact: ClientContact,
  options: { lock?: boolean } = {},
) {
  return withTransaction(ctx, async (tx) => {
    const email = contact.email ? normaliseEmail(contact.email) : undefined;
    const phone = contact.phone ? normalisePhone(contact.phone) : undefined;
    for (const [kind, value] of [
      ['email', email],
      ['phone', phone],
      ['chat', contact.chat],
    ] as const) {
      if (!value) continue;
      const hit = await repo.findClientByIdentity(
        tx.db,
        tx.workspaceId,
        kind,
        value,
        !!options.lock,
      );
      if (hit?.deleted_at) throw notFound('client');
      if (hit) return { client: hit, created: false };
    }
    const name =
      contact.name?.trim() ||
      email?.split('@')[0] ||
      phone ||
      (contact.chat ? 'Visitor' : 'Unknown');
    const client = await repo.insertClient(tx.db, tx.workspaceId, {
      name,
      language: contact.language ?? null,
    });
    if (email) await repo.insertIdentity(tx.db, tx.workspaceId, client.id, 'email', email);
    if (phone) await repo.insertIdentity(tx.db, tx.workspaceId, client.id, 'phone', phone);
    if (contact.chat)
      await repo.insertIdentity(tx.db, tx.workspaceId, client.id, 'chat', contact.chat);
    await recordEvent(tx, {
      type: 'client.created',
      clientId: client.id,
      data: { after: { name, email, phone } },
    });
    return { client, created: true };
  });
}

/** A sender known by one identity: an email, a phone number or a chat visitor id. */
export interface IdentityContact {
  email?: string;
  phone?: string;
  chat?: string;
  name?: string;
  language?: string;
}

/**
 * The key findOrCreateClientsByIdentity gives a contact's client under: its identity
 * (email, else phone, else chat visitor id) as findOrCreateClient looks it up.
 */
export function identityKeyOf(contact: IdentityContact): string {
  const identity = contactIdentity(contact);
  if (!identity) throw invalid({ contact: 'give an email, a phone or a chat visitor id' });
  return `${identity.kind}:${identity.value}`;
}

/**
 * findOrCreateClient for several senders known by one identity each (a batch of inbound
 * messages), in the caller's transaction: the known ones are found and locked in one
 * statement per kind of identity, the others created with their identity and
 * client.created event in three, whatever their number. Keyed by identityKeyOf; the
 * first contact with an identity names its client. A sender whose client was deleted
 * is refused (not_found), as findOrCreateClient does.
 */
export async function findOrCreateClientsByIdentity(
  ctx: Ctx,
  contacts: IdentityContact[],
): Promise<Map<string, { client: repo.ClientRow; created: boolean }>> {
  const wanted = new Map<
    string,
    { kind: 'email' | 'phone' | 'chat'; value: string; contact: IdentityContact }
  >();
  for (const c of contacts) {
    const identity = contactIdentity(c);
    if (!identity) throw invalid({ contact: 'give an email, a phone or a chat visitor id' });
    const key = `${identity.kind}:${identity.value}`;
    if (!wanted.has(key)) wanted.set(key, { ...identity, contact: c });
  }
  const out = new Map<string, { client: repo.ClientRow; created: boolean }>();
  for (const kind of ['email', 'phone', 'chat'] as const) {
    const values = [...wanted.values()].filter((w) => w.kind === kind).map((w) => w.value);
    const found = await repo.listClientsByIdentities(ctx.db, ctx.workspaceId, kind, values, true);
    for (const { identity_value, ...client } of found) {
      if (client.deleted_at) throw notFound('client');
      out.set(`${kind}:${identity_value}`, { client, created: false });
    }
  }
  const missing = [...wanted].filter(([key]) => !out.has(key));
  if (missing.length === 0) return out;
  // Named as findOrCreateClient names them.
  const values = missing.map(([, w]) => ({
    name:
      w.contact.name?.trim() ||
      (w.kind === 'email' ? w.value.split('@')[0] : w.kind === 'phone' ? w.value : 'Visitor') ||
      'Unknown',
    language: w.contact.language ?? null,
  }));
  const created = await repo.insertClients(ctx.db, ctx.workspaceId, values);
  await repo.insertIdentities(
    ctx.db,
    ctx.workspaceId,
    missing.map(([, w], i) => ({ clientId: created[i]!.id, kind: w.kind, value: w.value })),
  );
  await recordEvents(
    ctx,
    missing.map(([, w], i) => ({
      type: 'client.created',
      clientId: created[i]!.id,
      data: {
        after: {
          name: values[i]!.name,
          ...(w.kind === 'email' ? { email: w.value } : {}),
          ...(w.kind === 'phone' ? { phone: w.value } : {}),
        },
      },
    })),
  );
  missing.forEach(([key], i) => out.set(key, { client: created[i]!, created: true }));
  return out;
}

/** Loads what the API shape of these clients needs, in two queries whatever their number. */
export async function viewClients(ctx: Ctx, clients: repo.ClientRow[]): Promise<ClientView[]> {
  const ids = clients.map((c) => c.id);
  const companyIds = [...new Set(clients.flatMap((c) => (c.company_id ? [c.company_id] : [])))];
  const [identities, companies] = await Promise.all([
    repo.listIdentitiesOf(ctx.db, ctx.workspaceId, ids),
    repo.listClientNames(ctx.db, ctx.workspaceId, companyIds),
  ]);
  const companyById = new Map(companies.map((c) => [c.id, c]));
  return clients.map((client) => {
    const company = client.company_id ? companyById.get(client.company_id) : undefined;
    return {
      client,
      identities: identities.filter((i) => i.client_id === client.id),
      company: company ? { id: company.id, name: company.name } : null,
    };
  });
}

/** One client as the API shows it. */
export async function viewClient(ctx: Ctx, clientId: string): Promise<ClientView> {
  assertCanClient(ctx, 'read');
  const [view] = await viewClients(ctx, [await getClient(ctx, clientId)]);
  return view!;
}

/** Checks that companyId names a live company of the workspace (never another workspace's). */
async function checkCompany(ctx: Ctx, companyId: string, clientId?: string) {
  if (companyId === clientId) throw invalid({ company_id: 'must not be the client itself' });
  const company = await repo.findClient(ctx.db, ctx.workspaceId, companyId);
  if (!company || company.kind !== 'company')
    throw invalid({ company_id: 'must be a company of this workspace' });
}

function normaliseIdentities(emails: string[], phones: string[]) {
  const fields: FieldErrors = {};
  const wanted: { kind: 'email' | 'phone'; value: string; field: string }[] = [];
  const seen = new Set<string>();
  const add = (kind: 'email' | 'phone', value: string, field: string) => {
    if (seen.has(`${kind}:${value}`)) return;
    seen.add(`${kind}:${value}`);
    wanted.push({ kind, value, field });
  };
  emails.forEach((e, i) => add('email', normaliseEmail(e), `emails.${i}`));
  phones.forEach((p, i) => {
    const value = normalisePhone(p);
    if (!isPhoneNumber(value)) fields[`phones.${i}`] = 'must be a phone number of 5 to 15 digits';
    else add('phone', value, `phones.${i}`);
  });
  return { wanted, fields };
}

/** Refuses identities another client already has, naming the field. */
async function assertIdentitiesFree(
  ctx: Ctx,
  wanted: { kind: 'email' | 'phone'; value: string; field: string }[],
) {
  const taken = await repo.listTakenIdentities(ctx.db, ctx.workspaceId, wanted);
  if (taken.length === 0) return;
  const fields: FieldErrors = {};
  for (const t of taken) {
    const w = wanted.find((x) => x.kind === t.kind && x.value === t.value)!;
    fields[w.field] = `${t.value} already belongs to client ${t.client_id}`;
  }
  throw conflict(
    `${taken.map((t) => t.value).join(', ')} already belongs to another client`,
    fields,
  );
}

/** Runs fn; a unique-index refusal on identities (a concurrent insert) becomes a 409. */
export async function guardIdentities<T>(field: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (repo.isIdentityTaken(err))
      throw conflict('the identity already belongs to another client', {
        [field]: 'already belongs to another client',
      });
    throw err;
  }
}

/** Creates a person or company with its emails and phones, all or nothing. */
export async function createClient(ctx: Ctx, input: NewClientBody): Promise<ClientView> {
  assertCanClient(ctx, 'create');
  const { wanted, fields } = normaliseIdentities(input.emails, input.phones);
  if (input.time_zone && !isTimeZone(input.time_zone))
    fields.time_zone = 'must be an IANA time zone such as Europe/Budapest';
  if (input.kind === 'company' && input.company_id)
    fields.company_id = 'a company cannot belong to a company';
  const definitions = await listFieldDefinitionsForCheck(ctx);
  const custom = applyCustomFields(definitions, {}, input.custom_fields ?? {});
  Object.assign(fields, custom.errors);
  if (Object.keys(fields).length) throw invalid(fields);
  return withTransaction(ctx, async (tx) => {
    if (input.company_id) await checkCompany(tx, input.company_id);
    await assertIdentitiesFree(tx, wanted);
    const client = await repo.insertClient(tx.db, tx.workspaceId, {
      name: input.name,
      kind: input.kind,
      company_id: input.company_id ?? null,
      language: input.language ?? null,
      time_zone: input.time_zone ?? null,
      tier: input.tier,
      is_vip: input.is_vip,
      tags: [...new Set(input.tags ?? [])],
      custom_fields: custom.values,
    });
    await guardIdentities(wanted[0]?.field ?? 'emails', async () => {
      for (const w of wanted)
        await repo.insertIdentity(tx.db, tx.workspaceId, client.id, w.kind, w.value);
    });
    const [view] = await viewClients(tx, [client]);
    await recordEvent(tx, {
      type: 'client.created',
      clientId: client.id,
      data: { after: snapshot(view!) },
    });
    return view!;
  });
}

/** What an event records of a client: its fields and identities, without timestamps. */
function snapshot(v: ClientView) {
  const c = v.client;
  return {
    name: c.name,
    kind: c.kind,
    company_id: c.company_id,
    language: c.language,
    time_zone: c.time_zone,
    tier: c.tier,
    is_vip: c.is_vip,
    tags: c.tags,
    custom_fields: c.custom_fields,
    emails: v.identities.filter((i) => i.kind === 'email').map((i) => i.value),
    phones: v.identities.filter((i) => i.kind === 'phone').map((i) => i.value),
  };
}

/** A page of clients, newest first; with q, one page of the best matches (next_cursor null). */
export async function listClients(
  ctx: Ctx,
  query: ClientListQuery,
): Promise<{ items: ClientView[]; next_cursor: string | null }> {
  assertCanClient(ctx, 'read');
  const filters: repo.ClientFilters = {
    tag: query.tag,
    vip: query.vip,
    tier: query.tier,
    companyId: query.company_id,
    kind: query.kind,
  };
  if (query.q)
    return { items: await searchClients(ctx, query.q, filters, query.limit), next_cursor: null };
  const beforeId = query.cursor ? cursorId(query.cursor) : undefined;
  const rows = await repo.listClients(ctx.db, ctx.workspaceId, filters, query.limit, beforeId);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  return {
    items: await viewClients(ctx, page),
    next_cursor: more ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

/**
 * Typo-tolerant search by name, email or phone: the trigram indexes find up to
 * SEARCH_CANDIDATES candidates, an edit distance ranks them, the best `limit` return.
 */
async function searchClients(ctx: Ctx, q: string, filters: repo.ClientFilters, limit: number) {
  const terms = readSearchQuery(q);
  const candidates = await withTransaction(ctx, (tx) =>
    searchClientCandidates(tx.db as Transaction<DB>, tx.workspaceId, terms, filters, limit),
  );
  // Ranked on what the candidates were found by; only the page is loaded in full.
  const ranked = rankCandidates(
    q,
    terms,
    candidates.map((c) => ({
      id: c.id,
      name: c.name,
      score: c.score,
      identities: c.matched ? [c.matched] : [],
      row: c,
    })),
  );
  return viewClients(
    ctx,
    ranked.slice(0, limit).map((r) => r.row),
  );
}

/** Changes a client's fields; custom fields merge (null removes one). Records before/after. */
export async function updateClient(
  ctx: Ctx,
  clientId: string,
  patch: PatchClientBody,
): Promise<ClientView> {
  assertCanClient(ctx, 'update');
  return withTransaction(ctx, async (tx) => {
    const before = await repo.findClientForUpdate(tx.db, tx.workspaceId, clientId);
    if (!before || before.deleted_at) throw notFound('client');
    const fields: FieldErrors = {};
    if (patch.time_zone && !isTimeZone(patch.time_zone))
      fields.time_zone = 'must be an IANA time zone such as Europe/Budapest';
    const kind = patch.kind ?? before.kind;
    const companyId = patch.company_id === undefined ? before.company_id : patch.company_id;
    if (kind === 'company' && companyId) fields.company_id = 'a company cannot belong to a company';
    let customFields: Record<string, unknown> | undefined;
    if (patch.custom_fields) {
      const definitions = await listFieldDefinitionsForCheck(tx);
      const custom = applyCustomFields(definitions, before.custom_fields, patch.custom_fields);
      Object.assign(fields, custom.errors);
      customFields = custom.values;
    }
    if (Object.keys(fields).length) throw invalid(fields);
    if (patch.company_id && patch.company_id !== before.company_id)
      await checkCompany(tx, patch.company_id, clientId);
    if (before.kind === 'company' && kind === 'person') {
      const members = await repo.countCompanyMembers(tx.db, tx.workspaceId, clientId);
      if (members > 0)
        throw conflict(`the company still has ${members} people`, {
          kind: `the company still has ${members} people; move them first`,
        });
    }
    const { custom_fields: _ignored, tags, ...rest } = patch;
    const after = await repo.updateClient(tx.db, tx.workspaceId, clientId, {
      ...rest,
      ...(tags ? { tags: [...new Set(tags)] } : {}),
      ...(customFields ? { custom_fields: customFields } : {}),
      updated_at: tx.now(),
    });
    const changed = Object.keys(patch) as (keyof PatchClientBody)[];
    await recordEvent(tx, {
      type: 'client.updated',
      clientId,
      data: {
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
    });
    if (before.tier !== after.tier || before.is_vip !== after.is_vip)
      await refreshSla(tx, clientId);
    const [view] = await viewClients(tx, [after]);
    return view!;
  });
}

/** The SLA policy of a conversation depends on its client's tier and VIP flag. */
export async function refreshSla(ctx: Ctx, clientId: string) {
  for (const id of await repo.listActiveConversationIds(ctx.db, ctx.workspaceId, clientId))
    await recordPolicyInputsForSla(ctx, id);
}

/**
 * Soft-deletes a client: hidden from lists and search, its identities removed
 * so they can be given to another client; its conversations keep pointing at it
 * and the people of a deleted company no longer belong to it.
 */
export async function deleteClient(ctx: Ctx, clientId: string) {
  assertCanClient(ctx, 'delete');
  await withTransaction(ctx, async (tx) => {
    const client = await repo.findClientForUpdate(tx.db, tx.workspaceId, clientId);
    if (!client || client.deleted_at) throw notFound('client');
    const [view] = await viewClients(tx, [client]);
    await repo.deleteIdentitiesOf(tx.db, tx.workspaceId, clientId);
    const detached =
      client.kind === 'company'
        ? await repo.moveCompanyMembers(tx.db, tx.workspaceId, clientId, null)
        : 0;
    await repo.updateClient(tx.db, tx.workspaceId, clientId, {
      deleted_at: tx.now(),
      updated_at: tx.now(),
    });
    await recordEvent(tx, {
      type: 'client.deleted',
      clientId,
      data: { before: snapshot(view!), detached_people: detached },
    });
  });
}
