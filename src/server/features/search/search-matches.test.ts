import { describe, expect, it } from 'vitest';
import { MATCH_CAP, findNewestMatches } from './search-matches.repo.ts';
import { rangeFloor } from './search-ranges.ts';

const RANGE = 1_000_000;

/** A window query over a list of matching ids, recording the windows asked for. */
function over(matching: number[]) {
  const sorted = [...matching].sort((a, b) => b - a);
  const windows: { above: number; atMost: number }[] = [];
  const match = async (above: number, atMost: number, limit: number) => {
    windows.push({ above, atMost });
    return sorted
      .filter((id) => id <= atMost && id > above)
      .slice(0, limit)
      .map(String);
  };
  const newest = (n: number) => sorted.slice(0, n).map(String);
  return { match, windows, newest };
}

const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, k) => from + k * step);

describe('the newest matches, window by window', () => {
  it.each([
    ['a word in every row', range(1, 3_000_000)],
    ['a word in one row of 300', range(7, 3_000_000, 300)],
    ['a word in one row of 40,000', range(11, 3_000_000, 40_000)],
    ['a word only in old rows', range(1, 20_000, 3)],
    ['a word only in a band of rows', range(1_200_000, 1_260_000, 7)],
    ['a word in no row', []],
  ])('finds exactly the newest ones: %s', async (_name, matching) => {
    const { match, windows, newest } = over(matching);
    const found = await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(found).toEqual(newest(MATCH_CAP));
    // Each window starts where the one before ended, within one range of the word
    // indexes; the last goes down to the first id.
    for (let k = 1; k < windows.length; k++) expect(windows[k]!.atMost).toBe(windows[k - 1]!.above);
    for (const w of windows) expect(w.above).toBeGreaterThanOrEqual(rangeFloor(w.atMost, RANGE));
    if (found.length < MATCH_CAP) expect(windows.at(-1)!.above).toBe(0);
    // At most the first window and the rest of each of the three ranges.
    expect(windows.length).toBeLessThanOrEqual(4);
  });

  it('asks one window when the newest rows hold enough', async () => {
    const { match, windows } = over(range(1, 3_000_000, 20));
    await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(windows).toEqual([{ above: 2_950_000, atMost: 3_000_000 }]);
  });

  it('sizes the next window by how often the words occurred', async () => {
    // 50 matches in the first 50,000 ids: the next window should hold the 450 missing twice over.
    const { match, windows } = over(range(1, 3_000_000, 1000));
    await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(windows[1]).toEqual({ above: 3_000_000 - 50_000 - 900_000, atMost: 2_950_000 });
    expect(windows).toHaveLength(2);
  });

  it('asks for a small window after one that held most of what is needed', async () => {
    // 400 matches in the first 50,000 ids: the 100 missing are in the next 25,000 or so.
    const { match, windows } = over(range(1, 3_000_000, 125));
    await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(windows[1]).toEqual({ above: 2_950_000 - 25_000, atMost: 2_950_000 });
    expect(windows).toHaveLength(2);
  });

  it('asks for the rest of each range after an empty window', async () => {
    const { match, windows } = over(range(1, 1_000_000, 5));
    await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(windows).toEqual([
      { above: 2_950_000, atMost: 3_000_000 },
      { above: 2_000_000, atMost: 2_950_000 },
      { above: 1_000_000, atMost: 2_000_000 },
      { above: 0, atMost: 1_000_000 },
    ]);
  });

  it('never asks a window across two ranges of the word indexes', async () => {
    // The newest id is 20,000 into its range: the first window stops at the range's start.
    const { match, windows } = over(range(1, 1_020_000, 1000));
    await findNewestMatches(1_020_000, match, undefined, RANGE);
    expect(windows).toEqual([
      { above: 1_000_000, atMost: 1_020_000 },
      { above: 40_000, atMost: 1_000_000 },
    ]);
  });

  it('asks nothing without rows, and the whole range when it is small', async () => {
    const { match, windows } = over([3, 5]);
    expect(await findNewestMatches(null, match)).toEqual([]);
    expect(windows).toEqual([]);
    expect(await findNewestMatches(10, match)).toEqual(['5', '3']);
    expect(windows).toEqual([{ above: 0, atMost: 10 }]);
  });
});
