import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { realtime } from '../realtime/client.ts';
import { useRealtimeVersion } from '../realtime/hooks.ts';

/** "The visitor is typing…" under a web chat conversation's timeline, live from the widget. */
export function VisitorTyping({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  useRealtimeVersion();
  const typing = realtime.isVisitorTyping(conversationId);
  return (
    <Text size="xs" c="dimmed" px="lg" aria-live="polite" data-testid="visitor-typing">
      {typing ? t('chat.visitorTyping') : ''}
    </Text>
  );
}
