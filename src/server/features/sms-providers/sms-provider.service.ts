import { randomBytes } from 'node:crypto';
import type { Updateable } from 'kysely';
import { secretsOf, withTransaction, type Ctx } from '../../context.ts';
import type { SmsProvidersTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { getTeam } from '../teams/team.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { canSmsProvider, type SmsProviderAction } from './sms-provider.policy.ts';
import * as repo from './sms-provider.repo.ts';
import type { SmsProviderRow } from './sms-provider.repo.ts';

export type { SmsProviderRow };

function authorise(ctx: Ctx, action: SmsProviderAction) {
  if (!canSmsProvider(ctx.actor, action)) throw forbidden();
}

/** A fresh webhook signing secret: 32 random bytes, hex. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('hex');
}

/** A second provider on the same number would make inbound routing ambiguous. */
async function guardNumber<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('another SMS provider of this workspace has that number', {
        phone_number: 'is taken',
      });
    }
    throw err;
  }
}

async function requireTeam(ctx: Ctx, teamId: string | null | undefined) {
  if (!teamId) return;
  try {
    await getTeam(ctx, teamId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      throw invalid({ default_team_id: 'must be a team of this workspace' });
    }
    throw err;
  }
}

export async function listSmsProviders(ctx: Ctx): Promise<SmsProviderRow[]> {
  authorise(ctx, 'list');
  return repo.listSmsProviders(ctx.db, ctx.workspaceId);
}

/** The provider, or not_found (also for another workspace's). */
export async function getSmsProvider(ctx: Ctx, id: string): Promise<SmsProviderRow> {
  authorise(ctx, 'read');
  const row = await repo.findSmsProvider(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('SMS provider');
  return row;
}

export interface NewSmsProviderInput {
  name: string;
  kind: 'generic_http';
  phone_number: string;
  send_url: string;
  auth_header_name?: string;
  auth_header_value?: string;
  webhook_secret?: string;
  default_team_id?: string | null;
  is_active: boolean;
}

/** Adds a provider; its secrets are sealed, the signing secret is returned this once. */
export async function createSmsProvider(ctx: Ctx, input: NewSmsProviderInput) {
  authorise(ctx, 'create');
  if (input.auth_header_value && !input.auth_header_name) {
    throw invalid({ auth_header_name: 'is needed with auth_header_value' });
  }
  const secrets = secretsOf(ctx);
  const webhookSecret = input.webhook_secret ?? newWebhookSecret();
  return withTransaction(ctx, async (tx) => {
    await requireTeam(tx, input.default_team_id);
    const row = await guardNumber(() =>
      repo.insertSmsProvider(tx.db, tx.workspaceId, {
        name: input.name,
        kind: input.kind,
        phone_number: input.phone_number,
        send_url: input.send_url,
        auth_header_name: input.auth_header_name ?? null,
        auth_header_value_sealed: input.auth_header_value
          ? secrets.seal(input.auth_header_value)
          : null,
        webhook_secret_sealed: secrets.seal(webhookSecret),
        default_team_id: input.default_team_id ?? null,
        is_active: input.is_active,
      }),
    );
    await recordEvent(tx, { type: 'sms_provider.created', data: { id: row.id, name: row.name } });
    return { row, webhookSecret };
  });
}

export interface PatchSmsProviderInput {
  name?: string;
  phone_number?: string;
  send_url?: string;
  auth_header_name?: string | null;
  auth_header_value?: string | null;
  webhook_secret?: string;
  rotate_webhook_secret?: true;
  default_team_id?: string | null;
  is_active?: boolean;
}

/** Changes a provider; a new or rotated signing secret is returned this once. */
export async function updateSmsProvider(ctx: Ctx, id: string, input: PatchSmsProviderInput) {
  authorise(ctx, 'update');
  if (input.webhook_secret && input.rotate_webhook_secret) {
    throw invalid({ rotate_webhook_secret: 'give either webhook_secret or rotate_webhook_secret' });
  }
  const secrets = secretsOf(ctx);
  return withTransaction(ctx, async (tx) => {
    const current = await repo.findSmsProvider(tx.db, tx.workspaceId, id);
    if (!current) throw notFound('SMS provider');
    await requireTeam(tx, input.default_team_id);
    const patch: Updateable<SmsProvidersTable> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.phone_number !== undefined) patch.phone_number = input.phone_number;
    if (input.send_url !== undefined) patch.send_url = input.send_url;
    if (input.auth_header_name !== undefined) patch.auth_header_name = input.auth_header_name;
    if (input.auth_header_value !== undefined) {
      patch.auth_header_value_sealed = input.auth_header_value
        ? secrets.seal(input.auth_header_value)
        : null;
    }
    const headerName =
      input.auth_header_name !== undefined ? input.auth_header_name : current.auth_header_name;
    const hasValue =
      input.auth_header_value !== undefined
        ? !!input.auth_header_value
        : current.auth_header_value_sealed !== null;
    if (hasValue && !headerName) {
      throw invalid({ auth_header_name: 'is needed while a header value is set' });
    }
    const webhookSecret =
      input.webhook_secret ?? (input.rotate_webhook_secret ? newWebhookSecret() : undefined);
    if (webhookSecret) patch.webhook_secret_sealed = secrets.seal(webhookSecret);
    if (input.default_team_id !== undefined) patch.default_team_id = input.default_team_id;
    if (input.is_active !== undefined) patch.is_active = input.is_active;
    const row = await guardNumber(() => repo.updateSmsProvider(tx.db, tx.workspaceId, id, patch));
    if (!row) throw notFound('SMS provider');
    await recordEvent(tx, {
      type: 'sms_provider.updated',
      data: { id, fields: Object.keys(input) },
    });
    return { row, webhookSecret };
  });
}

export async function deleteSmsProvider(ctx: Ctx, id: string): Promise<void> {
  authorise(ctx, 'delete');
  await withTransaction(ctx, async (tx) => {
    if (!(await repo.deleteSmsProvider(tx.db, tx.workspaceId, id))) throw notFound('SMS provider');
    await recordEvent(tx, { type: 'sms_provider.deleted', data: { id } });
  });
}
