import type { Selectable } from 'kysely';
import type { WorkspacesTable } from '../../db/schema.ts';
import type { Language } from '../../../shared/api/common.ts';

export function presentWorkspace(w: Selectable<WorkspacesTable>) {
  return {
    id: w.id,
    name: w.name,
    slug: w.slug,
    time_zone: w.time_zone,
    default_language: w.default_language as Language,
    created_at: w.created_at.toISOString(),
  };
}
