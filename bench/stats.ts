/** Latency figures of one workload, in milliseconds. */
export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  perSecond: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** p50/p95/p99 and mean of latencies, with throughput over the wall time they took. */
export function summarise(latencies: number[], wallMs: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sum / Math.max(1, sorted.length),
    perSecond: (sorted.length / wallMs) * 1000,
  };
}

/**
 * Runs fn `iterations` times with `concurrency` callers after a warm-up, timing each call.
 * fn gets the iteration number so workloads can vary their input.
 */
export async function measure(
  fn: (i: number) => Promise<unknown>,
  options: { iterations: number; concurrency?: number; warmup?: number },
): Promise<Stats> {
  const warmup = options.warmup ?? Math.min(50, Math.ceil(options.iterations / 10));
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.iterations) {
      const i = next++;
      const t0 = performance.now();
      await fn(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return summarise(latencies, performance.now() - started);
}
