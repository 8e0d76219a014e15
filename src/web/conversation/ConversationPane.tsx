import { Center, Loader, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CallbackCards } from './CallbackCard.tsx';
import { Composer } from './Composer.tsx';
import { Header } from './Header.tsx';
import { Timeline } from './Timeline.tsx';
import { Presence } from '../realtime/Presence.tsx';
import { PromiseCards } from '../promises/PromiseCards.tsx';
import { VisitorTyping } from './VisitorTyping.tsx';
import { conversationFromLists, conversationQuery, prefetchConversation } from './queries.ts';

/** The open conversation: header with its controls, the messages oldest to newest, the composer. */
export function ConversationPane({ id }: { id?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The messages and events load alongside the conversation, not after it.
  useEffect(() => {
    if (id) prefetchConversation(queryClient, id);
  }, [id, queryClient]);
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
      <PromiseCards conversationId={c.id} />
      <Timeline conversationId={c.id} />
      {c.channel === 'chat' && <VisitorTyping conversationId={c.id} />}
      {(c.abilities.reply || c.abilities.note) && <Composer conversation={c} />}
    </section>
  );
}
