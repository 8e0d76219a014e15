/** True when a statement failed on a unique constraint (SQLSTATE 23505), on PGlite and PostgreSQL alike. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
