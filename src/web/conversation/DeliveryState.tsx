import { Button, Group, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callApi, type Message } from '../api.ts';
import { DELIVERY_TEXT } from './deliveryColors.ts';
import { useInvalidateConversation } from './invalidate.ts';

/**
 * Where an agent's reply by email or SMS is: waiting to be sent (and why the
 * last attempt failed, while it is retried), sent, delivered, or not sent
 * with the reason and "Send again" (once what stopped it is fixed: the same
 * message goes, so nothing it promised is lost or recorded twice). Nothing for
 * messages that are not sent anywhere.
 */
export function DeliveryState({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateConversation(m.conversation_id);
  const resend = useMutation({
    mutationFn: () =>
      callApi<Message>('POST', `/conversations/${m.conversation_id}/messages/${m.id}/resend`),
    onSuccess: () => invalidate(),
  });
  if (m.direction !== 'outbound' || m.delivery_state === 'none') return null;
  const state = m.delivery_state;
  const failed = state === 'failed';
  const retrying = state === 'queued' && m.delivery_error;
  // The reason in the agent's language; the server's own words (for whoever fixes it) on hover.
  const reason = m.delivery_error_code
    ? t(`delivery.reason.${m.delivery_error_code}`)
    : (m.delivery_error ?? t('delivery.unknownReason'));
  const line = (
    <Text
      size="xs"
      mt={failed ? 0 : 4}
      c={failed ? DELIVERY_TEXT.failed : retrying ? DELIVERY_TEXT.retrying : 'dimmed'}
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
  if (!failed) return line;
  return (
    <Group gap="xs" mt={4} wrap="wrap" align="center">
      {line}
      <Button
        size="compact-xs"
        variant="light"
        color="red"
        loading={resend.isPending}
        onClick={() => resend.mutate()}
      >
        {t('delivery.resend')}
      </Button>
      {resend.error && (
        <Text size="xs" c="red.9" role="alert">
          {t('common.error', { message: resend.error.message })}
        </Text>
      )}
    </Group>
  );
}
