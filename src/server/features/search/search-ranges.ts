// The word indexes of conversations and messages index each word under the
// name of its row's range of ids (0033_search_ranges.sql, ADR 0010), so a
// look-up within one range reads only that range's entries.

/** Ids per range, as the index expressions of 0033 (conversations) and 0038 (messages) divide them. */
export const SEARCH_RANGE_SIZE = { conversations: 250_000, messages: 100_000 } as const;

/** The range of an id: range k holds ids above k × size and up to (k + 1) × size. */
export function rangeOf(id: number, size: number): number {
  return Math.floor((id - 1) / size);
}

/** The lower bound (exclusive) of the range holding `id`. */
export function rangeFloor(id: number, size: number): number {
  return rangeOf(id, size) * size;
}
