import { Button, Group, SegmentedControl, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, type Conversation, type Message } from '../api.ts';
import { useInvalidateConversation } from './invalidate.ts';

export function Composer({ conversation: c }: { conversation: Conversation }) {
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
