import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, type Page } from '../api.ts';
import { formatMessageTime } from '../format.ts';
import { formatDuration, outcomeName } from './callText.ts';
import { LogCallDialog, type Call } from './LogCallDialog.tsx';

/**
 * A client's latest calls, newest first, with "Log a call": in the dossier
 * beside a conversation (the call then joins it) and on the client's page.
 */
export function ClientCalls({
  client,
  conversationId,
  limit = 20,
}: {
  client: { id: string; name: string };
  conversationId?: string;
  limit?: number;
}) {
  const { t, i18n } = useTranslation();
  const [logging, setLogging] = useState(false);
  const calls = useQuery({
    queryKey: ['calls', 'client', client.id, limit],
    queryFn: ({ signal }) =>
      callApi<Page<Call>>('GET', `/calls?client_id=${client.id}&limit=${limit}`, undefined, signal),
  });
  return (
    <Stack gap="xs">
      <Group>
        <Button size="xs" variant="light" onClick={() => setLogging(true)}>
          {t('calls.logCall')}
        </Button>
      </Group>
      {calls.isError ? (
        <Text c="red" size="sm" role="alert">
          {t('common.error', { message: calls.error.message })}
        </Text>
      ) : calls.data && calls.data.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('calls.client.empty')}
        </Text>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          aria-label={t('calls.client.title')}
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {calls.data?.items.map((call) => (
            <li key={call.id}>
              <Group gap={6} wrap="wrap" justify="space-between" align="baseline">
                <Group gap={6} wrap="wrap" align="baseline" style={{ minWidth: 0 }}>
                  <Badge
                    size="sm"
                    variant="light"
                    color={call.outcome === 'answered' ? 'green' : 'gray'}
                  >
                    {outcomeName(t, call.outcome)}
                  </Badge>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {t(`calls.direction.${call.direction}`)} · {call.phone} ·{' '}
                    {formatDuration(call.duration_seconds)}
                    {call.agent ? ` · ${call.agent.name}` : ''}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  <time dateTime={call.started_at}>
                    {formatMessageTime(call.started_at, i18n.language)}
                  </time>
                </Text>
              </Group>
              {call.notes && (
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {call.notes}
                </Text>
              )}
            </li>
          ))}
        </Stack>
      )}
      {logging && (
        <LogCallDialog
          client={client}
          conversationId={conversationId}
          onClose={() => setLogging(false)}
        />
      )}
    </Stack>
  );
}
