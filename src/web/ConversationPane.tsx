import {
  Button,
  Center,
  Group,
  Loader,
  NativeSelect,
  SegmentedControl,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  callApi,
  toQuery,
  type Conversation,
  type ConversationStatus,
  type Message,
  type Page,
} from './api.ts';
import { formatFullTime, formatMessageTime } from './format.ts';
import { SlaBadge } from './SlaBadge.tsx';

const STATUSES: ConversationStatus[] = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];

/** The open conversation: header with its controls, the messages oldest to newest, the composer. */
export function ConversationPane({ id }: { id?: string }) {
  const { t } = useTranslation();
  const conversation = useQuery({
    queryKey: ['conversation', id],
    queryFn: () => callApi<Conversation>('GET', `/conversations/${id}`),
    enabled: Boolean(id),
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
        <Loader size="sm" aria-label={t('common.loading')} />
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
      <Timeline conversationId={c.id} />
      {(c.abilities.reply || c.abilities.note) && <Composer conversation={c} />}
    </section>
  );
}

/** Refreshes everything a change to one conversation shows up in. */
function useInvalidateConversation(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['conversation', id] }),
      queryClient.invalidateQueries({ queryKey: ['messages', id] }),
      queryClient.invalidateQueries({ queryKey: ['conversations'] }),
      queryClient.invalidateQueries({ queryKey: ['counts'] }),
    ]);
}

function Header({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateConversation(c.id);
  const setStatus = useMutation({
    mutationFn: (status: ConversationStatus) =>
      callApi<Conversation>('PATCH', `/conversations/${c.id}`, { status }),
    onSuccess: invalidate,
  });
  return (
    <Group
      px="lg"
      py="sm"
      justify="space-between"
      align="flex-end"
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
    >
      <div style={{ minWidth: 0 }}>
        <Title order={2} size="h4" lineClamp={1}>
          {c.subject || t('inbox.noSubject')}
        </Title>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={600}>
            {c.client.name}
          </Text>
          <Text size="sm" c="dimmed">
            #{c.number} · {t(`channel.${c.channel}`)} · {t('conversation.assignee')}:{' '}
            {c.assignee?.name ?? t('conversation.nobody')}
            {c.team ? ` · ${t('conversation.team')}: ${c.team.name}` : ''}
          </Text>
          <SlaBadge sla={c.sla} />
        </Group>
      </div>
      <NativeSelect
        label={t('conversation.status')}
        size="xs"
        w={160}
        value={setStatus.isPending ? setStatus.variables : c.status}
        disabled={!c.abilities.update || setStatus.isPending}
        data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        onChange={(e) => setStatus.mutate(e.currentTarget.value as ConversationStatus)}
        error={
          setStatus.error ? t('common.error', { message: setStatus.error.message }) : undefined
        }
      />
    </Group>
  );
}

function Timeline({ conversationId }: { conversationId: string }) {
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

function Composer({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'outbound' | 'note'>(c.abilities.reply ? 'outbound' : 'note');
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const invalidate = useInvalidateConversation(c.id);
  const send = useMutation({
    mutationFn: (body: { direction: 'outbound' | 'note'; body_text: string }) =>
      callApi<Message>('POST', `/conversations/${c.id}/messages`, body),
    onSuccess: async () => {
      setText('');
      await invalidate();
    },
  });
  const textarea = useRef<HTMLTextAreaElement>(null);
  useEffect(() => textarea.current?.focus(), [mode]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim()) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    send.mutate({ direction: mode, body_text: text });
  };

  return (
    <form className={`composer ${mode === 'note' ? 'note' : ''}`} onSubmit={submit}>
      <SegmentedControl
        size="xs"
        mb={6}
        aria-label={t('composer.mode')}
        value={mode}
        onChange={(v) => setMode(v as 'outbound' | 'note')}
        data={[
          { value: 'outbound', label: t('composer.reply'), disabled: !c.abilities.reply },
          { value: 'note', label: t('composer.note'), disabled: !c.abilities.note },
        ]}
      />
      <Textarea
        ref={textarea}
        label={
          mode === 'note'
            ? t('composer.noteLabel')
            : t('composer.replyLabel', { client: c.client.name })
        }
        autosize
        minRows={3}
        maxRows={8}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
        }}
        error={
          empty
            ? t('composer.empty')
            : send.error
              ? t('common.error', { message: send.error.message })
              : undefined
        }
      />
      <Group justify="space-between" mt={8}>
        <Text size="xs" c="dimmed">
          {t('composer.hint')}
        </Text>
        <Button
          type="submit"
          size="sm"
          color={mode === 'note' ? 'yellow' : undefined}
          loading={send.isPending}
        >
          {mode === 'note' ? t('composer.addNote') : t('composer.sendReply')}
        </Button>
      </Group>
    </form>
  );
}
