/**
 * The rows a multi-row INSERT ... VALUES returned, in the order of its VALUES. An
 * identity column takes its values from its sequence row after row, and a sequence
 * only grows, so the ids sorted numerically follow the VALUES; RETURNING's own order
 * is not promised by PostgreSQL, so callers that pair rows with their inputs sort.
 */
export function inInsertOrder<T extends { id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => {
    const x = BigInt(a.id);
    const y = BigInt(b.id);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
