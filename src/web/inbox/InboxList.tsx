import { Badge, Button, Center, Group, Loader, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, toQuery, type Conversation, type InboxView, type Page } from '../api.ts';
import { formatMessageTime } from '../format.ts';
import { SlaBadge } from '../SlaBadge.tsx';

const PAGE_SIZE = 25;

/** One view's conversations, newest activity first, a page at a time over the keyset cursor. */
export function InboxList({ view, selectedId }: { view: InboxView; selectedId?: string }) {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: ['conversations', view],
    queryFn: ({ pageParam }) =>
      callApi<Page<Conversation>>(
        'GET',
        `/conversations${toQuery({ view, limit: PAGE_SIZE, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 30_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="list-pane" aria-label={t('inbox.label')}>
      {list.isPending && (
        <Center p="xl">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
      {list.isError && (
        <Text c="red" p="md" role="alert">
          {t('common.error', { message: list.error.message })}
        </Text>
      )}
      {list.isSuccess && items.length === 0 && (
        <Text c="dimmed" p="md">
          {t('inbox.empty')}
        </Text>
      )}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((c) => (
          <li key={c.id}>
            <Row conversation={c} view={view} selected={c.id === selectedId} />
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <Center p="sm">
          <Button
            variant="subtle"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('inbox.loadMore')}
          </Button>
        </Center>
      )}
      {items.length > 0 && (
        <Text size="xs" c="dimmed" ta="center" pb="sm">
          {t('inbox.shown', { count: items.length })}
        </Text>
      )}
    </section>
  );
}

function Row({
  conversation: c,
  view,
  selected,
}: {
  conversation: Conversation;
  view: InboxView;
  selected: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Link
      className="row"
      to={`/inbox/${view}/${c.id}`}
      aria-current={selected ? 'page' : undefined}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" truncate>
          {c.client.name}
        </Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {formatMessageTime(c.last_message_at, i18n.language)}
        </Text>
      </Group>
      <Text size="sm" truncate>
        {c.subject || t('inbox.noSubject')}
      </Text>
      <Text size="xs" c="dimmed" lineClamp={1}>
        {c.last_excerpt}
      </Text>
      <Group gap={6} mt={6} wrap="nowrap">
        <Badge size="sm" variant="outline" color="gray" style={{ textTransform: 'none' }}>
          {t(`channel.${c.channel}`)}
        </Badge>
        <Text size="xs" c={c.assignee ? undefined : 'dimmed'} truncate style={{ flex: 1 }}>
          {c.assignee?.name ?? t('inbox.unassigned')}
        </Text>
        <SlaBadge sla={c.sla} />
      </Group>
    </Link>
  );
}
