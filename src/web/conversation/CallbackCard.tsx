import { Badge, Button, Group, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callApi, type Callback, type Page } from '../api.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { useNow } from '../SlaBadge.tsx';
import { useInvalidateConversation } from './invalidate.ts';
import { useAreMessagesLoading } from './queries.ts';

/** The callbacks still to make for this conversation, under its header. */
export function CallbackCards({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const callbacks = useQuery({
    queryKey: ['callbacks', { conversation: conversationId }],
    queryFn: ({ signal }) =>
      callApi<Page<Callback>>(
        'GET',
        `/callbacks?conversation_id=${conversationId}&status=scheduled&limit=5`,
        undefined,
        signal,
      ),
    enabled: !useAreMessagesLoading(conversationId),
  });
  const items = callbacks.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <ul className="callback-cards" aria-label={t('callback.list')}>
      {items.map((cb) => (
        <CallbackCard key={cb.id} callback={cb} />
      ))}
    </ul>
  );
}

function CallbackCard({ callback: cb }: { callback: Callback }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateConversation(cb.conversation_id ?? '');
  const change = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      callApi<Callback>('PATCH', `/callbacks/${cb.id}`, body),
    onSuccess: () =>
      Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: ['callbacks'] })]),
  });
  const lang = i18n.language;
  const overdue = new Date(cb.window_end ?? cb.window_start).getTime() < now;
  const when = cb.window_end
    ? t('callback.between', {
        from: formatMessageTime(cb.window_start, lang),
        to: formatMessageTime(cb.window_end, lang),
      })
    : formatMessageTime(cb.window_start, lang);
  return (
    <li className="callback-card">
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <Badge size="sm" color={overdue ? 'red' : 'blue'} variant="light" style={{ flexShrink: 0 }}>
          {overdue ? t('callback.overdue') : t('callback.upcoming')}
        </Badge>
        <Text size="sm" truncate title={formatFullTime(cb.window_start, lang)}>
          {t('callback.summary', { phone: cb.phone, when, name: cb.responsible.name })}
          {cb.attempts > 0 && ` · ${t('callback.attempts', { count: cb.attempts })}`}
        </Text>
      </Group>
      {cb.abilities.update && (
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-xs"
            variant="light"
            color="green"
            loading={change.isPending && change.variables?.status === 'done'}
            onClick={() => change.mutate({ status: 'done' })}
          >
            {t('callback.markDone')}
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            loading={change.isPending && change.variables?.status === 'cancelled'}
            onClick={() => change.mutate({ status: 'cancelled' })}
          >
            {t('callback.cancelCallback')}
          </Button>
        </Group>
      )}
      {change.error && (
        <Text size="xs" c="red" role="alert">
          {t('common.error', { message: change.error.message })}
        </Text>
      )}
    </li>
  );
}
