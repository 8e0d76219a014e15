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
  return (
    <Text
      size="xs"
      mt={4}
      c={failed ? 'red.8' : retrying ? 'orange.9' : 'dimmed'}
      role={failed ? 'alert' : 'status'}
      data-delivery-state={state}
    >
      {failed
        ? t('delivery.failed', { reason: m.delivery_error ?? t('delivery.unknownReason') })
        : retrying
          ? t('delivery.retrying', { reason: m.delivery_error })
          : t(`delivery.${state}`)}
    </Text>
  );
}
