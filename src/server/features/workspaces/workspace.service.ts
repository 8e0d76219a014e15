import type { Kysely } from 'kysely';
import { withTransaction, type Ctx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { hashPassword } from '../../security.ts';
import { isTimeZone } from '../../../shared/time-zone.ts';
import { findUserByEmail, insertUser } from '../users/user.repo.ts';
import { seedDiscountAuthority } from '../discounts/discount-authority.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { seedDefaultKnowledge } from '../knowledge/default-knowledge.service.ts';
import * as repo from './workspace.repo.ts';

export interface NewWorkspace {
  name: string;
  adminEmail: string;
  adminName?: string;
  adminPassword: string;
  timeZone?: string;
  defaultLanguage?: string;
  slug?: string;
  /** Publish the default FAQ (the demo) instead of leaving it as drafts to review. */
  publishDefaultKnowledge?: boolean;
}

function slugify(name: string) {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return base || 'workspace';
}

/**
 * Creates a workspace with its first admin, the default business-hours
 * calendar and SLA policies, the default discount authority and the default
 * FAQ. A system operation (command line, sign-up, tests).
 */
export async function createWorkspace(
  ctx: Omit<Ctx, 'workspaceId' | 'actor'>,
  input: NewWorkspace,
) {
  const fields: Record<string, string> = {};
  const timeZone = input.timeZone ?? 'UTC';
  if (!input.name.trim()) fields.name = 'must not be empty';
  if (!/^[^\s@]+@[^\s@]+$/.test(input.adminEmail)) fields.admin_email = 'must be an email address';
  if (input.adminPassword.length < 8) fields.admin_password = 'must be at least 8 characters';
  if (!isTimeZone(timeZone)) fields.time_zone = 'must be an IANA time zone such as Europe/Madrid';
  if (Object.keys(fields).length) throw invalid(fields);
  const passwordHash = await hashPassword(input.adminPassword);
  const root: Ctx = { ...ctx, workspaceId: '0', actor: { kind: 'system' } };
  return withTransaction(root, async (tx) => {
    let slug = input.slug ?? slugify(input.name);
    if (input.slug && (await repo.slugTaken(tx.db, slug)))
      throw conflict('slug is taken', { slug: 'is taken' });
    for (let n = 2; await repo.slugTaken(tx.db, slug); n++) slug = `${slugify(input.name)}-${n}`;
    const workspace = await repo.insertWorkspace(tx.db, {
      name: input.name.trim(),
      slug,
      time_zone: timeZone,
      default_language: input.defaultLanguage ?? 'en',
    });
    const admin = await insertUser(tx.db, workspace.id, {
      email: input.adminEmail.trim(),
      name: input.adminName?.trim() || input.adminEmail.split('@')[0]!,
      role: 'admin',
      password_hash: passwordHash,
      language: input.defaultLanguage ?? 'en',
    });
    await repo.insertDefaultSla(tx.db, workspace.id, timeZone);
    await seedDiscountAuthority({ ...tx, workspaceId: workspace.id });
    await seedDefaultKnowledge(
      { ...tx, workspaceId: workspace.id },
      { publish: input.publishDefaultKnowledge ?? false },
    );
    await recordEvent(
      { ...tx, workspaceId: workspace.id },
      { type: 'workspace.created', data: { name: workspace.name } },
    );
    return { workspace, admin };
  });
}

/** The actor's own workspace. */
export async function getWorkspace(ctx: Ctx) {
  const ws = await repo.findWorkspace(ctx.db, ctx.workspaceId);
  if (!ws) throw notFound('workspace');
  return ws;
}

/** Admins rename the workspace, set its time zone and default language. */
export async function updateWorkspace(
  ctx: Ctx,
  patch: { name?: string; time_zone?: string; default_language?: string },
) {
  if (ctx.actor.kind !== 'user' || ctx.actor.role !== 'admin')
    throw forbidden('only an admin can change the workspace');
  if (patch.time_zone !== undefined && !isTimeZone(patch.time_zone)) {
    throw invalid({ time_zone: 'must be an IANA time zone such as Europe/Madrid' });
  }
  return withTransaction(ctx, async (tx) => {
    const before = await getWorkspace(tx);
    const after = await repo.updateWorkspace(tx.db, tx.workspaceId, patch);
    await recordEvent(tx, {
      type: 'workspace.updated',
      data: { before: pick(before, patch), after: pick(after, patch) },
    });
    return after;
  });
}

function pick<T extends object>(row: T, keys: object): Partial<T> {
  return Object.fromEntries(
    Object.keys(keys).map((k) => [k, (row as Record<string, unknown>)[k]]),
  ) as Partial<T>;
}

/** Finds a user by email in a workspace, for the command line. */
export function findUserForCli(db: Kysely<DB>, workspaceId: string, email: string) {
  return findUserByEmail(db, workspaceId, email);
}
