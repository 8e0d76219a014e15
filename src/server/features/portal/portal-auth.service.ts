// Signing clients in to the portal: a one-time link emailed to one of their
// addresses, then a portal session (its own cookie and table, never an agent's).
// Asking for a link answers the same whatever the address: the request only
// queues a job, and the job alone learns whether the address is a client's.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { jobsOf, withTransaction, type Ctx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { hashSecret, newSecret } from '../../security.ts';
import type { Secrets } from '../../security/secrets.ts';
import {
  NoMailboxError,
  PermanentSendError,
  sendWorkspaceEmail,
} from '../../channels/email/outbound/send.ts';
import { normaliseEmail } from '../clients/client.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { asLanguage } from '../../public/i18n.ts';
import type { Language } from '../../../shared/api/common.ts';
import { signInEmail } from './portal-email.ts';
import { sharedCompanyOf, type PortalViewer } from './portal.policy.ts';
import * as repo from './portal-auth.repo.ts';

export const PORTAL_SIGN_IN_LINK_JOB = 'portal.sign_in_link';

/** A link works once, within this time. */
export const LINK_TTL_MINUTES = 20;
/** A portal session lasts this long after the client's last visit. */
export const PORTAL_SESSION_TTL_HOURS = 7 * 24;
/** At most this many links to one client in LINK_WINDOW_MINUTES; more are not sent. */
export const MAX_LINKS_PER_WINDOW = 3;
export const LINK_WINDOW_MINUTES = 15;
// Sliding expiry is written at most once a minute, not on every page.
const TOUCH_EVERY_MS = 60_000;

/** The workspace a portal URL names, with its portal settings. */
export interface PortalWorkspace {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  defaultLanguage: string;
  shareCompanyRequests: boolean;
}

/** The workspace of /portal/<slug or id>/, or undefined (the portal answers 404). */
export async function findPortalWorkspace(
  db: Kysely<DB>,
  key: string,
): Promise<PortalWorkspace | undefined> {
  if (!/^[a-z0-9-]{1,100}$/.test(key)) return undefined;
  const w = await repo.unscopedFindPortalWorkspace(db, key);
  if (!w) return undefined;
  const settings = await repo.findPortalSettings(db, w.id);
  return {
    id: w.id,
    slug: w.slug,
    name: w.name,
    timeZone: w.time_zone,
    defaultLanguage: w.default_language,
    shareCompanyRequests: settings?.share_company_requests ?? false,
  };
}

export const SignInLinkJobData = z.object({
  workspaceId: z.string().regex(/^\d{1,18}$/),
  requestKey: z.uuid(),
  email: z.string().min(3).max(254),
  language: z.enum(['en', 'es', 'hu', 'ro', 'kk', 'ru']),
  /** Where the client reaches the portal: scheme, host and port. */
  origin: z.url(),
  /** The portal page to open after signing in (checked again when used). */
  next: z.string().max(500).optional(),
});
export type SignInLinkJobData = z.infer<typeof SignInLinkJobData>;

/**
 * Queues the email of a sign-in link to the address. Whether the address is
 * a client's is decided by the job, so the answer (and its timing) is the
 * same for every address.
 */
export async function requestSignInLink(
  ctx: Ctx,
  input: { email: string; language: Language; origin: string; next?: string },
) {
  await jobsOf(ctx).sendWith(ctx.db, PORTAL_SIGN_IN_LINK_JOB, {
    workspaceId: ctx.workspaceId,
    requestKey: randomUUID(),
    email: normaliseEmail(input.email),
    language: input.language,
    origin: input.origin,
    ...(input.next ? { next: input.next } : {}),
  } satisfies SignInLinkJobData);
}

export interface SendLinkDeps {
  db: Kysely<DB>;
  secrets?: Secrets;
  now: () => Date;
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
}

export type SendLinkOutcome =
  'sent' | 'unknown_address' | 'rate_limited' | 'already_sent' | 'no_mailbox';

/**
 * The job's work: when the address is a client's, a new one-time link is
 * stored (hashed) and emailed in the client's language through the
 * workspace's mailbox. Idempotent by requestKey: a retry after a failed send
 * sends one link, with a fresh token (the earlier one was never delivered).
 */
