import type { Actor } from '../../context.ts';
import { canSmsProvider } from './sms-provider.policy.ts';
import type { SmsProviderRow } from './sms-provider.repo.ts';

/** The webhook paths a provider is configured with (under the server's public address). */
export function smsWebhookPaths(providerId: string) {
  return {
    inbound: `/api/v1/sms/${providerId}/inbound`,
    status: `/api/v1/sms/${providerId}/status`,
  };
}

/** The API shape of a provider: never its secrets, only whether they are set. */
export function presentSmsProvider(row: SmsProviderRow, actor: Actor, origin: string) {
  const paths = smsWebhookPaths(row.id);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    phone_number: row.phone_number,
    send_url: row.send_url,
    auth_header_name: row.auth_header_name,
    has_auth_header_value: row.auth_header_value_sealed !== null,
    default_team_id: row.default_team_id,
    is_active: row.is_active,
    webhooks: { inbound_url: origin + paths.inbound, status_url: origin + paths.status },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    abilities: {
      update: canSmsProvider(actor, 'update'),
      delete: canSmsProvider(actor, 'delete'),
    },
  };
}
