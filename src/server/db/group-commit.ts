// Group commit for use cases that many callers run at once: while a few transactions
// of a key are committing, the callers that come meanwhile wait, and go together in
// the next transaction. A caller alone (nothing in flight) goes at once, by the
// one-item path: group commit adds no wait when there is nothing to share.

export interface GroupCommitOptions<I, R> {
  /** Transactions of one key at once (default 2); callers beyond wait and are grouped. */
  inFlight?: number;
  /** The most items in one group (default 200). */
  maxItems?: number;
  /**
   * More caps on a group: its items' sizes (rows, bytes…) add up to at most max. An
   * item larger than a cap by itself goes in a group of its own.
   */
  limits?: GroupLimit<I>[];
  /**
   * Stores a group of two or more, all or nothing; resolves with a result per item, in
   * order. One that cannot be all or nothing throws GroupPartlyStored with each item's
   * result or ItemFailure; any other throw means nothing was stored.
   */
  commitMany(items: I[]): Promise<(R | ItemFailure)[]>;
  /** Stores one item alone: a group of one, and each item of a group that failed. */
  commitOne(item: I): Promise<R>;
  /** Told when a group failed and its items go one by one. */
  onGroupFailed?(err: unknown, items: I[]): void;
}

/** A cap on what one group holds, besides its number of items. */
export interface GroupLimit<I> {
  sizeOf(item: I): number;
  max: number;
}

/** An item's own failure in a group's results. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Thrown by a commitMany that stored part of its group and then stored the rest one by
 * one itself: each item's result or ItemFailure (the group is not stored again).
 */
export class GroupPartlyStored<R> extends Error {
  constructor(readonly results: (R | ItemFailure)[]) {
    super('part of the group failed');
  }
}

interface Waiting<I, R> {
  item: I;
  resolve(result: R): void;
  reject(err: unknown): void;
}

export interface GroupCommitter<I, R> {
  /** Stores the item: alone, or with others of its key that wait with it. */
  commit(key: string, item: I): Promise<R>;
  /** Groups being stored now, across keys (for tests and figures). */
  readonly inFlight: number;
}

/**
 * Coalesces concurrent callers' items into shared transactions. Each caller gets its
 * own result or error: a group whose transaction fails is stored again item by item,
 * so one bad item costs the others only time. Items of one key are stored in the order
 * they came within a group; groups of one key may run concurrently (up to inFlight).
 */
export function createGroupCommitter<I, R>(
  options: GroupCommitOptions<I, R>,
): GroupCommitter<I, R> {
  const limit = Math.max(1, options.inFlight ?? 2);
  const maxItems = Math.max(1, options.maxItems ?? 200);
  const limits = options.limits ?? [];
  const queues = new Map<string, { waiting: Waiting<I, R>[]; running: number }>();
  let inFlight = 0;

  const storeAlone = async (w: Waiting<I, R>) => {
    try {
      w.resolve(await options.commitOne(w.item));
    } catch (err) {
      w.reject(err);
    }
  };

  const storeGroup = async (group: Waiting<I, R>[]) => {
    if (group.length === 1) return storeAlone(group[0]!);
    let results: (R | ItemFailure)[];
    try {
      results = await options.commitMany(group.map((w) => w.item));
    } catch (err) {
      if (err instanceof GroupPartlyStored) {
        results = err.results as (R | ItemFailure)[];
      } else {
        options.onGroupFailed?.(
          err,
          group.map((w) => w.item),
        );
        for (const w of group) await storeAlone(w);
        return;
      }
    }
    group.forEach((w, i) => {
      const r = results[i]!;
      if (r instanceof ItemFailure) w.reject(r.error);
      else w.resolve(r);
    });
  };

  // The next group from the head of the queue: as many as the caps allow, at least one.
  const takeGroup = (waiting: Waiting<I, R>[]) => {
    if (limits.length === 0) return waiting.splice(0, maxItems);
    let used = limits.map(() => 0);
    let n = 0;
    while (n < waiting.length && n < maxItems) {
      const item = waiting[n]!.item;
      const next = limits.map((l, i) => used[i]! + l.sizeOf(item));
      if (n > 0 && limits.some((l, i) => next[i]! > l.max)) break;
      used = next;
      n++;
    }
    return waiting.splice(0, n);
  };

  const drain = async (key: string) => {
    const q = queues.get(key)!;
    q.running++;
    inFlight++;
    try {
      while (q.waiting.length) await storeGroup(takeGroup(q.waiting));
    } finally {
      q.running--;
      inFlight--;
      if (q.running === 0 && q.waiting.length === 0) queues.delete(key);
    }
  };

  return {
    commit(key, item) {
      return new Promise<R>((resolve, reject) => {
        let q = queues.get(key);
        if (!q) queues.set(key, (q = { waiting: [], running: 0 }));
        q.waiting.push({ item, resolve, reject });
        if (q.running < limit) void drain(key);
      });
    },
    get inFlight() {
      return inFlight;
    },
  };
}
