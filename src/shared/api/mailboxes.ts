import { z } from 'zod';
import { Id, Language, Timestamp, text } from './common.ts';

const host = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'is not a host name');
const port = z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535');
const user = z.string().trim().max(320);
// Passwords are not trimmed: a space may belong to one.
const password = z.string().min(1, 'must not be empty').max(1000);

/** An email address, lower-cased. */
export const MailboxAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .regex(/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/, 'is not an email address')
  .meta({ example: 'support@example.com' });

export const MailboxSmtp = z
  .object({
    host,
    port,
    secure: z.boolean().default(false),
    user: user.default(''),
    password: password.optional().meta({ description: 'Write-only; kept when left out' }),
  })
  .strict();

export const MailboxImap = z
  .object({
    host,
    port,
    secure: z.boolean().default(true),
    user: user.default(''),
    password: password.optional().meta({ description: 'Write-only; kept when left out' }),
    folder: text(200).default('INBOX'),
    enabled: z.boolean().default(false),
  })
  .strict();

const fields = {
  name: text(200),
  address: MailboxAddress,
  default_team_id: Id.nullable().default(null),
  default_language: Language.default('en'),
  signature: z.string().trim().max(5000).default(''),
  smtp: MailboxSmtp.nullable().default(null),
  imap: MailboxImap.nullable().default(null),
  active: z.boolean().default(true),
};

export const NewMailboxBody = z.object(fields).strict();

export const PatchMailboxBody = z
  .object({
    name: fields.name.optional(),
    address: fields.address.optional(),
    default_team_id: Id.nullable().optional(),
    default_language: Language.optional(),
    signature: z.string().trim().max(5000).optional(),
    smtp: MailboxSmtp.nullable().optional(),
    imap: MailboxImap.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const ImapPollStatus = z.object({
  polled_at: Timestamp,
  succeeded_at: Timestamp.nullable(),
  error: z.string().nullable().meta({ description: "The last poll's error; null when it worked" }),
  error_at: Timestamp.nullable(),
});

const PresentedServer = {
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  user: z.string(),
  password_set: z.boolean().meta({ description: 'A password is stored (it is never returned)' }),
};

export const Mailbox = z
  .object({
    id: Id,
    name: z.string(),
    address: z.string(),
    default_team_id: Id.nullable(),
    default_language: Language,
    signature: z.string(),
    smtp: z.object(PresentedServer).nullable(),
    imap: z
      .object({
        ...PresentedServer,
        folder: z.string(),
        enabled: z.boolean().meta({ description: 'Whether the folder is polled (every minute)' }),
        status: ImapPollStatus.nullable().meta({
          description: 'How the last poll of the folder went; null until it is first polled',
        }),
      })
      .nullable(),
    active: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
  })
  .meta({ id: 'Mailbox' });

export const MailboxList = z.object({ items: z.array(Mailbox) });

export type Mailbox = z.infer<typeof Mailbox>;
export type NewMailboxBody = z.input<typeof NewMailboxBody>;

const ConnectionOutcome = z
  .object({
    ok: z.boolean(),
    error: z.string().nullable().meta({ description: 'What went wrong, when it did' }),
  })
  .nullable()
  .meta({ description: 'null when the mailbox has no such settings' });

export const MailboxPollResult = z
  .object({
    stored: z.number().int().meta({ description: 'New messages fetched and queued for the inbox' }),
    error: z.string().nullable().meta({ description: 'Why the poll failed; null when it worked' }),
  })
  .meta({ id: 'MailboxPollResult' });
export type MailboxPollResult = z.infer<typeof MailboxPollResult>;

export const MailboxConnectionTest = z.object({
  smtp: ConnectionOutcome,
  imap: ConnectionOutcome,
});
export type MailboxConnectionTest = z.infer<typeof MailboxConnectionTest>;
