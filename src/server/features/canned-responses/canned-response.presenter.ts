import type { Selectable } from 'kysely';
import type { Language } from '../../../shared/api/common.ts';
import { findVariables } from '../../../shared/canned/variables.ts';
import type { Actor } from '../../context.ts';
import type { CannedResponsesTable } from '../../db/schema.ts';
import { cannedResponseAbilities } from './canned-response.policy.ts';

export type CannedResponseRow = Selectable<CannedResponsesTable>;

/** A canned response with the variables it uses and what the caller may do with it. */
export function presentCannedResponse(actor: Actor, r: CannedResponseRow) {
  return {
    id: r.id,
    title: r.title,
    shortcut: r.shortcut,
    language: r.language as Language,
    folder: r.folder,
    body: r.body,
    variables: findVariables(r.body),
    usage_count: r.usage_count,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    abilities: cannedResponseAbilities(actor),
  };
}
