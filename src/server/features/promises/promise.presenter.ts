import type { Actor } from '../../context.ts';
import { Language } from '../../../shared/api/common.ts';
import { canPromise } from './promise.policy.ts';
import type { PromiseRow } from './promise.repo.ts';

const ref = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

/** What the actor may do with the promise now, so the UI shows only buttons that work. */
export function promiseAbilities(
  row: { state: string; due_at: Date; agent_id: string; supervised: boolean },
  actor: Actor,
  now: Date,
) {
  const proposed = row.state === 'proposed';
  const open = row.state === 'open';
  return {
    confirm: proposed && canPromise(actor, 'confirm', row),
    dismiss: proposed && canPromise(actor, 'dismiss', row),
    keep: open && canPromise(actor, 'keep', row),
    // A delay is announced before the deadline, never after it.
    delay: open && row.due_at > now && canPromise(actor, 'delay', row),
  };
}

/** The API shape of a promise, with what the actor may do with it. */
export function presentPromise(row: PromiseRow, actor: Actor, now: Date) {
  const language = Language.safeParse(row.client_language);
  return {
    id: row.id,
    conversation: {
      id: row.conversation_id,
      number: row.conversation_number,
      subject: row.conversation_subject,
    },
    client: {
      id: row.client_id,
      name: row.client_name,
      language: language.success ? language.data : ('en' as const),
      time_zone: row.client_time_zone,
    },
    agent: { id: row.agent_id, name: row.agent_name },
    message_id: row.message_id,
    range: { start: row.text_start, end: row.text_end },
    kind: row.kind,
    text: row.text,
    due_at: row.due_at.toISOString(),
    due: { text: row.due_text, basis: row.due_basis },
    state: row.state,
    remind_at: row.remind_at?.toISOString() ?? null,
    reminded_at: row.reminded_at?.toISOString() ?? null,
    confirmed_at: row.confirmed_at?.toISOString() ?? null,
    confirmed_by: ref(row.confirmed_by_id, row.confirmed_by_name),
    settled_at: row.settled_at?.toISOString() ?? null,
    settled_by: ref(row.settled_by_id, row.settled_by_name),
    redates: row.redates,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    abilities: promiseAbilities(row, actor, now),
  };
}
