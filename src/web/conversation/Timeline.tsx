import { Anchor, Button, Center, Group, Loader, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ConversationEvent, Message } from '../api.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { useActiveUsers, useTeams } from './directory.ts';
import { describeEvent, type Names } from './eventText.ts';
import { interleave } from './timelineEntries.ts';
import { Attachments } from './Attachments.tsx';
import { eventsQuery, messagesQuery } from './queries.ts';
import { DeliveryState } from './DeliveryState.tsx';
import { EmailHtml } from './EmailHtml.tsx';

export function Timeline({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const messages = useInfiniteQuery(messagesQuery(conversationId));
  const events = useQuery(eventsQuery(conversationId));
  const users = useActiveUsers();
  const teams = useTeams();
  const names: Names = useMemo(
    () => ({
      users: new Map((users.data ?? []).map((u) => [u.id, u.name])),
      teams: new Map((teams.data ?? []).map((team) => [team.id, team.name])),
    }),
    [users.data, teams.data],
  );
  // Pages come newest first; the timeline reads oldest to newest, the newest at the bottom.
  const items = (messages.data?.pages.flatMap((p) => p.items) ?? []).slice().reverse();
  const entries = interleave(
    items,
    (events.data?.items ?? []).slice().reverse(),
    !messages.hasNextPage,
  );
  // A reply's delivery line (sent, not sent and why) appearing under it scrolls it into view too.
  const newestId = entries.length
    ? `${entries.at(-1)!.kind}${entries.length}${items.at(-1)?.delivery_state ?? ''}`
    : undefined;
  const bottom = useRef<HTMLDivElement>(null);
  // A link to one message (?message=, from search) shows it instead of the newest, loading
  // older pages until it is there, and until a newer message arrives.
  const [params] = useSearchParams();
  const linkedId = params.get('message');
  const isLinkedLoaded = linkedId !== null && items.some((m) => m.id === linkedId);
  const shownLinked = useRef<{ id: string; newest?: string } | null>(null);
  const newestMessageId = items.at(-1)?.id;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = messages;
  useEffect(() => {
    if (linkedId && !isLinkedLoaded && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [linkedId, isLinkedLoaded, hasNextPage, isFetchingNextPage, fetchNextPage]);
  useLayoutEffect(() => {
    const linked = linkedId ? document.getElementById(`message-${linkedId}`) : null;
    const shown = shownLinked.current;
    if (linked && (shown?.id !== linkedId || shown.newest === newestMessageId)) {
      shownLinked.current = { id: linkedId!, newest: newestMessageId };
      linked.scrollIntoView({ block: 'center' });
      return;
    }
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [newestId, linkedId, isLinkedLoaded, newestMessageId]);

  return (
    // Focusable, so a keyboard scrolls it when no link or button inside takes the focus.
    <div className="timeline" tabIndex={0}>
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
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
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
        {entries.map((entry) =>
          entry.kind === 'message' ? (
            <MessageItem
              key={`m${entry.message.id}`}
              message={entry.message}
              isLinked={entry.message.id === linkedId}
            />
          ) : (
            <EventItem key={`e${entry.event.id}`} event={entry.event} names={names} />
          ),
        )}
      </ol>
      <div ref={bottom} />
    </div>
  );
}

function MessageItem({ message: m, isLinked }: { message: Message; isLinked: boolean }) {
  const { t, i18n } = useTranslation();
  const [plain, setPlain] = useState(false);
  const author =
    m.author?.name ??
    (m.direction === 'inbound' ? t('conversation.client') : t('conversation.system'));
  return (
    <li
      id={`message-${m.id}`}
      className={`bubble ${m.direction}${isLinked ? ' linked' : ''}`}
      aria-current={isLinked ? 'true' : undefined}
    >
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
      {m.body_html && !plain ? <EmailHtml message={m} /> : <Text size="sm">{m.body_text}</Text>}
      {m.body_html && (
        <Anchor component="button" type="button" size="xs" onClick={() => setPlain(!plain)}>
          {plain ? t('emailHtml.showHtml') : t('emailHtml.showText')}
        </Anchor>
      )}
      <Attachments items={m.attachments} />
      <DeliveryState message={m} />
    </li>
  );
}

/** An event as a compact grey line: "Ioana assigned this to Bence · 10:42". */
function EventItem({ event: e, names }: { event: ConversationEvent; names: Names }) {
  const { t, i18n } = useTranslation();
  const text = describeEvent(e, t, i18n.language, names);
  if (!text) return null;
  return (
    <li className="timeline-event" data-event-type={e.type}>
      <Text size="xs" c="gray.7" component="span">
        {text}
        {' · '}
        <time dateTime={e.created_at} title={formatFullTime(e.created_at, i18n.language)}>
          {formatMessageTime(e.created_at, i18n.language)}
        </time>
      </Text>
    </li>
  );
}
