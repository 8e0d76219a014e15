// Helpers of the email ingestion tests: raw emails as a sending server delivers them,
// a workspace with a mailbox to store them in, job queues that record, and deps that
// count the statements a batch sends and the warnings it logs.
import { randomUUID } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import type { JobQueue } from '../../context.ts';
import { createMailbox } from '../../features/mailboxes/mailbox.service.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import { storeRawInbound } from './inbound.repo.ts';

export const uid = () => randomUUID().slice(0, 8);

/** A job queue that records what is queued (sendManyWith when many is set). */
export function recordingJobs(
  options: { many?: boolean; failMany?: boolean; failOne?: boolean } = {},
) {
  const queued: { name: string; data: Record<string, string> }[] = [];
  const jobs: JobQueue = {
    async sendWith(_db, name, data) {
      if (options.failOne) throw new Error('the queue is gone');
      queued.push({ name, data: data as Record<string, string> });
    },
    ...(options.many
      ? {
          async sendManyWith(_db, name, data) {
            if (options.failMany) throw new Error('the queue is gone');
            for (const d of data) queued.push({ name, data: d as Record<string, string> });
          },
        }
      : {}),
  };
  return { jobs, queued };
}

export interface Mail {
  from?: string;
  subject: string;
  text: string;
  id?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: string[];
  attachment?: { filename: string; content: string };
}

/** An RFC 5322 message as a sending server delivers it. */
export function raw(to: string, m: Mail): Buffer {
  const head = [
    ...(m.from ? [`From: ${m.from}`] : []),
    `To: ${to}`,
    `Subject: ${m.subject}`,
    ...(m.id ? [`Message-ID: <${m.id}>`] : []),
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references ? [`References: ${m.references.map((r) => `<${r}>`).join(' ')}`] : []),
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
  ];
  if (!m.attachment) {
    return Buffer.from(
      [...head, 'Content-Type: text/plain; charset=utf-8', '', m.text, ''].join('\r\n'),
    );
  }
  const b = `b-${randomUUID()}`;
  return Buffer.from(
    [
      ...head,
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      m.text,
      `--${b}`,
      `Content-Type: text/plain; name="${m.attachment.filename}"`,
      `Content-Disposition: attachment; filename="${m.attachment.filename}"`,
      '',
      m.attachment.content,
      `--${b}--`,
      '',
    ].join('\r\n'),
  );
}

/** A workspace with a mailbox; store() keeps raw emails for it (queueing nothing). */
export async function setUpMailbox(t: TestApp) {
  const w = await newWorkspace(t);
  const address = `help-${randomUUID().slice(0, 8)}@rapport.test`;
  const mailbox = await createMailbox(w.ctx, {
    name: 'Help',
    address,
    default_team_id: null,
    default_language: 'en',
    signature: '',
    smtp: null,
    imap: null,
    active: true,
  });
  /** Stores the emails (queueing nothing) and returns their inbound ids, in order. */
  const store = async (mails: Mail[]) => {
    const ids: string[] = [];
    for (const m of mails) {
      const { id } = await storeRawInbound(
        t.database.db,
        { workspaceId: w.workspaceId, mailboxId: mailbox.id, source: 'smtp', raw: raw(address, m) },
        { sendWith: async () => null },
      );
      ids.push(id);
    }
    return ids;
  };
  return { w, address, mailbox, store };
}

/**
 * Deps for ingestion whose database counts the statements sent through it and whose
 * log keeps the warnings (a batch falling back to one by one); reset() clears both.
 */
export function observedDeps(t: TestApp) {
  const seen = { statements: 0, warnings: [] as string[] };
  const counting: KyselyPlugin = {
    transformQuery(args) {
      seen.statements++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const deps = (jobs: JobQueue, files?: FileStorage) => ({
    database: { ...t.database, db: t.database.db.withPlugin(counting) },
    log: { ...t.app.log, warn: (_o: object, m: string) => void seen.warnings.push(m) } as never,
    now: () => new Date(),
    jobs,
    files: files ?? t.app.files.storage,
  });
  const reset = () => {
    seen.statements = 0;
    seen.warnings = [];
  };
  return { seen, deps, reset };
}

/** The inbound rows of these ids, in the same order. */
export async function inboundRows(t: TestApp, w: TestWorkspace, ids: string[]) {
  const rows = await t.database.db
    .selectFrom('inbound_emails')
    .select(['id', 'status', 'error', 'attempts', 'conversation_id', 'message_id'])
    .where('workspace_id', '=', w.workspaceId)
    .where('id', 'in', ids)
    .execute();
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

export async function countRows(
  t: TestApp,
  w: TestWorkspace,
  table: 'messages' | 'conversations' | 'clients',
) {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', w.workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A test file's app and observed deps, started before its tests and closed after,
 * with the shorthands the ingestion tests use.
 */
export function ingestTestContext() {
  const ctx = {
    t: undefined as unknown as TestApp,
    observed: undefined as unknown as ReturnType<typeof observedDeps>,
    setUp: () => setUpMailbox(ctx.t),
    deps: ((jobs, files) => ctx.observed.deps(jobs, files)) as ReturnType<
      typeof observedDeps
    >['deps'],
    inboundRows: (w: TestWorkspace, ids: string[]) => inboundRows(ctx.t, w, ids),
    count: (w: TestWorkspace, table: 'messages' | 'conversations' | 'clients') =>
      countRows(ctx.t, w, table),
  };
  beforeAll(async () => {
    ctx.t = await startTestApp();
    ctx.observed = observedDeps(ctx.t);
  }, 60_000);
  afterAll(() => ctx.t.close());
  beforeEach(() => ctx.observed?.reset());
  return ctx;
}
