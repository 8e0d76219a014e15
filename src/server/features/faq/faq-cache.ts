// A few seconds' memory of the FAQ's rendered pages, per process. A public
// page shows no reader's data, so a page read many times a second (a popular
// article, a crawler's visit) is read from the database and rendered once per
// few seconds, not once per request. Browsers already keep a page for a
// minute (Cache-Control), so these seconds add no staleness a reader could
// tell; several processes each keep their own.

export interface CachedPage {
  body: string;
  type: string;
  etag: string;
  lastModified?: string;
  cacheControl: string;
}

export interface PageCacheOptions {
  /** How long a page is served from memory; 0 turns the cache off. */
  ttlMs: number;
  /** At most this many pages (the least recently read go first). */
  maxEntries: number;
  /** The clock (the app's, so tests can move it). */
  now: () => Date;
}

export const DEFAULT_PAGE_CACHE: Omit<PageCacheOptions, 'now'> = {
  ttlMs: 5_000,
  maxEntries: 2_000,
};

/** A least-recently-read map of pages with an expiry each. */
export class PageCache {
  // A Map iterates in insertion order: re-inserting on each read keeps the oldest first.
  private readonly entries = new Map<string, CachedPage & { expiresAt: number }>();

  constructor(private readonly options: PageCacheOptions) {}

  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.options.now().getTime()) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, page: CachedPage) {
    if (this.options.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, {
      ...page,
      expiresAt: this.options.now().getTime() + this.options.ttlMs,
    });
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  get size() {
    return this.entries.size;
  }
}
