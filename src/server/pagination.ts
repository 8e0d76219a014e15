import { AppError } from './errors.ts';

/** Opaque keyset cursor: the sort key of the last row of a page, base64url JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor, checking it has the expected number (or one of the numbers) of parts. */
export function decodeCursor(cursor: string, parts: number | readonly number[]): unknown[] {
  const counts: readonly number[] = typeof parts === 'number' ? [parts] : parts;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && counts.includes(key.length)) return key;
  } catch {
    // fall through to the validation error
  }
  throw new AppError('validation_failed', 'invalid cursor', {
    cursor: 'is not a cursor from this list',
  });
}

/** Decodes a (timestamp, bigint id) cursor, checking both parts before they reach SQL. */
export function decodeTimeIdCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2);
  if (
    typeof at !== 'string' ||
    Number.isNaN(Date.parse(at)) ||
    typeof id !== 'string' ||
    !/^\d{1,19}$/.test(id)
  )
    throw new AppError('validation_failed', 'invalid cursor', {
      cursor: 'is not a cursor from this list',
    });
  return [at, id];
}

/** Cuts a page fetched with limit + 1 rows into items and the next cursor. */
export function toPage<T, R>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => unknown[],
  present: (row: T) => R,
): { items: R[]; next_cursor: string | null } {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return {
    items: items.map(present),
    next_cursor: more && last ? encodeCursor(keyOf(last)) : null,
  };
}
