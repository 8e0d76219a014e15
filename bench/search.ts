// npm run bench:search -- [--clients N] [--messages N] [--conversations N] [--iterations N]
//                          [--concurrency N] [--explain] [--only REGEX] [--out FILE] [--data DIR]
//
// GET /api/v1/search over real HTTP (the app started in this process, as
// bench/run.ts does) on a multilingual data set (search-corpus.ts): queries of
// one, two and three words in each of the six languages (a common word, an
// inflected form, a rare product name, with and without type and status
// filters, first and next pages), a client's name with a typo, emails, phone
// numbers and #numbers; p50/p95/p99 per workload, per language and overall,
// against the bare SQL of one GIN word query on messages through the same driver.
//
// On DATABASE_URL (a database of its own) the data set is kept: a second run of
// the same size finds it and skips generating. Without it, PGlite in a
// temporary directory, or in --data DIR, kept and reused the same way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
} from 'kysely';
import { buildApp } from '../src/server/app.ts';
import type { Ctx } from '../src/server/context.ts';
import { openEmbedded, openServer, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createApiToken } from '../src/server/features/auth/auth.service.ts';
import { seedDefaultKnowledge } from '../src/server/features/knowledge/default-knowledge.service.ts';
import { searchLanguageOf } from '../src/server/features/search/search-language.ts';
import { SEARCH_RANGE_SIZE, rangeOf } from '../src/server/features/search/search-ranges.ts';
import { generateDataSet, restoreDeferredIndexes } from './generate.ts';
import { CORPUS, LANGUAGES, isBrand, searchTexts, type BenchLanguage } from './search-corpus.ts';
import { measure, summarise, type Stats } from './stats.ts';

const onServer = Boolean(process.env.DATABASE_URL);
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: onServer ? '1000000' : '100000' },
    messages: { type: 'string', default: onServer ? '10000000' : '1000000' },
    conversations: { type: 'string' },
    iterations: { type: 'string', default: '120' },
    concurrency: { type: 'string', default: '1' },
    explain: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    data: { type: 'string' },
  },
});
const size = {
  clients: Number(values.clients),
  messages: Number(values.messages),
  conversations: Number(
    values.conversations ?? Math.max(1, Math.round(Number(values.messages) / 10)),
  ),
};
const iterations = Number(values.iterations);
const concurrency = Number(values.concurrency);
const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const TARGET_P95_MS = 100;

