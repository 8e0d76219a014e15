import { Center, Loader, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CallbackCards } from './CallbackCard.tsx';
import { Header } from './Header.tsx';
import { Timeline } from './Timeline.tsx';
import { useLinkedMessage } from './linkedMessage.ts';
import { Presence } from '../realtime/Presence.tsx';
import { VisitorTyping } from './VisitorTyping.tsx';
import { lazyNamedWhenIdle } from '../lazy.ts';
import {
  conversationFromLists,
  conversationQuery,
  giveUpOtherConversations,
  prefetchConversation,
} from './queries.ts';

// The composer (with the reply coach) and the promise cards load after the inbox is on
// screen, keeping the inbox's first download within its budget (docs/benchmarks.md).
const Composer = lazyNamedWhenIdle(() => import('./Composer.tsx'), 'Composer');
const PromiseCards = lazyNamedWhenIdle(
  () => import('../promises/PromiseCards.tsx'),
  'PromiseCards',
);

/** The open conversation: header with its controls, the messages oldest to newest, the composer. */
export function ConversationPane({ id }: { id?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // A link to one message (?message=) opens the conversation at it.
  const { linkedId } = useLinkedMessage();
  // The messages and events load alongside the conversation, not after it.
  useEffect(() => {
    if (id) prefetchConversation(queryClient, id, linkedId);
  }, [id, linkedId, queryClient]);
  // What the conversations left behind still wait for is given up (a prefetch
  // has no screen watching it, so react-query would let it run). The pane is keyed
  // by the conversation: this runs once each is opened, and once the list is left
  // without one.
  useEffect(() => giveUpOtherConversations(queryClient, id), [id, queryClient]);
  // Keyed by the conversation: mounting is opening it.
  const openedAt = useRef(performance.now());
  const conversation = useQuery({
    ...conversationQuery(id ?? ''),
    enabled: Boolean(id),
    placeholderData: () => (id ? conversationFromLists(queryClient, id) : undefined),
  });

  if (!id)
    return (
      <Center className="conversation-pane">
        <Text c="dimmed">{t('conversation.none')}</Text>
      </Center>
    );
  if (conversation.isPending)
    return (
      <Center className="conversation-pane">
        <Loader size="sm" role="status" aria-label={t('common.loading')} />
      </Center>
    );
  if (conversation.isError)
    return (
      <Center className="conversation-pane">
        <Text c="red" role="alert">
          {t('common.error', { message: conversation.error.message })}
        </Text>
      </Center>
    );
  const c = conversation.data;
  return (
    <section className="conversation-pane" aria-label={c.subject || t('inbox.noSubject')}>
      <Header conversation={c} />
      <Presence conversationId={c.id} />
      <CallbackCards conversationId={c.id} />
      <Suspense fallback={null}>
        <PromiseCards conversationId={c.id} />
      </Suspense>
      <Timeline key={c.id} conversationId={c.id} messageCount={c.message_count} />
      {c.channel === 'chat' && <VisitorTyping conversationId={c.id} />}
      {(c.abilities.reply || c.abilities.note) && (
        <Suspense fallback={null}>
          <Composer conversation={c} openedAt={openedAt.current} />
        </Suspense>
      )}
    </section>
  );
}
