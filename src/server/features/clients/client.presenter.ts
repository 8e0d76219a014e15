import type { Selectable } from 'kysely';
import type { Actor } from '../../context.ts';
import type {
  ClientFieldDefinitionsTable,
  ClientIdentitiesTable,
  EventsTable,
} from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import type { Language } from '../../../shared/api/common.ts';
import type { ClientRow } from './client.repo.ts';
import { clientAbilities } from './client.policy.ts';

export type IdentityRow = Selectable<ClientIdentitiesTable>;

/** A client with what its API shape needs besides its own row. */
export interface ClientView {
  client: ClientRow;
  identities: IdentityRow[];
  company: { id: string; name: string } | null;
}

/** The API shape of a client, with what the caller may do with it. */
export function presentClient(actor: Actor, v: ClientView) {
  const c = v.client;
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    company: v.company,
    language: (c.language as Language | null) ?? null,
    time_zone: c.time_zone,
    tier: c.tier,
    is_vip: c.is_vip,
    tags: c.tags,
    custom_fields: c.custom_fields as Record<string, string | number>,
    emails: v.identities.filter((i) => i.kind === 'email').map((i) => i.value),
    phones: v.identities.filter((i) => i.kind === 'phone').map((i) => i.value),
    identities: v.identities.map((i) => ({
      id: i.id,
      kind: i.kind,
      value: i.value,
      created_at: i.created_at.toISOString(),
    })),
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
    abilities: clientAbilities(actor),
  };
}

export interface NoteRow {
  id: string;
  client_id: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  created_at: Date;
}

export function presentNote(n: NoteRow) {
  return {
    id: n.id,
    client_id: n.client_id,
    author: n.author_id ? { id: n.author_id, name: n.author_name ?? '' } : null,
    body: n.body,
    created_at: n.created_at.toISOString(),
  };
}

/** A timeline event with the name of the user who acted (looked up by the caller). */
export function presentEvent(e: Selectable<EventsTable> & { actor_name: string | null }) {
  return {
    id: e.id,
    type: e.type,
    actor_kind: e.actor_kind,
    actor_user_id: e.actor_user_id,
    actor_name: e.actor_name,
    conversation_id: e.conversation_id,
    client_id: e.client_id,
    data: e.data,
    created_at: e.created_at.toISOString(),
  };
}

export function presentClientField(d: Selectable<ClientFieldDefinitionsTable>) {
  return {
    id: d.id,
    key: d.key,
    label: d.label,
    type: d.type,
    options: d.options,
    created_at: d.created_at.toISOString(),
  };
}

/** The id inside a cursor made by toPage with [id] keys. */
export function cursorId(cursor: string): string {
  const [id] = decodeCursor(cursor, 1);
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
    throw invalid({ cursor: 'is not a cursor from this list' });
  return id;
}
