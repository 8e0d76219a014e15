import type { Selectable } from 'kysely';
import type { ClientFieldDefinitionsTable } from '../../db/schema.ts';
import type { FieldErrors } from '../../errors.ts';

export type FieldDefinition = Pick<
  Selectable<ClientFieldDefinitionsTable>,
  'key' | 'type' | 'options'
>;
export type CustomFieldInput = Record<string, string | number | null>;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkValue(def: FieldDefinition, value: string | number): string | undefined {
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && value.trim() ? undefined : 'must be a non-empty text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'date':
      return typeof value === 'string' && isIsoDate(value)
        ? undefined
        : 'must be a date written YYYY-MM-DD';
    case 'select':
      return typeof value === 'string' && def.options.includes(value)
        ? undefined
        : `must be one of: ${def.options.join(', ')}`;
  }
}

/**
 * Checks custom field values against the workspace's definitions and merges
 * them into the stored ones (null removes a value). Errors name
 * custom_fields.<key>.
 */
export function applyCustomFields(
  definitions: FieldDefinition[],
  stored: Record<string, unknown>,
  input: CustomFieldInput,
): { values: Record<string, string | number>; errors: FieldErrors } {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const values = { ...stored } as Record<string, string | number>;
  const errors: FieldErrors = {};
  for (const [key, raw] of Object.entries(input)) {
    const def = byKey.get(key);
    if (!def) {
      errors[`custom_fields.${key}`] = 'is not a custom field of this workspace';
      continue;
    }
    if (raw === null) {
      delete values[key];
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : raw;
    const problem = checkValue(def, value);
    if (problem) errors[`custom_fields.${key}`] = problem;
    else values[key] = value;
  }
  return { values, errors };
}
