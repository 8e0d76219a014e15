import { Badge, Button, Center, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, toQuery, type Conversation, type Page } from '../api.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { useErrorText } from './InlineInput.tsx';
import { isLive } from './queries.ts';

const ALL_STATUSES = 'new,open,pending,on_hold,resolved,closed';

const STATUS_COLOR: Record<Conversation['status'], string> = {
  new: 'blue',
  open: 'teal',
  pending: 'yellow',
  on_hold: 'grape',
  resolved: 'gray',
  closed: 'gray',
};

/** Every conversation of the client, any status, latest activity first; each opens in the inbox. */
export function ClientConversations({
  clientId,
  currentId,
}: {
  clientId: string;
  currentId?: string;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const list = useInfiniteQuery({
    queryKey: ['client-conversations', clientId],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<Conversation>>(
        'GET',
        `/conversations${toQuery({
          view: 'all',
          client_id: clientId,
          status: ALL_STATUSES,
          limit: 10,
          cursor: pageParam,
        })}`,
        undefined,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: isLive(clientId),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap={4}>
      {list.isError && (
        <Text size="xs" c="red" role="alert">
          {errorText(list.error)}
        </Text>
      )}
      {list.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('dossier.noConversations')}
        </Text>
      )}
      <ul className="plain-list" aria-label={t('dossier.conversations')}>
        {items.map((c) => (
          <li key={c.id}>
            <Link
              className="dossier-link"
              to={`/inbox/all/${c.id}`}
              aria-current={c.id === currentId ? 'page' : undefined}
            >
              <Group gap={6} wrap="nowrap" justify="space-between">
                <Text size="sm" truncate>
                  <Text span c="dimmed" size="xs">
                    #{c.number}
                  </Text>{' '}
                  {c.subject || t('inbox.noSubject')}
                </Text>
                <Badge
                  size="xs"
                  variant="light"
                  color={STATUS_COLOR[c.status]}
                  style={{ flexShrink: 0 }}
                >
                  {t(`status.${c.status}`)}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {t(`channel.${c.channel}`)} ·{' '}
                <time
                  dateTime={c.last_message_at}
                  title={formatFullTime(c.last_message_at, i18n.language)}
                >
                  {formatMessageTime(c.last_message_at, i18n.language)}
                </time>
              </Text>
            </Link>
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <Center>
          <Button
            size="compact-xs"
            variant="subtle"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('dossier.moreConversations')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
