import { describe, expect, it } from 'vitest';
import { measure, summarise } from './stats.ts';

describe('benchmark statistics', () => {
  it('computes nearest-rank percentiles and throughput', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1);
    const s = summarise(latencies, 2000);
    expect(s.p50).toBe(50);
    expect(s.p95).toBe(95);
    expect(s.p99).toBe(99);
    expect(s.mean).toBe(50.5);
    expect(s.perSecond).toBe(50);
  });

  it('runs every iteration once across concurrent callers', async () => {
    const seen: number[] = [];
    const s = await measure(async (i) => void (i >= 0 && seen.push(i)), {
      iterations: 40,
      concurrency: 4,
      warmup: 3,
    });
    expect(s.n).toBe(40);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});