async function open(): Promise<{ database: Database; cleanup: () => void }> {
  if (process.env.DATABASE_URL) {
    const database = await openServer(process.env.DATABASE_URL, 20);
    return { database, cleanup: () => {} };
  }
  if (values.data) {
    fs.mkdirSync(values.data, { recursive: true });
    return { database: await openEmbedded(values.data), cleanup: () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-search-'));
  const database = await openEmbedded(dir);
  return { database, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Records the SQL statements the app sends while on, with their times (for --explain). */
class StatementCapture implements KyselyPlugin {
  on = false;
  statements: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
  private started = new Map<unknown, { sql: string; parameters: readonly unknown[]; t0: number }>();
  constructor(
    private compile: (args: PluginTransformQueryArgs) => {
      sql: string;
      parameters: readonly unknown[];
    },
  ) {}

  transformQuery(args: PluginTransformQueryArgs) {
    if (this.on) this.started.set(args.queryId, { ...this.compile(args), t0: performance.now() });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs) {
    const s = this.started.get(args.queryId);
    if (s) {
      this.started.delete(args.queryId);
      this.statements.push({ sql: s.sql, parameters: s.parameters, ms: performance.now() - s.t0 });
    }
    return args.result;
  }
}

interface Query {
  language: BenchLanguage | null;
  /** The query string after /api/v1/search? */
  params: string;
  /** Ask for the page after the first (the cursor is fetched once, untimed). */
  nextPage?: boolean;
  bare: () => Promise<unknown>;
}

interface Workload {
  name: string;
  /** Counted in the overall figure for queries of one to three words. */
  words: boolean;
  queries: Query[];
}

interface Row {
  workload: string;
  ours: Stats;
  bare?: Stats;
}

function report(rows: Row[], header: string): string {
  const lines = [
    header,
    '',
    '| workload | p50 ms | p95 ms | p99 ms | per s | bare p50 | bare p99 | p95 ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const bare = r.bare
      ? `${fmt(r.bare.p50)} | ${fmt(r.bare.p99)} | ${(r.ours.p95 / r.bare.p95).toFixed(1)}×`
      : '| |';
    lines.push(
      `| ${r.workload} | ${fmt(r.ours.p50)} | ${fmt(r.ours.p95)} | ${fmt(r.ours.p99)} | ${fmt(r.ours.perSecond)} | ${bare} |`,
    );
  }
  return lines.join('\n');
}

/** Two neighbouring letters swapped in the middle of the longest word: a typing slip. */
function typo(text: string): string {
  const words = text.split(' ');
  const k = words.reduce((best, w, i) => ([...w].length > [...words[best]!].length ? i : best), 0);
  const letters = [...words[k]!];
  const at = Math.max(1, Math.floor(letters.length / 2) - 1);
  [letters[at], letters[at + 1]] = [letters[at + 1]!, letters[at]!];
  words[k] = letters.join('');
  return words.join(' ');
}

async function main() {
  const { database, cleanup } = await open();
  const q = database.query.bind(database);
  try {
    await migrate(database);
    // A load interrupted while its indexes were dropped: build them first.
    await restoreDeferredIndexes(database, (line) => log(`  restoring ${line}`));

    const capture = new StatementCapture((args) =>
      database.db.getExecutor().compileQuery(args.node, args.queryId),
    );
    const app = await buildApp({
      database: { ...database, db: database.db.withPlugin(capture) },
      config: { sessionTtlHours: 12, bodyLimitBytes: 1 << 20 },
      logger: false,
    });

    // The data set: found by its size, or generated.
    const slug = `bench-search-${size.clients}-${size.conversations}-${size.messages}`;
    const existing = (
      await q<{ id: string; name: string }>(`select id, name from workspaces where slug = $1`, [
        slug,
      ])
    ).rows[0];
    let ws: string;
    let generated: string;
    if (existing) {
      if (!/generated in/.test(existing.name))
        throw new Error(
          `A run of this size was interrupted while generating (workspace ${slug}): drop and create the database again.`,
        );
      ws = existing.id;
      generated = existing.name.replace(/^Bench search \((.*)\)$/, '$1');
      log(`reusing the data set of this size already in the database (${generated})`);
    } else {
      log(
        `generating ${size.clients} clients, ${size.conversations} conversations, ${size.messages} messages on ${database.kind}`,
      );
      const started = performance.now();
      const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
      const ds = await generateDataSet(database, size, (line) => log(`  ${line} (${elapsed()})`), {
        texts: searchTexts(),
        slug,
        name: 'Bench search (incomplete)',
        deferIndexes: true,
        vacuum: true,
      });
      ws = ds.workspaceId;
      // The default knowledge base, published: search covers articles too.
      await seedDefaultKnowledge(
        {
          workspaceId: ws,
          actor: { kind: 'system' },
          db: database.db,
          log: app.log,
          now: () => new Date(),
        },
        { publish: true },
      );
      await q(`analyze knowledge_article_versions`);
      generated = `generated in ${elapsed()} on ${new Date().toISOString().slice(0, 10)}`;
      await q(`update workspaces set name = $2 where id = $1`, [ws, `Bench search (${generated})`]);
      log(`data set ${generated}`);
    }

    const agentId = (
      await q<{ id: string }>(
        `select id from users where workspace_id = $1 and role = 'agent' order by id limit 1 offset 4`,
        [ws],
      )
    ).rows[0]!.id;

    await checkLanguages(database, ws);
    const only = values.only ? new RegExp(values.only, 'i') : undefined;
    const workloads = (await buildWorkloads(database, ws)).filter(
      (w) => !only || only.test(w.name),
    );

    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const ctx: Ctx = {
      workspaceId: ws,
      actor: { kind: 'user', userId: agentId, role: 'agent', via: 'token' },
      db: database.db,
      log: app.log,
      now: () => new Date(),
    };
    const { token } = await createApiToken(ctx, { userId: agentId, name: 'bench search' });
    const headers = { authorization: `Bearer ${token}` };
    const get = async (params: string) => {
      const res = await fetch(`${base}/api/v1/search?${params}`, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET /search?${params}: ${res.status} ${text}`);
      return JSON.parse(text) as { items: unknown[]; next_cursor: string | null };
    };

    // Each query once, untimed: what its first page holds ("+": more pages), and
    // the cursor of its next page.
    const cursors = new Map<string, string>();
    for (const w of workloads) {
      const found: string[] = [];
      for (const query of w.queries) {
        const page = await get(query.params);
        if (query.nextPage && page.next_cursor) cursors.set(query.params, page.next_cursor);
        const text = decodeURIComponent(query.params.replace(/^q=/, '').replace(/&.*/, ''));
        found.push(`${text} ${page.items.length}${page.next_cursor ? '+' : ''}`);
      }
      log(`  ${w.name}: ${found.join(', ')}`);
      // A next page only where there is one.
      w.queries = w.queries.filter((query) => !query.nextPage || cursors.has(query.params));
    }
    const urlOf = (query: Query) =>
      query.nextPage
        ? `${query.params}&cursor=${encodeURIComponent(cursors.get(query.params)!)}`
        : query.params;

    const rows: Row[] = [];
    const wordLatencies: number[] = [];
    let wordWallMs = 0;
    const byLanguage = new Map<BenchLanguage, number[]>();
    const byQuery = new Map<string, number[]>();
    for (const w of workloads) {
      log(w.name);
      const pick = (i: number) => w.queries[Math.abs(i) % w.queries.length]!;
      const latencies: number[] = [];
      const started = performance.now();
      const ours = await measure(
        async (i) => {
          const query = pick(i);
          const t0 = performance.now();
          await get(urlOf(query));
          if (i < 0) return;
          const ms = performance.now() - t0;
          latencies.push(ms);
          if (w.words && query.language) {
            const list = byLanguage.get(query.language) ?? [];
            list.push(ms);
            byLanguage.set(query.language, list);
          }
          const key = urlOf(query);
          byQuery.set(key, [...(byQuery.get(key) ?? []), ms]);
        },
        { iterations, concurrency },
      );
      if (w.words) {
        wordLatencies.push(...latencies);
        wordWallMs += performance.now() - started;
      }
      const bare = await measure((i) => pick(i).bare(), { iterations, concurrency });
      rows.push({ workload: w.name, ours, bare });
    }
    const overall = summarise(wordLatencies, wordWallMs);
    rows.push({ workload: '**all queries of one to three words**', ours: overall });
    for (const lang of LANGUAGES) {
      const list = byLanguage.get(lang) ?? [];
      const busyMs = list.reduce((sum, ms) => sum + ms, 0);
      rows.push({ workload: `one to three words, ${lang}`, ours: summarise(list, busyMs) });
    }

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const header =
      `### Search (issue #5): ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'} — ` +
      `${size.messages.toLocaleString('en')} messages, ${size.conversations.toLocaleString('en')} conversations, ` +
      `${size.clients.toLocaleString('en')} clients\n\n` +
      `${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ` +
      `Node ${process.version}; data set ${generated}; ${iterations} requests per workload, ${concurrency} at a time, ` +
      `the queries of each workload in turn in six languages. The bare SQL: 21 messages of the query's language ` +
      `holding its words, in any order (one GIN lookup); for clients, one index lookup. ` +
      `Target: p95 ≤ ${TARGET_P95_MS} ms for one to three words: ` +
      `${overall.p95 <= TARGET_P95_MS ? 'met' : '**not met**'} (${fmt(overall.p95)} ms).`;
    const text = report(rows, header);
    console.log(text);
    if (values.out) fs.appendFileSync(values.out, `\n${text}\n`);

    if (values.explain) {
      // The query with the slowest median, run again with its statements recorded;
      // the slowest statement explained in a transaction that first repeats the
      // settings the request made (client search sets its trigram threshold locally).
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const [slowest, times] = [...byQuery.entries()].sort(
        (a, b) => median(b[1]) - median(a[1]),
      )[0]!;
      log(
        `explaining the slowest query: ${decodeURIComponent(slowest)} (median ${fmt(median(times))} ms)`,
      );
      capture.statements = [];
      capture.on = true;
      await get(slowest);
      capture.on = false;
      const statements = capture.statements;
      const worst = statements.reduce((a, b) => (b.ms > a.ms ? b : a));
      const settings = statements.filter((s) => s.sql.includes('set_config('));
      const plan = await database.db.transaction().execute(async (trx) => {
        for (const s of settings)
          await trx.executeQuery(CompiledQuery.raw(s.sql, [...s.parameters]));
        const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain (analyze, buffers) ${worst.sql}`, [...worst.parameters]),
        );
        return r.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      console.log(
        `\n#### EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of GET /search?${decodeURIComponent(slowest)}\n\n` +
          `Statements of the request:\n\n` +
          statements
            .map((s) => `- ${fmt(s.ms)} ms: \`${s.sql.replace(/\s+/g, ' ').trim().slice(0, 90)}…\``)
            .join('\n') +
          `\n\nThe slowest (${fmt(worst.ms)} ms), with parameters ${JSON.stringify(worst.parameters)}:\n\n` +
          '```sql\n' +
          worst.sql.trim() +
          '\n```\n\n```\n' +
          plan +
          '\n```',
      );
    }
    await app.close();
  } finally {
    await database.close();
    cleanup();
  }
}

/**
 * Compares the stored language of a sample of messages and conversations with
 * what the app's detector gives their texts (ingest stores searchLanguageOf).
 */
async function checkLanguages(database: Database, ws: string) {
  const q = database.query.bind(database);
  const range = (
    await q<{ min: string; max: string }>(
      `select min(id) as min, max(id) as max from messages where workspace_id = $1`,
      [ws],
    )
  ).rows[0]!;
  const n = 2000;
  const step = Math.max(1, Math.floor((Number(range.max) - Number(range.min)) / n));
  const messages = await q<{ body_text: string; language: string | null }>(
    `select m.body_text, m.language from generate_series(0, $3::int - 1) g
     join messages m on m.workspace_id = $1 and m.id = $2::bigint + g * $4::bigint`,
    [ws, range.min, n, step],
  );
  const conversations = await q<{ subject: string; body: string; language: string | null }>(
    `select c.subject, c.language,
       (select m.body_text from messages m where m.workspace_id = c.workspace_id and m.conversation_id = c.id
        order by m.id limit 1) as body
     from conversations c where c.workspace_id = $1 order by c.id limit 500`,
    [ws],
  );
  const agree = (rows: { text: string; language: string | null }[]) =>
    rows.filter((r) => (searchLanguageOf(r.text) ?? null) === r.language).length;
  const m = agree(messages.rows.map((r) => ({ text: r.body_text, language: r.language })));
  const c = agree(
    conversations.rows.map((r) => ({ text: `${r.subject}\n${r.body}`, language: r.language })),
  );
  log(
    `stored language as detectLanguage gives it: ${m}/${messages.rows.length} sampled messages, ` +
      `${c}/${conversations.rows.length} conversations`,
  );
}

/** The text-search configuration and the partial index predicate of a language's texts (0030). */
const CONFIG: Record<BenchLanguage, { config: string; where: string }> = {
  en: { config: 'english', where: `language = 'en'` },
  es: { config: 'spanish', where: `language = 'es'` },
  hu: { config: 'hungarian', where: `language = 'hu'` },
  ro: { config: 'romanian', where: `language = 'ro'` },
  kk: { config: 'simple', where: `(language = 'kk' or language is null)` },
  ru: { config: 'russian', where: `language = 'ru'` },
};

/** A message's words as the word indexes hold them, under its range's name (0033, ADR 0010). */
function rangedWords(config: string): string {
  return `ranged_tsvector('${config}', body_text, (id - 1) / ${SEARCH_RANGE_SIZE.messages})`;
}

/**
 * The words of a text as a query on ranged words: every stemmed word of the
 * text, each under the name of any range from \`from\` to \`to\` (SQL values).
 */
function rangedQuery(config: string, text: string, from: string, to: string): string {
  const anyRange = `(select string_agg(quote_literal('r' || k || ':' || lex), ' | ')
      from generate_series(${from}::int, ${to}::int) k)`;
  return `array_to_string(array(select '(' || ${anyRange} || ')'
      from unnest(tsvector_to_array(to_tsvector('${config}', ${text}))) lex), ' & ')::tsquery`;
}

async function buildWorkloads(database: Database, ws: string): Promise<Workload[]> {
  const q = database.query.bind(database);
  // The bare word query: 21 messages of the language holding the words, from
  // the newest range's entries of the word index, in whatever order the index
  // gives them (ordered by id, the planner would walk the primary key parsing
  // every text, not knowing how rare a word is).
  const words = (lang: BenchLanguage, text: string) => {
    const { config, where } = CONFIG[lang];
    return () =>
      q(
        `select id from messages where workspace_id = $1 and ${where}
           and ${rangedWords(config)} @@ ${rangedQuery(config, '$2', '$3', '$3')}
         limit 21`,
        [ws, text, newestRange],
      );
  };
  const param = (text: string, extra = '') => `q=${encodeURIComponent(text)}${extra}`;

  const range = (
    await q<{ min: string; max: string }>(
      `select min(id) as min, max(id) as max from messages where workspace_id = $1`,
      [ws],
    )
  ).rows[0]!;
  const newestRange = rangeOf(Number(range.max), SEARCH_RANGE_SIZE.messages);
  const clientRange = (
    await q<{ min: string; max: string }>(
      `select min(id) as min, max(id) as max from clients where workspace_id = $1`,
      [ws],
    )
  ).rows[0]!;

  interface LanguageQueries {
    lang: BenchLanguage;
    c: (typeof CORPUS)[BenchLanguage]['queries'];
    rare: string;
    client: { name: string; email: string; phone: string };
  }
  const perLanguage: LanguageQueries[] = [];
  for (const lang of LANGUAGES) {
    const c = CORPUS[lang].queries;
    // A rare word: of the product names in a sample of the language's messages,
    // the one the fewest messages hold.
    const sample = await q<{ body_text: string }>(
      `select m.body_text from generate_series(0, 599) g
       join messages m on m.workspace_id = $1 and m.id = $2::bigint + g * $3::bigint
       where m.language = $4`,
      [ws, range.min, Math.max(1, Math.floor((Number(range.max) - Number(range.min)) / 600)), lang],
    );
    const brands = [
      ...new Set(
        sample.rows.flatMap((r) => r.body_text.split(/[^\p{L}]+/u).filter((w) => isBrand(w))),
      ),
    ].slice(0, 40);
    let rare = { word: brands[0] ?? 'Kalomive', count: Infinity };
    for (const word of brands) {
      const { config, where } = CONFIG[lang];
      const count = Number(
        (
          await q<{ n: string }>(
            `select count(*) as n from messages where workspace_id = $1 and ${where}
               and ${rangedWords(config)} @@ ${rangedQuery(config, '$2', '0', '$3')}`,
            [ws, word, newestRange],
          )
        ).rows[0]!.n,
      );
      if (count < rare.count) rare = { word, count };
    }
    log(`  ${lang}: rare word ${rare.word} (${rare.count} messages)`);

    // A client of the language with an email and a phone number.
    const client = (
      await q<{ name: string; email: string; phone: string }>(
        `select c.name, e.value as email, p.value as phone from clients c
         join client_identities e on e.workspace_id = c.workspace_id and e.client_id = c.id and e.kind = 'email'
         join client_identities p on p.workspace_id = c.workspace_id and p.client_id = c.id and p.kind = 'phone'
         where c.workspace_id = $1 and c.id between $2::bigint and $2::bigint + 1000 and c.language = $3
         order by c.id limit 1`,
        [ws, Number(clientRange.min) + 500 + LANGUAGES.indexOf(lang) * 7, lang],
      )
    ).rows[0]!;
    perLanguage.push({ lang, c, rare: rare.word, client });
  }

  const wordWorkload = (
    name: string,
    text: (p: LanguageQueries) => string,
    extra = '',
    nextPage = false,
  ): Workload => ({
    name,
    words: true,
    queries: perLanguage.map((p) => ({
      language: p.lang,
      params: param(text(p), extra),
      nextPage,
      bare: words(p.lang, text(p)),
    })),
  });
  const identity = (
    name: string,
    make: (p: LanguageQueries, k: number) => { text: string; bare: () => Promise<unknown> },
  ): Workload => ({
    name,
    words: false,
    queries: perLanguage.map((p, k) => {
      const m = make(p, k);
      return { language: p.lang, params: param(m.text), bare: m.bare };
    }),
  });

  return [
    wordWorkload('1 word, common', (p) => p.c.common),
    wordWorkload('1 word, an inflected form', (p) => p.c.inflected),
    wordWorkload('1 word, rare (a product name)', (p) => p.rare),
    wordWorkload('2 words', (p) => p.c.two),
    wordWorkload('2 words, a rare and a common', (p) => `${p.rare} ${p.c.common}`),
    wordWorkload('3 words', (p) => p.c.three),
    wordWorkload('1 word, common, type=message', (p) => p.c.common, '&type=message'),
    wordWorkload('2 words, type=conversation', (p) => p.c.two, '&type=conversation'),
    wordWorkload('1 word, common, status=open', (p) => p.c.common, '&status=open'),
    wordWorkload('1 word, common, next page', (p) => p.c.common, '', true),
    wordWorkload('2 words, next page', (p) => p.c.two, '', true),
    identity('client name with a typo', (p) => {
      const text = typo(p.client.name);
      return {
        text,
        bare: () =>
          q(
            `select id, similarity(search_name, search_fold($2)) s from clients
             where workspace_id = $1 and search_name % search_fold($2) and deleted_at is null order by s desc limit 25`,
            [ws, text],
          ),
      };
    }),
    identity('email', (p) => ({
      text: p.client.email,
      bare: () =>
        q(
          `select client_id from client_identities where workspace_id = $1 and kind = 'email' and value = $2`,
          [ws, p.client.email],
        ),
    })),
    identity('email with a typo', (p) => {
      const [local, domain] = p.client.email.split('@');
      const text = `${typo(local!)}@${domain}`;
      return {
        text,
        bare: () =>
          q(
            `select client_id, similarity(split_part(value, '@', 1), $2) s from client_identities
             where workspace_id = $1 and kind = 'email' and split_part(value, '@', 1) % $2
             order by s desc limit 25`,
            [ws, typo(local!)],
          ),
      };
    }),
    identity('phone number as typed (with spaces)', (p) => ({
      text: p.client.phone.replace(/^(\+\d{2})(\d{2,3})(\d{3})(\d+)$/, '$1 $2 $3 $4'),
      bare: () =>
        q(
          `select client_id from client_identities where workspace_id = $1 and kind = 'phone' and value = $2`,
          [ws, p.client.phone],
        ),
    })),
    identity('phone number, its last 7 digits', (p) => ({
      text: p.client.phone.slice(-7),
      bare: () =>
        q(
          `select client_id from client_identities where workspace_id = $1 and kind = 'phone' and value like $2`,
          [ws, `%${p.client.phone.slice(-7)}`],
        ),
    })),
    identity('#number', (_p, k) => {
      const number = 1 + ((k * 7919 + 104729) % size.conversations);
      return {
        text: `#${number}`,
        bare: () =>
          q(`select id from conversations where workspace_id = $1 and number = $2`, [ws, number]),
      };
    }),
  ];
}

await main();
