import { describe, expect, it } from 'vitest';
import { createGroupCommitter, GroupPartlyStored, ItemFailure } from './group-commit.ts';

// The committer's own rules, with commits that the test releases by hand: who goes
// alone, who is grouped, and who gets which answer when a group fails.
function harness(options: { inFlight?: number; maxItems?: number } = {}) {
  const commits: { items: string[]; release: () => void; fail: (e: Error) => void }[] = [];
  const committer = createGroupCommitter<string, string>({
    ...options,
    commitMany: (items) =>
      new Promise((resolve, reject) => {
        commits.push({
          items,
          release: () => {
            const bad = items.find((i) => i.startsWith('bad'));
            if (bad) reject(new Error(`group refused ${bad}`));
            else resolve(items.map((i) => `stored ${i} with ${items.length - 1} others`));
          },
          fail: reject,
        });
      }),
    commitOne: (item) =>
      new Promise((resolve, reject) => {
        commits.push({
          items: [item],
          release: () =>
            item.startsWith('bad')
              ? reject(new Error(`refused ${item}`))
              : resolve(`stored ${item}`),
          fail: reject,
        });
      }),
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { committer, commits, settle };
}

describe('group commit', () => {
  it('stores a caller alone at once when nothing else is committing', async () => {
    const { committer, commits } = harness();
    const a = committer.commit('w1', 'a');
    expect(commits.map((c) => c.items)).toEqual([['a']]);
    commits[0]!.release();
    expect(await a).toBe('stored a');
  });

  it('groups the callers that come while the in-flight commits run, each getting its own answer', async () => {
    const { committer, commits, settle } = harness({ inFlight: 2 });
    const answers = ['a', 'b', 'c', 'd', 'e'].map((x) => committer.commit('w1', x));
    // a and b go at once; c, d and e wait for one of them.
    expect(commits.map((c) => c.items)).toEqual([['a'], ['b']]);
    commits[0]!.release();
    await settle();
    expect(commits.map((c) => c.items)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    commits[1]!.release();
    commits[2]!.release();
    expect(await Promise.all(answers)).toEqual([
      'stored a',
      'stored b',
      'stored c with 2 others',
      'stored d with 2 others',
      'stored e with 2 others',
    ]);
    expect(committer.inFlight).toBe(0);
  });

  it('keeps keys apart: another workspace does not wait for this one', () => {
    const { committer, commits } = harness({ inFlight: 1 });
    void committer.commit('w1', 'a');
    void committer.commit('w1', 'b');
    void committer.commit('w2', 'x');
    expect(commits.map((c) => c.items)).toEqual([['a'], ['x']]);
  });

  it('caps a group at maxItems', async () => {
    const { committer, commits, settle } = harness({ inFlight: 1, maxItems: 2 });
    const answers = ['a', 'b', 'c', 'd'].map((x) => committer.commit('w1', x));
    commits[0]!.release();
    await settle();
    expect(commits.map((c) => c.items)).toEqual([['a'], ['b', 'c']]);
    commits[1]!.release();
    await settle();
    expect(commits.map((c) => c.items)).toEqual([['a'], ['b', 'c'], ['d']]);
    commits[2]!.release();
    expect(await Promise.all(answers)).toHaveLength(4);
  });

  it('caps a group by the sizes of its items, an item over a cap going alone', async () => {
    const commits: string[][] = [];
    const committer = createGroupCommitter<string, string>({
      inFlight: 1,
      // Each item's size is its length; a group holds at most 4 characters.
      limits: [{ sizeOf: (item) => item.length, max: 4 }],
      commitMany: async (items) => {
        commits.push(items);
        return items;
      },
      commitOne: async (item) => {
        commits.push([item]);
        return item;
      },
    });
    const answers = ['a', 'bb', 'cc', 'd', 'eeeeee', 'f'].map((x) => committer.commit('w', x));
    expect(await Promise.all(answers)).toEqual(['a', 'bb', 'cc', 'd', 'eeeeee', 'f']);
    expect(commits).toEqual([['a'], ['bb', 'cc'], ['d'], ['eeeeee'], ['f']]);
  });

  it('stores a failed group again one by one: one bad item fails alone', async () => {
    const { committer, commits, settle } = harness({ inFlight: 1 });
    const answers = ['a', 'b', 'bad-c', 'd'].map((x) =>
      committer.commit('w1', x).then(
        (r) => r,
        (e: Error) => `error: ${e.message}`,
      ),
    );
    commits[0]!.release();
    await settle();
    expect(commits[1]!.items).toEqual(['b', 'bad-c', 'd']);
    commits[1]!.release();
    // The group failed: b, bad-c and d are stored one after the other.
    for (let i = 2; i < 5; i++) {
      await settle();
      expect(commits[i]!.items).toHaveLength(1);
      commits[i]!.release();
    }
    expect(await Promise.all(answers)).toEqual([
      'stored a',
      'stored b',
      'error: refused bad-c',
      'stored d',
    ]);
  });

  it('settles each item as a group that stored part of itself says, storing nothing again', async () => {
    let alone = 0;
    const committer = createGroupCommitter<string, string>({
      inFlight: 1,
      commitMany: (items) =>
        Promise.reject(
          new GroupPartlyStored(
            items.map((i) => (i === 'x' ? new ItemFailure(new Error('x refused')) : `kept ${i}`)),
          ),
        ),
      commitOne: async (item) => {
        alone++;
        return `alone ${item}`;
      },
    });
    const answers = ['a', 'b', 'x', 'c'].map((i) =>
      committer.commit('w', i).catch((e: Error) => e.message),
    );
    expect(await Promise.all(answers)).toEqual(['alone a', 'kept b', 'x refused', 'kept c']);
    expect(alone).toBe(1);
  });
});
