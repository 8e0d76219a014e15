import type { Database } from '../src/server/db/database.ts';
import { searchLanguageOf } from '../src/server/features/search/search-language.ts';

export interface DataSetSize {
  clients: number;
  conversations: number;
  messages: number;
}

export interface DataSet {
  workspaceId: string;
  agentIds: string[];
  teamIds: string[];
  /** A conversation with 5,000 messages, to show opening it costs the same as a short one. */
  longConversationId: string;
  /** A client name and email known to exist, for search. */
  sampleClientName: string;
  sampleEmail: string;
}

const FIRST = [
  'Ana',
  'Lucía',
  'Javier',
  'Carmen',
  'Eszter',
  'Bence',
  'Zsófia',
  'Ioana',
  'Andrei',
  'Elena',
  'Айгерім',
  'Нұрлан',
  'Дина',
  'Ольга',
  'Дмитрий',
  'Olivia',
  'James',
  'Noah',
  'Mateo',
  'Réka',
];
const LAST = [
  'García',
  'Martínez',
  'López',
  'Nagy',
  'Kovács',
  'Szabó',
  'Popescu',
  'Ionescu',
  'Dumitru',
  'Әбдіров',
  'Сейітов',
  'Иванова',
  'Смирнов',
  'Smith',
  'Brown',
  'Fernández',
  'Tóth',
  'Stan',
  'Жұмабаев',
  'Wilson',
];
const SUBJECTS = [
  'Pedido retrasado',
  'Kérdés a számláról',
  'Retur produs',
  'Тапсырыс туралы сұрақ',
  'Вопрос о доставке',
  'Discount for a bulk order',
  'Cambio de talla',
  'Garanciális javítás',
  'Factură greșită',
  'Activation code',
];
const sqlArray = (xs: (string | null)[]) =>
  `(array[${xs.map((x) => (x === null ? 'null' : `'${x.replaceAll("'", "''")}'`)).join(',')}]::text[])`;

/**
 * The texts of a data set as SQL expressions, so every row is made in the
 * database (set-based, no round trip per row). `i` is the ordinal (from 1) of
 * a client or conversation, `j` a message's place in its conversation (1:
 * the first, from the client); a message's expressions may use its
 * conversation as `c` (with `c.language`, `c.number`, `c.id`).
 */
export interface DataSetTexts {
  clientName(i: string): string;
  clientLanguage(i: string): string;
  /** Statements adding the clients' identities; $1 the workspace, $2 its first client's id. */
  identities: string[];
  /** A conversation's subject and excerpt; `lang` is its client's language. */
  subject(i: string, lang: string): string;
  excerpt(i: string, lang: string): string;
  /** The language the app detects for a conversation (searchLanguageOf of subject and first message). */
  conversationLanguage(i: string, lang: string): string;
  body(j: string): string;
  /** The language the app detects for a message body (searchLanguageOf). */
  messageLanguage(j: string): string;
}

const PLAIN_BODY = (j: string) =>
  `'Mensaje ' || ${j} || ' de la conversación ' || c.number || '. Gracias por su paciencia, revisamos su pedido y le escribimos en breve.'`;
const PLAIN_BODY_SAMPLE =
  'Mensaje 1 de la conversación 1. Gracias por su paciencia, revisamos su pedido y le escribimos en breve.';

/** The texts of `npm run bench`: names in six languages, subjects in several, messages in Spanish. */
export const PLAIN_TEXTS: DataSetTexts = {
  clientName: (i) =>
    `${sqlArray(FIRST)}[1 + (${i} % 20)] || ' ' || ${sqlArray(LAST)}[1 + ((${i} / 20) % 20)] || ' ' || ${i}`,
  clientLanguage: (i) => `(array['en','es','hu','ro','kk','ru'])[1 + (${i} % 6)]`,
  identities: [
    `insert into client_identities (workspace_id, client_id, kind, value)
     select workspace_id, id, 'email', 'client' || id || '@example.' || (array['com','es','hu','ro','kz','ru'])[1 + (id % 6)]
     from clients where workspace_id = $1 and id >= $2::bigint`,
  ],
  subject: (i) => `${sqlArray(SUBJECTS)}[1 + (${i} % 10)]`,
  excerpt: (i) => `'Hola, quería saber cuándo llega mi pedido número ' || ${i}`,
  conversationLanguage: (i) =>
    `${sqlArray(SUBJECTS.map((s) => searchLanguageOf(`${s}\n${PLAIN_BODY_SAMPLE}`)))}[1 + (${i} % 10)]`,
  body: PLAIN_BODY,
  messageLanguage: () => sqlArray([searchLanguageOf(PLAIN_BODY_SAMPLE)]) + '[1]',
};

