import { Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ConversationEvent, type Message } from '../api.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { useActiveUsers, useTeams } from './directory.ts';
import { describeEvent, type Names } from './eventText.ts';
import { interleave } from './timelineEntries.ts';
import { Attachments } from './Attachments.tsx';
import { eventsQuery, messagesQuery } from './queries.ts';
import { useWorkspaceTimeZone } from '../promises/clock.ts';
import { DeliveryState } from './DeliveryState.tsx';
import { EmailHtml } from './EmailHtml.tsx';
import { useLinkedMessage } from './linkedMessage.ts';
import { useLoadWhenNear, useTimelineScroll } from './timelineScroll.ts';

export function Timeline({
  conversationId,
  messageCount,
}: {
  conversationId: string;
  /** The conversation's message count, which tells of new messages not loaded yet. */
  messageCount: number;
}) {
  const { t } = useTranslation();
  // A link to one message (?message=: a search result, a notification, a pasted URL) opens
  // the page around it in one request; newer pages load as the agent scrolls down, older up.
  const { linkedId, leave } = useLinkedMessage();
  const messages = useInfiniteQuery(messagesQuery(conversationId, linkedId));
  const events = useInfiniteQuery(eventsQuery(conversationId));
  const users = useActiveUsers();
  const teams = useTeams();
  const names: Names = useMemo(
    () => ({
      users: new Map((users.data ?? []).map((u) => [u.id, u.name])),
      teams: new Map((teams.data ?? []).map((team) => [team.id, team.name])),
    }),
    [users.data, teams.data],
  );
  const {
    hasNextPage: hasOlder,
    hasPreviousPage: hasNewer,
    isFetchingNextPage: isFetchingOlder,
    isFetchingPreviousPage: isFetchingNewer,
    fetchNextPage: fetchOlder,
    fetchPreviousPage: fetchNewer,
  } = messages;
  const pages = messages.data?.pages ?? [];
  // Pages come newest first; the timeline reads oldest to newest, the newest at the bottom.
  const items = pages.flatMap((p) => p.items).reverse();
  const eventItems = events.data?.pages.flatMap((p) => p.items) ?? [];
  useOlderEventsAsNeeded(
    events,
    eventItems.at(-1)?.created_at,
    pages.length > 0,
    items[0]?.created_at,
    hasOlder,
  );
  // Promise lines give due times in the workspace's zone: asked for once, when there are any.
  const timeZone = useWorkspaceTimeZone(eventItems.some((e) => e.type.startsWith('promise.')));
  const entries = interleave(items, eventItems.slice().reverse(), {
    oldest: !hasOlder,
    newest: !hasNewer,
  });
  const newest = items.at(-1);

  const pane = useRef<HTMLDivElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const olderButton = useRef<HTMLDivElement>(null);
  const newerButton = useRef<HTMLDivElement>(null);
  const scroll = useTimelineScroll(pane, bottom, {
    linkedId,
    oldestId: items[0]?.id,
    // A reply's delivery line (sent, not sent and why) appearing under it counts too.
    contents: `${entries.length} ${items[0]?.id} ${newest?.id} ${newest?.delivery_state}`,
    pages: pages.length,
    hasNewer,
  });
  // Around a linked message, reaching either end of what is loaded loads the next page.
  useLoadWhenNear(pane, newerButton, scroll.isRevealed && hasNewer && !isFetchingNewer, fetchNewer);
  useLoadWhenNear(pane, olderButton, scroll.isRevealed && hasOlder && !isFetchingOlder, fetchOlder);

  // New messages arriving while the agent reads around a linked message are counted from
  // the conversation until the agent has seen the newest (Front, Zendesk and Slack show a
  // "new messages" button at the bottom rather than moving the reader).
  const [seenCount, setSeenCount] = useState(messageCount);
  const isCaughtUp = !linkedId || (!hasNewer && scroll.isAtBottom);
  useEffect(() => {
    if (isCaughtUp) setSeenCount(messageCount);
  }, [isCaughtUp, messageCount]);
  const newCount = isCaughtUp ? 0 : Math.max(0, messageCount - seenCount);
  const showJump = linkedId !== undefined && scroll.isRevealed && (hasNewer || newCount > 0);
  // The newest are loaded: scroll to them; otherwise the view without a link shows them.
  const jumpToNewest = () => (hasNewer ? leave() : scroll.toBottom());

  const isMissing =
    linkedId !== undefined && messages.error instanceof ApiError && messages.error.status === 404;

  return (
    // Focusable, so a keyboard scrolls it when no link or button inside takes the focus.
    <div className="timeline" tabIndex={0} ref={pane} onScroll={scroll.onScroll}>
      {hasOlder && (
        <Center mb="sm" ref={olderButton}>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => void fetchOlder()}
            loading={isFetchingOlder}
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
      {isMissing ? (
        <Stack align="center" gap="xs" role="status">
          <Text size="sm">{t('conversation.linkMissing')}</Text>
          <Button size="xs" variant="light" onClick={leave}>
            {t('conversation.jumpToNewest')}
          </Button>
        </Stack>
      ) : (
        messages.isError &&
        !messages.data && (
          <Text c="red" role="alert" size="sm">
            {t('common.error', { message: messages.error.message })}
          </Text>
        )
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
            <EventItem
              key={`e${entry.event.id}`}
              event={entry.event}
              names={names}
              timeZone={timeZone}
            />
          ),
        )}
      </ol>
      {hasNewer && (
        <Center mt="sm" ref={newerButton}>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => void fetchNewer()}
            loading={isFetchingNewer}
          >
            {t('conversation.newer')}
          </Button>
        </Center>
      )}
      <div ref={bottom} />
      {linkedId !== undefined && (
        // Always there around a linked message, so a screen reader hears the count change.
        <div className="timeline-jump" aria-live="polite">
          {showJump && (
            <Button
              size="xs"
              radius="xl"
              onClick={jumpToNewest}
              rightSection={<span aria-hidden>↓</span>}
            >
              {newCount > 0
                ? t('conversation.newMessages', { count: newCount })
                : t('conversation.jumpToNewest')}
            </Button>
          )}
        </div>
      )}
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
            <Text span size="xs" className="note-label" fw={700} ml={6}>
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
function EventItem({
  event: e,
  names,
  timeZone,
}: {
  event: ConversationEvent;
  names: Names;
  timeZone: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const text = describeEvent(e, t, i18n.language, names, timeZone);
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

/**
 * Asks for older pages of events until they reach back to the oldest message shown
 * (every page, once the conversation's first message is shown): a long conversation
 * has more events than the newest page holds, and scrolling back, or a link to an
 * old message, must show the changes made back then too.
 */
function useOlderEventsAsNeeded(
  events: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown },
  oldestEventAt: string | undefined,
  messagesShown: boolean,
  oldestMessageAt: string | undefined,
  hasOlderMessages: boolean,
) {
  const needed =
    messagesShown &&
    events.hasNextPage &&
    !events.isFetchingNextPage &&
    oldestEventAt !== undefined &&
    (!hasOlderMessages || (oldestMessageAt !== undefined && oldestEventAt > oldestMessageAt));
  const { fetchNextPage } = events;
  useEffect(() => {
    if (needed) void fetchNextPage();
  }, [needed, fetchNextPage]);
}
