// DATABASE_URL=… npm run bench:search-ab -- --old DIR [--rounds N] [--only REGEX]
//
// The search of this tree against the search of another checkout (--old, e.g.
// a worktree of main) in one process, on the data set bench/search.ts left in
// DATABASE_URL. Each query's first page, and second where there is one, is
// compared item by item (type, id, score) between the two; then each query is
// timed on both in turn, which first alternating, so the load of a shared
// machine falls on both alike. Compare the ratios, not absolute figures. The
// service is called directly: no HTTP, so a little less than bench/search.ts.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Ctx } from '../src/server/context.ts';
import { openServer } from '../src/server/db/database.ts';
import { search as searchThis } from '../src/server/features/search/search.service.ts';
import { CORPUS, LANGUAGES, type BenchLanguage } from './search-corpus.ts';
import { summarise } from './stats.ts';

const { values } = parseArgs({
  options: {
    old: { type: 'string' },
    rounds: { type: 'string', default: '6' },
    only: { type: 'string' },
  },
});
if (!values.old || !process.env.DATABASE_URL) {
  console.error(
    'usage: DATABASE_URL=… npm run bench:search-ab -- --old DIR [--rounds N] [--only REGEX]',
  );
  process.exit(2);
}
type Search = typeof searchThis;
const searchOld = (
  (await import(path.resolve(values.old, 'src/server/features/search/search.service.ts'))) as {
    search: Search;
  }
).search;
const rounds = Number(values.rounds);
const only = values.only ? new RegExp(values.only, 'i') : undefined;

const database = await openServer(process.env.DATABASE_URL, 4);
const q = database.query.bind(database);
const ws = (
  await q<{ id: string }>(
    `select id from workspaces where slug like 'bench-search-%' order by id limit 1`,
  )
).rows[0]?.id;
if (!ws) throw new Error('no data set: run npm run bench:search on this database first');
const agentId = (
  await q<{ id: string }>(
    `select id from users where workspace_id = $1 and role = 'agent' order by id limit 1 offset 4`,
    [ws],
  )
).rows[0]!.id;
const ctx = {
  workspaceId: ws,
  actor: { kind: 'user', userId: agentId, role: 'agent', via: 'token' },
  db: database.db,
  log: console,
  now: () => new Date(),
} as unknown as Ctx;

// The rare word of each language (as bench/search.ts picks it: the product name of a
// sample the fewest messages hold) and a client of each, with an email and a phone.
const rare = new Map<BenchLanguage, string>();
const clients = new Map<BenchLanguage, { name: string; email: string; phone: string }>();
for (const lang of LANGUAGES) {
  const word = await q<{ w: string }>(
    `select w from (select unnest(regexp_split_to_array(body_text, '[^[:alpha:]]+')) w
       from messages where workspace_id = $1 and language is not distinct from $2
       order by id desc limit 2000) s
     where w ~ '^[[:upper:]][[:lower:]]{6,}$' group by w order by count(*), w limit 1`,
    [ws, lang === 'kk' ? 'kk' : lang],
  );
  rare.set(lang, word.rows[0]?.w ?? 'Kalomive');
  const client = await q<{ name: string; email: string; phone: string }>(
    `select c.name, e.value as email, p.value as phone from clients c
     join client_identities e on e.workspace_id = c.workspace_id and e.client_id = c.id and e.kind = 'email'
     join client_identities p on p.workspace_id = c.workspace_id and p.client_id = c.id and p.kind = 'phone'
     where c.workspace_id = $1 and c.language = $2 order by c.id limit 1 offset 500`,
    [ws, lang],
  );
  clients.set(lang, client.rows[0]!);
}