export interface GenerateOptions {
  /** The texts (default: PLAIN_TEXTS). */
  texts?: DataSetTexts;
  /** The workspace's slug and name (default: a random bench slug). */
  slug?: string;
  name?: string;
  /**
   * Drops the indexes of clients, identities, conversations and messages that
   * back no constraint before loading and builds them after: several times
   * faster for large sets (a GIN index built at once rather than grown row by row).
   */
  deferIndexes?: boolean;
  /** Vacuums the tables at the end (hint bits and visibility map set, as after autovacuum) as well as analysing them. */
  vacuum?: boolean;
}

/**
 * Generates a data set with set-based SQL (generate_series), fast on both
 * engines: one workspace with agents and teams, clients with email identities,
 * conversations (about 30 % still active), and messages spread over them.
 */
export async function generateDataSet(
  database: Database,
  size: DataSetSize,
  progress: (line: string) => void = () => {},
  options: GenerateOptions = {},
): Promise<DataSet> {
  const texts = options.texts ?? PLAIN_TEXTS;
  const q = database.query.bind(database);
  const ws = (
    await q<{ id: string }>(
      `insert into workspaces (name, slug, time_zone)
       values ($1, coalesce($2, 'bench-' || floor(random()*1e9)::text), 'Europe/Madrid') returning id`,
      [options.name ?? 'Bench', options.slug ?? null],
    )
  ).rows[0]!.id;
  if (options.deferIndexes) await dropIndexes(database, progress);
  const agents = await q<{ id: string }>(
    `insert into users (workspace_id, email, name, role)
     select $1, 'agent' || i || '@bench.test', 'Agent ' || i, case when i <= 4 then 'supervisor' else 'agent' end
     from generate_series(1, 24) i returning id`,
    [ws],
  );
  const agentIds = agents.rows.map((r) => r.id);
  const teams = await q<{ id: string }>(
    `insert into teams (workspace_id, name, supervisor_id) select $1, 'Team ' || i, ($2::bigint[])[i] from generate_series(1, 4) i returning id`,
    [ws, agentIds.slice(0, 4)],
  );
  const teamIds = teams.rows.map((r) => r.id);
  await q(
    `insert into team_members (workspace_id, team_id, user_id)
     select $1, ($2::bigint[])[1 + (i % 4)], ($3::bigint[])[i] from generate_series(1, 24) i`,
    [ws, teamIds, agentIds],
  );
  const calendar = await q<{ id: string }>(
    `insert into business_calendars (workspace_id, name, time_zone, hours)
     values ($1, 'Business hours', 'Europe/Madrid', '{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]}')
     returning id`,
    [ws],
  );
  await q(
    `insert into sla_policies (workspace_id, name, position, first_response_minutes, next_response_minutes, calendar_id)
     values ($1, 'Standard', 1000, 600, 600, $2)`,
    [ws, calendar.rows[0]!.id],
  );

  const batch = 50_000;
  for (let from = 1; from <= size.clients; from += batch) {
    const to = Math.min(size.clients, from + batch - 1);
    await q(
      `insert into clients (workspace_id, name, language, tier, is_vip, tags, custom_fields)
       select $1, ${texts.clientName('i')}, ${texts.clientLanguage('i')},
              case when i % 50 = 0 then 'key' when i % 7 = 0 then 'premium' else 'regular' end,
              i % 97 = 0, case when i % 5 = 0 then array['wholesale'] else '{}' end, '{}'
       from generate_series($2::int, $3::int) i`,
      [ws, from, to],
    );
    progress(`clients ${to}/${size.clients}`);
  }
  const firstClient = (
    await q<{ min: string }>(`select min(id) as min from clients where workspace_id = $1`, [ws])
  ).rows[0]!.min;
  for (const statement of texts.identities) await q(statement, [ws, firstClient]);
  progress('identities');

  const convBatch = 50_000;
  const perConversation = Math.max(1, Math.round(size.messages / Math.max(1, size.conversations)));
  for (let from = 1; from <= size.conversations; from += convBatch) {
    const to = Math.min(size.conversations, from + convBatch - 1);
    await q(
      `with c as (select id, language, row_number() over (order by id) rn from clients where workspace_id = $1)
       insert into conversations (workspace_id, number, subject, client_id, channel, status, priority, team_id, assignee_id,
                                  tags, sla_due_at, last_message_at, last_excerpt, message_count, created_at, first_responded_at,
                                  language)
       select $1, i, ${texts.subject('i', 'c.language')}, c.id,
              (array['email','chat','sms','phone','web','email'])[1 + (i % 6)],
              case when i % 10 < 2 then 'open' when i % 10 = 2 then 'new' when i % 10 = 3 then 'pending'
                   when i % 10 < 8 then 'resolved' else 'closed' end,
              (array['low','normal','normal','high','urgent'])[1 + (i % 5)],
              ($4::bigint[])[1 + (i % 4)],
              case when i % 13 = 0 then null else ($5::bigint[])[1 + (i % 24)] end,
              case when i % 3 = 0 then array['billing'] when i % 3 = 1 then array['delivery','urgent'] else '{}' end,
              case when i % 10 < 4 then now() + ((i % 2000) - 300) * interval '1 minute' end,
              now() - (($6::int - i) * interval '2 minutes'),
              ${texts.excerpt('i', 'c.language')}, $7,
              now() - (($6::int - i) * interval '2 minutes') - interval '3 days',
              case when i % 10 <> 2 then now() - (($6::int - i) * interval '2 minutes') - interval '2 days' end,
              ${texts.conversationLanguage('i', 'c.language')}
       from generate_series($2::int, $3::int) i
       join c on c.rn = 1 + ((i::bigint * 7919) % $8)`,
      [ws, from, to, teamIds, agentIds, size.conversations, perConversation, size.clients],
    );
    progress(`conversations ${to}/${size.conversations}`);
  }
  await q(`update workspaces set conversation_seq = $2 where id = $1`, [ws, size.conversations]);

  const conversationIds = await q<{ min: string; max: string }>(
    `select min(id) as min, max(id) as max from conversations where workspace_id = $1`,
    [ws],
  );
  const minId = Number(conversationIds.rows[0]!.min);
  const maxId = Number(conversationIds.rows[0]!.max);
  const msgBatch = Math.max(1, Math.floor(200_000 / perConversation));
  for (let from = minId; from <= maxId; from += msgBatch) {
    const to = Math.min(maxId, from + msgBatch - 1);
    await q(
      `insert into messages (workspace_id, conversation_id, direction, channel, author_user_id, author_client_id, body_text,
                             created_at, language)
       select c.workspace_id, c.id,
              case when j % 2 = 1 then 'inbound' when j % 7 = 0 then 'note' else 'outbound' end,
              c.channel,
              case when j % 2 = 0 then c.assignee_id end,
              case when j % 2 = 1 then c.client_id end,
              ${texts.body('j')},
              c.last_message_at - (($3::int - j) * interval '5 minutes'),
              ${texts.messageLanguage('j')}
       from conversations c, generate_series(1, $3::int) j
       where c.workspace_id = $1 and c.id between $2::bigint and $4::bigint`,
      [ws, from, perConversation, to],
    );
    progress(`messages for conversations ${to - minId + 1}/${maxId - minId + 1}`);
  }
  const long = await q<{ id: string }>(
    `select id from conversations where workspace_id = $1 and status = 'open' order by id limit 1`,
    [ws],
  );
  const longConversationId = long.rows[0]!.id;
  await q(
    `insert into messages (workspace_id, conversation_id, direction, channel, body_text, created_at, language)
     select $1, $2, case when j % 2 = 0 then 'outbound' else 'inbound' end, 'email', 'Long thread message ' || j,
            now() - (5000 - j) * interval '1 minute', $3
     from generate_series(1, 5000) j`,
    [ws, longConversationId, searchLanguageOf('Long thread message 1')],
  );
  await q(
    `update conversations set message_count = message_count + 5000 where workspace_id = $1 and id = $2`,
    [ws, longConversationId],
  );
  if (options.deferIndexes) await restoreDeferredIndexes(database, progress);
  progress(options.vacuum ? 'vacuum and analyze' : 'analyze');
  await database.exec(options.vacuum ? 'vacuum (analyze)' : 'analyze');
  const sample = await q<{ name: string; value: string }>(
    `select c.name, i.value from clients c join client_identities i on i.workspace_id = c.workspace_id and i.client_id = c.id
     where c.workspace_id = $1 and i.kind = 'email' order by c.id limit 1 offset $2`,
    // A client from the middle of the list, for any size of data set.
    [ws, Math.min(777, Math.floor(size.clients / 2))],
  );
  return {
    workspaceId: ws,
    agentIds,
    teamIds,
    longConversationId,
    sampleClientName: sample.rows[0]?.name ?? '',
    sampleEmail: sample.rows[0]?.value ?? '',
  };
}

