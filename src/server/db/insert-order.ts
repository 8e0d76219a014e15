/**
 * The rows a multi-row INSERT ... VALUES returned, in the order of its VALUES. An
 * identity column takes its values from its sequence row after row, and a sequence
 * only grows, so the ids sorted numerically follow the VALUES; RETURNING's own order
 * is not promised by PostgreSQL, so callers that pair rows with their inputs sort.
 */
export function inInsertOrder<T extends { id: string }>(rows: T[]): T[] {
  // Ids are decimal without leading zeros: the shorter is the smaller, else compare as text
  // (no BigInt per comparison).
  return [...rows].sort((a, b) =>
    a.id.length !== b.id.length
      ? a.id.length - b.id.length
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0,
  );
}