export async function sendSignInLink(
  deps: SendLinkDeps,
  data: SignInLinkJobData,
): Promise<SendLinkOutcome> {
  const { db } = deps;
  const { workspaceId } = data;
  const existing = await repo.findLinkByRequestKey(db, workspaceId, data.requestKey);
  if (existing?.sent_at) return 'already_sent';
  const client = await repo.findLiveClientByEmail(db, workspaceId, data.email);
  if (!client) return 'unknown_address';
  const workspace = await repo.findWorkspace(db, workspaceId);
  if (!workspace) return 'unknown_address';

  const now = deps.now();
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MINUTES * 60_000);
  // The client's own language first; else the one of the page they asked from.
  const language = asLanguage(client.language) ?? data.language;
  let linkId: string;
  if (existing) {
    linkId = existing.id;
    await repo.replaceLinkToken(db, workspaceId, linkId, hashSecret(token), expiresAt);
  } else {
    const since = new Date(now.getTime() - LINK_WINDOW_MINUTES * 60_000);
    if ((await repo.countLinksSince(db, workspaceId, client.id, since)) >= MAX_LINKS_PER_WINDOW) {
      deps.log.info({ workspaceId, clientId: client.id }, 'portal sign-in link not sent: too many');
      return 'rate_limited';
    }
    linkId = (
      await repo.insertLink(db, {
        workspace_id: workspaceId,
        request_key: data.requestKey,
        client_id: client.id,
        email: data.email,
        language,
        token_hash: hashSecret(token),
        created_at: now,
        expires_at: expiresAt,
      })
    ).id;
  }

  const url =
    `${data.origin}/portal/${encodeURIComponent(workspace.slug)}/sign-in/link?token=${token}` +
    (data.next ? `&next=${encodeURIComponent(data.next)}` : '');
  const email = signInEmail(language, {
    name: client.name && !client.name.includes('@') ? client.name : null,
    workspace: workspace.name,
    url,
    minutes: LINK_TTL_MINUTES,
  });
  try {
    await sendWorkspaceEmail(
      { db, secrets: deps.secrets },
      {
        workspaceId,
        fromName: workspace.name,
        to: { name: client.name, address: data.email },
        subject: email.subject,
        text: email.text,
        html: email.html,
        // An automatic message: no out-of-office answers to it.
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      },
    );
  } catch (err) {
    if (err instanceof NoMailboxError || err instanceof PermanentSendError) {
      deps.log.warn({ err, workspaceId, clientId: client.id }, 'portal sign-in link not sent');
      return 'no_mailbox';
    }
    throw err;
  }
  await repo.markLinkSent(db, workspaceId, linkId, deps.now());
  return 'sent';
}

/** Whether a link can still sign someone in (the page before the client confirms). */
export async function isLinkUsable(ctx: Ctx, token: string): Promise<boolean> {
  if (!isTokenShaped(token)) return false;
  return Boolean(await repo.findUsableLink(ctx.db, ctx.workspaceId, hashSecret(token), ctx.now()));
}

const isTokenShaped = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/**
 * Uses a link up and opens a portal session for its client; undefined when
 * the link is unknown, expired or already used. Returns the cookie value
 * (shown once, stored hashed).
 */
export async function signInWithLink(ctx: Ctx, token: string) {
  if (!isTokenShaped(token)) return undefined;
  return withTransaction(ctx, async (tx) => {
    const now = tx.now();
    const link = await repo.consumeLink(tx.db, tx.workspaceId, hashSecret(token), now);
    if (!link) return undefined;
    const cookie = newSecret();
    await repo.insertSession(tx.db, {
      id: hashSecret(cookie),
      workspace_id: tx.workspaceId,
      client_id: link.client_id,
      csrf_token: newSecret(),
      created_at: now,
      expires_at: new Date(now.getTime() + PORTAL_SESSION_TTL_HOURS * 3600_000),
    });
    await recordEvent(tx, {
      type: 'portal.signed_in',
      clientId: link.client_id,
      byClient: true,
      data: { link_id: link.id },
    });
    return { cookie, clientId: link.client_id };
  });
}

export interface PortalSession {
  viewer: PortalViewer;
  csrfToken: string;
}

/** The portal session of this workspace a cookie opens, sliding its expiry; undefined when none. */
export async function authenticatePortal(
  ctx: Ctx,
  workspace: PortalWorkspace,
  cookie: string,
): Promise<PortalSession | undefined> {
  if (!isTokenShaped(cookie)) return undefined;
  const idHash = hashSecret(cookie);
  const s = await repo.findSession(ctx.db, workspace.id, idHash);
  const now = ctx.now();
  if (!s || s.expires_at <= now) return undefined;
  if (now.getTime() - s.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await repo.touchSession(
      ctx.db,
      idHash,
      now,
      new Date(now.getTime() + PORTAL_SESSION_TTL_HOURS * 3600_000),
    );
  }
  return {
    csrfToken: s.csrf_token,
    viewer: {
      workspaceId: workspace.id,
      clientId: s.client_id,
      name: s.name,
      sharedCompanyId: sharedCompanyOf(
        { id: s.client_id, kind: s.kind, company_id: s.company_id },
        workspace.shareCompanyRequests,
      ),
      language: asLanguage(s.language) ?? null,
      timeZone: s.time_zone,
    },
  };
}

/** Ends the portal session of this cookie (signing out). */
export async function signOut(ctx: Ctx, cookie: string) {
  if (!isTokenShaped(cookie)) return;
  await repo.deleteSession(ctx.db, ctx.workspaceId, hashSecret(cookie));
}

/** Housekeeping: forget expired portal sessions and old links, in every workspace. */
export function purgeExpiredPortalSessions(db: Kysely<DB>, now: Date) {
  return repo.unscopedDeleteExpired(db, now);
}
