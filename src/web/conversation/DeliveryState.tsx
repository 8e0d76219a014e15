import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Message } from '../api.ts';

/**
 * Where an agent's reply by email or SMS is: waiting to be sent (and why the
 * last attempt failed, while it is retried), sent, delivered, or not sent
 * with the reason. Nothing for messages that are not sent anywhere.
 */
export function DeliveryState({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  if (m.direction !== 'outbound' || m.delivery_state === 'none') return null;
  const state = m.delivery_state;
  const failed = state === 'failed';
  const retrying = state === 'queued' && m.delivery_error;
  // The reason in the agent's language; the server's own words (for whoever fixes it) on hover.
  const reason = m.delivery_error_code
    ? t(`delivery.reason.${m.delivery_error_code}`)
    : (m.delivery_error ?? t('delivery.unknownReason'));
  return (
    <Text
      size="xs"
      mt={4}
      c={failed ? 'red.8' : retrying ? 'orange.9' : 'dimmed'}
      role={failed ? 'alert' : 'status'}
      data-delivery-state={state}
      title={(failed || retrying) && m.delivery_error ? m.delivery_error : undefined}
    >
      {failed
        ? t('delivery.failed', { reason })
        : retrying
          ? t('delivery.retrying', { reason })
          : t(`delivery.${state}`)}
    </Text>
  );
}