/** A typo: two letters of the middle swapped. */
const typo = (s: string) => {
  const k = Math.floor(s.length / 2);
  return s.slice(0, k - 1) + s[k] + s[k - 1] + s.slice(k + 1);
};
type Input = { q: string; type?: string[]; status?: string[] };
const per = (make: (lang: BenchLanguage) => Input) => LANGUAGES.map(make);
const words = (lang: BenchLanguage) => CORPUS[lang].queries;
const workloads: { name: string; inputs: Input[]; words: boolean; nextPage?: boolean }[] = [
  { name: '1 word, common', inputs: per((l) => ({ q: words(l).common })), words: true },
  {
    name: '1 word, an inflected form',
    inputs: per((l) => ({ q: words(l).inflected })),
    words: true,
  },
  { name: '1 word, rare (a product name)', inputs: per((l) => ({ q: rare.get(l)! })), words: true },
  { name: '2 words', inputs: per((l) => ({ q: words(l).two })), words: true },
  {
    name: '2 words, a rare and a common',
    inputs: per((l) => ({ q: `${rare.get(l)} ${words(l).common}` })),
    words: true,
  },
  { name: '3 words', inputs: per((l) => ({ q: words(l).three })), words: true },
  {
    name: '1 word, common, type=message',
    inputs: per((l) => ({ q: words(l).common, type: ['message'] })),
    words: true,
  },
  {
    name: '2 words, type=conversation',
    inputs: per((l) => ({ q: words(l).two, type: ['conversation'] })),
    words: true,
  },
  {
    name: '1 word, common, status=open',
    inputs: per((l) => ({ q: words(l).common, status: ['open'] })),
    words: true,
  },
  {
    name: '1 word, common, next page',
    inputs: per((l) => ({ q: words(l).common })),
    words: true,
    nextPage: true,
  },
  {
    name: '2 words, next page',
    inputs: per((l) => ({ q: words(l).two })),
    words: true,
    nextPage: true,
  },
  {
    name: 'client name with a typo',
    inputs: per((l) => ({ q: typo(clients.get(l)!.name) })),
    words: false,
  },
  { name: 'email', inputs: per((l) => ({ q: clients.get(l)!.email })), words: false },
  {
    name: 'email with a typo',
    inputs: per((l) => ({
      q: typo(clients.get(l)!.email.split('@')[0]!) + '@' + clients.get(l)!.email.split('@')[1],
    })),
    words: false,
  },
  {
    name: 'phone number, its last 7 digits',
    inputs: per((l) => ({ q: clients.get(l)!.phone.slice(-7) })),
    words: false,
  },
  {
    name: 'a plain word in addresses',
    inputs: ['comanda', 'order', 'pedido', 'gmail', 'yandex', 'com'].map((text) => ({ q: text })),
    words: false,
  },
];

const show = (page: Awaited<ReturnType<Search>>) =>
  page.items.map((it) => `${it.type}:${it.id}:${it.score}`).join(' ') +
  ` next:${Boolean(page.next_cursor)}`;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

console.log(`load average at start ${load()}; ${rounds} rounds of each query on each side`);
console.log(
  '\n| workload | old p50 | old p95 | new p50 | new p95 | p95 new/old | same pages |\n|---|---:|---:|---:|---:|---:|---|',
);
const all = { old: [] as number[], new: [] as number[] };
const differing: string[] = [];
for (const w of only ? workloads.filter((x) => only.test(x.name)) : workloads) {
  const sides = { old: searchOld, new: searchThis };
  const cursors = { old: new Map<number, string>(), new: new Map<number, string>() };
  let same = 0;
  for (const [k, input] of w.inputs.entries()) {
    const pages = { old: [] as string[], new: [] as string[] };
    for (const side of ['old', 'new'] as const) {
      const first = await sides[side](ctx, { limit: 20, ...input } as never);
      pages[side].push(show(first));
      if (first.next_cursor) {
        cursors[side].set(k, first.next_cursor);
        const second = await sides[side](ctx, {
          limit: 20,
          ...input,
          cursor: first.next_cursor,
        } as never);
        pages[side].push(show(second));
      }
    }
    if (pages.old.join('\n') === pages.new.join('\n')) same++;
    else differing.push(`${w.name}: ${JSON.stringify(input)}`);
  }
  const times = { old: [] as number[], new: [] as number[] };
  for (let r = 0; r < rounds; r++)
    for (const [k, input] of w.inputs.entries()) {
      if (w.nextPage && !cursors.old.has(k)) continue;
      const order = (r + k) % 2 ? (['old', 'new'] as const) : (['new', 'old'] as const);
      for (const side of order) {
        const cursor = w.nextPage ? { cursor: cursors[side].get(k) } : {};
        const t0 = performance.now();
        await sides[side](ctx, { limit: 20, ...input, ...cursor } as never);
        times[side].push(performance.now() - t0);
      }
    }
  if (w.words) {
    all.old.push(...times.old);
    all.new.push(...times.new);
  }
  const o = summarise(times.old, 1);
  const n = summarise(times.new, 1);
  console.log(
    `| ${w.name} | ${fmt(o.p50)} | ${fmt(o.p95)} | ${fmt(n.p50)} | ${fmt(n.p95)} | ${(n.p95 / o.p95).toFixed(2)} | ${same}/${w.inputs.length} |`,
  );
}
if (all.old.length) {
  const o = summarise(all.old, 1);
  const n = summarise(all.new, 1);
  console.log(
    `| **all of one to three words** | ${fmt(o.p50)} | **${fmt(o.p95)}** | ${fmt(n.p50)} | **${fmt(n.p95)}** | ${(n.p95 / o.p95).toFixed(2)} | |`,
  );
}
console.log(`\nload average at end ${load()}`);
if (differing.length)
  console.log(`\nPages that differ:\n${differing.map((d) => `- ${d}`).join('\n')}`);
await database.close();