const DEFERRED_TABLES = ['clients', 'client_identities', 'conversations', 'messages'];

/**
 * Drops the indexes of the large tables that back no constraint, keeping
 * their definitions in bench_deferred_indexes (committed first, so an
 * interrupted load loses none: restoreDeferredIndexes builds them again).
 */
async function dropIndexes(database: Database, progress: (line: string) => void) {
  await database.exec(
    'create table if not exists bench_deferred_indexes (name text primary key, definition text not null)',
  );
  await database.query(
    `insert into bench_deferred_indexes (name, definition)
     select i.relname, pg_get_indexdef(i.oid)
     from pg_index x
     join pg_class i on i.oid = x.indexrelid
     join pg_class t on t.oid = x.indrelid
     where t.relname = any($1::text[]) and t.relnamespace = current_schema()::regnamespace
       and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
     on conflict (name) do nothing`,
    [DEFERRED_TABLES],
  );
  const { rows } = await database.query<{ name: string }>(
    'select name from bench_deferred_indexes order by name',
  );
  for (const { name } of rows) await database.exec(`drop index if exists "${name}"`);
  progress(`dropped ${rows.length} indexes until the data is loaded`);
}

/**
 * Builds the indexes dropIndexes kept (after a load, or left by an
 * interrupted one), two at a time on PostgreSQL, with more memory for sorting.
 */
export async function restoreDeferredIndexes(
  database: Database,
  progress: (line: string) => void = () => {},
) {
  const exists = await database.query<{ t: string | null }>(
    `select to_regclass('bench_deferred_indexes')::text as t`,
  );
  if (!exists.rows[0]?.t) return;
  const { rows } = await database.query<{ name: string; definition: string }>(
    // The largest tables first, so the two builders finish together.
    `select name, definition from bench_deferred_indexes
     order by position(' ON public.messages ' in definition) = 0, name`,
  );
  const memory = database.kind === 'postgres' ? '512MB' : '64MB';
  let next = 0;
  const builder = async () => {
    while (next < rows.length) {
      const { name, definition } = rows[next++]!;
      const started = performance.now();
      // One script: the setting, the build and the bookkeeping on one connection, in one transaction.
      await database.exec(
        `begin; set local maintenance_work_mem = '${memory}'; ${definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')};
         delete from bench_deferred_indexes where name = '${name}'; commit;`,
      );
      progress(`index ${name} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all(Array.from({ length: database.kind === 'postgres' ? 2 : 1 }, builder));
  await database.exec('drop table bench_deferred_indexes');
}
