import { Button, Center, Group, Loader, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, toQuery, type Message, type Page } from '../api.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';

export function Timeline({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const messages = useInfiniteQuery({
    queryKey: ['messages', conversationId],
    queryFn: ({ pageParam }) =>
      callApi<Page<Message>>(
        'GET',
        `/conversations/${conversationId}/messages${toQuery({ cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 15_000,
  });
  // Pages come newest first; the timeline reads oldest to newest, the newest at the bottom.
  const items = (messages.data?.pages.flatMap((p) => p.items) ?? []).slice().reverse();
  const newestId = items.at(-1)?.id;
  const bottom = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [newestId]);

  return (
    <div className="timeline">
      {messages.hasNextPage && (
        <Center mb="sm">
          <Button
            size="xs"
            variant="subtle"
            onClick={() => void messages.fetchNextPage()}
            loading={messages.isFetchingNextPage}
          >
            {t('conversation.older')}
          </Button>
        </Center>
      )}
      {messages.isPending && (
        <Center>
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
      <ol
        aria-label={t('conversation.messages')}
        style={{
          listStyle: 'none',
          margin: 0,
          padding: 0,
          display: 'flex',
          flexDirection: 'column',
          gap: 12,
        }}
      >
        {items.map((m) => (
          <MessageItem key={m.id} message={m} />
        ))}
      </ol>
      <div ref={bottom} />
    </div>
  );
}

function MessageItem({ message: m }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const author =
    m.author?.name ??
    (m.direction === 'inbound' ? t('conversation.client') : t('conversation.system'));
  return (
    <li className={`bubble ${m.direction}`}>
      <Group gap="xs" justify="space-between" wrap="nowrap" mb={4}>
        <Text size="xs" fw={600}>
          {author}
          {m.direction === 'note' && (
            <Text span size="xs" c="yellow.9" fw={700} ml={6}>
              {t('conversation.note')}
            </Text>
          )}
        </Text>
        <Text
          size="xs"
          c="dimmed"
          component="time"
          dateTime={m.created_at}
          title={formatFullTime(m.created_at, i18n.language)}
        >
          {formatMessageTime(m.created_at, i18n.language)}
        </Text>
      </Group>
      <Text size="sm">{m.body_text}</Text>
    </li>
  );
}
