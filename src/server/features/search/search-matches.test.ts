import { describe, expect, it } from 'vitest';
import { MATCH_CAP, WINDOW_GROWTH, findNewestMatches } from './search-matches.repo.ts';
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
    // indexes or over whole ranges; the last goes down to the first id.
    for (let k = 1; k < windows.length; k++) expect(windows[k]!.atMost).toBe(windows[k - 1]!.above);
    for (const w of windows) {
      if (w.above < rangeFloor(w.atMost, RANGE))
        expect([w.above % RANGE, w.atMost % RANGE]).toEqual([0, 0]);
    }
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
    // 250 matches in the first 50,000 ids: the next window should hold the 250 missing twice over.
    const { match, windows } = over(range(1, 3_000_000, 200));
    await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(windows[1]).toEqual({ above: 2_950_000 - 100_000, atMost: 2_950_000 });
    expect(windows).toHaveLength(2);
  });

  it('with a filter, grows a window at most eightfold the ids asked before it', async () => {
    // 50 matches in the first 50,000 ids would ask 900,000 more for the 450 missing;
    // the matches may be commoner further down (a status filter's share changes with
    // age), so 400,000 are asked, then what the rate of the 450,000 asks for.
    const { match, windows } = over(range(1, 3_000_000, 1000));
    await findNewestMatches(3_000_000, match, undefined, RANGE, WINDOW_GROWTH);
    expect(windows).toEqual([
      { above: 2_950_000, atMost: 3_000_000 },
      { above: 2_550_000, atMost: 2_950_000 },
      { above: 2_450_000, atMost: 2_550_000 },
    ]);
  });

  it('with a filter, grows a window eightfold when the matches turn out commoner further down', async () => {
    // One match in the newest 50,000 ids, one in 20 below them: the rate of the
    // first window would ask for the whole range, 50,000 matches for 500.
    const matching = [2_990_000, ...range(1, 2_950_000, 20)];
    const { match, windows } = over(matching);
    const found = await findNewestMatches(3_000_000, match, undefined, RANGE, WINDOW_GROWTH);
    expect(found).toHaveLength(MATCH_CAP);
    expect(windows).toEqual([
      { above: 2_950_000, atMost: 3_000_000 },
      { above: 2_550_000, atMost: 2_950_000 },
    ]);
  });

  it('asks for a small window after one that held most of what is needed', async () => {
    // 400 matches in the first 50,000 ids: the 100 missing are in the next 25,000 or so.
    const { match, windows } = over(range(1, 3_000_000, 125));
    await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(windows[1]).toEqual({ above: 2_950_000 - 25_000, atMost: 2_950_000 });
    expect(windows).toHaveLength(2);
  });

  it('asks for the rest of the range after an empty window, then every range below at once', async () => {
    const { match, windows } = over(range(1, 1_000_000, 5));
    await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(windows).toEqual([
      { above: 2_950_000, atMost: 3_000_000 },
      { above: 2_000_000, atMost: 2_950_000 },
      { above: 0, atMost: 2_000_000 },
    ]);
  });

  it('asks the whole ranges below that the rate of a range asks for, in one window', async () => {
    // One match in 4,000 ids: 250 a range. After the newest range, the 250 missing
    // are asked twice over: the two ranges below, in one window.
    const { match, windows } = over(range(1, 5_000_000, 4_000));
    await findNewestMatches(5_000_000, match, undefined, RANGE);
    expect(windows).toEqual([
      { above: 4_950_000, atMost: 5_000_000 },
      { above: 4_000_000, atMost: 4_950_000 },
      { above: 2_000_000, atMost: 4_000_000 },
    ]);
  });

  it('asks at most 64 whole ranges in one window', async () => {
    // Ranges of 1,000 ids: a word in one old row is looked for over 200 ranges.
    const { match, windows } = over([5]);
    expect(await findNewestMatches(200_000, match, 500, 1_000)).toEqual(['5']);
    expect(windows.map((w) => [w.above, w.atMost])).toEqual([
      [199_500, 200_000],
      [199_000, 199_500],
      [135_000, 199_000],
      [71_000, 135_000],
      [7_000, 71_000],
      [0, 7_000],
    ]);
  });

  it('asks one range at a time until a range’s worth of ids was asked', async () => {
    // The newest range holds only the first window (50,000 ids), none holding the
    // words: too few ids to ask every range below on their rate.
    const { match, windows } = over(range(1, 1_000_000, 5));
    await findNewestMatches(2_050_000, match, undefined, RANGE);
    expect(windows).toEqual([
      { above: 2_000_000, atMost: 2_050_000 },
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

  it('without a filter, asks the rest of the range when the words are rare', async () => {
    // One match in the first 50,000 ids: the rest of the range at once, checked on the
    // rows found only (a capped window short of the floor would scan the primary key).
    const { match, windows } = over([2_990_000, 2_100_000, 1_500_000]);
    await findNewestMatches(3_000_000, match, undefined, RANGE);
    expect(windows).toEqual([
      { above: 2_950_000, atMost: 3_000_000 },
      { above: 2_000_000, atMost: 2_950_000 },
      { above: 0, atMost: 2_000_000 },
    ]);
  });

  it('asks the rest of the first window in the next range when the newest one was short of it', async () => {
    // The newest range holds 5,000 ids, none holding the words (one long thread):
    // too few to call the words rare and ask for all of the next range.
    const { match, windows } = over(range(1, 1_000_000, 20));
    await findNewestMatches(1_005_000, match, undefined, RANGE);
    expect(windows).toEqual([
      { above: 1_000_000, atMost: 1_005_000 },
      { above: 955_000, atMost: 1_000_000 },
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
