import type { Database } from '../src/server/db/database.ts';

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
const sqlArray = (xs: string[]) =>
  `array[${xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(',')}]`;

/**
 * Generates a data set with set-based SQL (generate_series), fast on both
 * engines: one workspace with agents and teams, clients with email identities,
 * conversations (about 30 % still active), and messages spread over them.
 */
export async function generateDataSet(
  database: Database,
  size: DataSetSize,
  progress: (line: string) => void = () => {},
): Promise<DataSet> {
  const q = database.query.bind(database);
  const ws = (
    await q<{ id: string }>(
      `insert into workspaces (name, slug, time_zone) values ('Bench', 'bench-' || floor(random()*1e9)::text, 'Europe/Madrid') returning id`,
    )
  ).rows[0]!.id;
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
       select $1,
              (${sqlArray(FIRST)})[1 + (i % 20)] || ' ' || (${sqlArray(LAST)})[1 + ((i / 20) % 20)] || ' ' || i,
              (array['en','es','hu','ro','kk','ru'])[1 + (i % 6)],
              case when i % 50 = 0 then 'key' when i % 7 = 0 then 'premium' else 'regular' end,
              i % 97 = 0, case when i % 5 = 0 then array['wholesale'] else '{}' end, '{}'
       from generate_series($2::int, $3::int) i`,
      [ws, from, to],
    );
    progress(`clients ${to}/${size.clients}`);
  }
  await q(
    `insert into client_identities (workspace_id, client_id, kind, value)
     select workspace_id, id, 'email', 'client' || id || '@example.' || (array['com','es','hu','ro','kz','ru'])[1 + (id % 6)]
     from clients where workspace_id = $1`,
    [ws],
  );
  progress('identities');

  const convBatch = 50_000;
  const perConversation = Math.max(1, Math.round(size.messages / Math.max(1, size.conversations)));
  for (let from = 1; from <= size.conversations; from += convBatch) {
    const to = Math.min(size.conversations, from + convBatch - 1);
    await q(
      `with c as (select id, row_number() over (order by id) rn from clients where workspace_id = $1)
       insert into conversations (workspace_id, number, subject, client_id, channel, status, priority, team_id, assignee_id,
                                  tags, sla_due_at, last_message_at, last_excerpt, message_count, created_at, first_responded_at)
       select $1, i, (${sqlArray(SUBJECTS)})[1 + (i % 10)], c.id,
              (array['email','chat','sms','phone','web','email'])[1 + (i % 6)],
              case when i % 10 < 2 then 'open' when i % 10 = 2 then 'new' when i % 10 = 3 then 'pending'
                   when i % 10 < 8 then 'resolved' else 'closed' end,
              (array['low','normal','normal','high','urgent'])[1 + (i % 5)],
              ($4::bigint[])[1 + (i % 4)],
              case when i % 13 = 0 then null else ($5::bigint[])[1 + (i % 24)] end,
              case when i % 3 = 0 then array['billing'] when i % 3 = 1 then array['delivery','urgent'] else '{}' end,
              case when i % 10 < 4 then now() + ((i % 2000) - 300) * interval '1 minute' end,
              now() - (($6::int - i) * interval '2 minutes'),
              'Hola, quería saber cuándo llega mi pedido número ' || i, $7,
              now() - (($6::int - i) * interval '2 minutes') - interval '3 days',
              case when i % 10 <> 2 then now() - (($6::int - i) * interval '2 minutes') - interval '2 days' end
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
      `insert into messages (workspace_id, conversation_id, direction, channel, author_user_id, author_client_id, body_text, created_at)
       select c.workspace_id, c.id,
              case when j % 2 = 1 then 'inbound' when j % 7 = 0 then 'note' else 'outbound' end,
              c.channel,
              case when j % 2 = 0 then c.assignee_id end,
              case when j % 2 = 1 then c.client_id end,
              'Mensaje ' || j || ' de la conversación ' || c.number || '. Gracias por su paciencia, revisamos su pedido y le escribimos en breve.',
              c.last_message_at - (($3::int - j) * interval '5 minutes')
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
    `insert into messages (workspace_id, conversation_id, direction, channel, body_text, created_at)
     select $1, $2, case when j % 2 = 0 then 'outbound' else 'inbound' end, 'email', 'Long thread message ' || j, now() - (5000 - j) * interval '1 minute'
     from generate_series(1, 5000) j`,
    [ws, longConversationId],
  );
  await q(
    `update conversations set message_count = message_count + 5000 where workspace_id = $1 and id = $2`,
    [ws, longConversationId],
  );
  progress('analyze');
  await database.exec('analyze');
  const sample = await q<{ name: string; value: string }>(
    `select c.name, i.value from clients c join client_identities i on i.workspace_id = c.workspace_id and i.client_id = c.id
     where c.workspace_id = $1 order by c.id limit 1 offset 777`,
    [ws],
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
