/** Where the API is: every call's path is under it. */
export const API_BASE = '/api/v1';

/** A query string of the parameters that are set (`?a=1&b=x`), or nothing. */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
