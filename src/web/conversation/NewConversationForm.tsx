import { Button, Group, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { callApi, type Conversation } from '../api.ts';
import type { Client } from '../client/types.ts';
import { DialogFooter } from '../DialogFooter.tsx';
import { DiscountNotice, useDraftDiscount } from '../discounts/ComposerDiscount.tsx';
import { describeDiscount } from '../discounts/discountText.ts';
import { approvalRequired } from '../discounts/queries.ts';
import { PromisePreview, usePromisePreview } from '../promises/PromisePreview.tsx';
import { useSession } from '../session.ts';
import '../discounts/discounts.css';

type Channel = 'email' | 'sms';

interface NewConversationBody {
  client_id: string;
  assignee_id?: string;
  subject: string;
  channel: Channel;
  direction: 'outbound';
  message: {
    body_text: string;
    discount_request?: { reason: string };
  };
}

/**
 * Writing to a client first: the channel (email or SMS, as the client can be
 * reached), a subject and the message, checked like any reply. A message that
 * promises a discount above the agent's authority is warned of as it is typed
 * and refused on send; "Ask a supervisor" then opens the conversation with the
 * message waiting for the decision, as a reply waits on an open one.
 */
export function NewConversationForm({ client, onDone }: { client: Client; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useSession().data?.user.id;
  const channels: Channel[] = [
    ...(client.emails.length ? (['email'] as const) : []),
    ...(client.phones.length ? (['sms'] as const) : []),
  ];
  const [channel, setChannel] = useState<Channel | undefined>(channels[0]);
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [missing, setMissing] = useState<'text' | 'reason' | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');

  const open = useMutation({
    mutationFn: (body: NewConversationBody) =>
      callApi<Conversation>('POST', '/conversations', body),
    onSuccess: async (conversation) => {
      onDone();
      await navigate(`/inbox/all/${conversation.id}`);
      await Promise.all(
        ['conversations', 'counts', 'client-conversations', 'discount-requests'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
    },
  });

  const draftDiscount = useDraftDiscount(undefined, text, true);
  const refused =
    open.variables?.message.body_text === text ? approvalRequired(open.error) : undefined;
  const over = refused ?? draftDiscount.over;
  // Asked for while the message still promises more than the agent may: edited down, it just goes.
  const askingFor = asking && over;
  const promises = usePromisePreview(undefined, text, true);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!channel) return;
    if (!text.trim()) {
      setMissing('text');
      return;
    }
    if (askingFor && !reason.trim()) {
      setMissing('reason');
      return;
    }
    setMissing(null);
    open.mutate({
      client_id: client.id,
      // Whoever writes first works it: it is theirs.
      ...(me ? { assignee_id: me } : {}),
      subject: subject.trim(),
      channel,
      direction: 'outbound',
      message: {
        body_text: text,
        // The server asks for what the message promises when it is sent.
        ...(askingFor ? { discount_request: { reason: reason.trim() } } : {}),
      },
    });
  };

  if (!channel)
    return (
      <Text size="sm" role="alert">
        {t('newConversation.unreachable', { name: client.name })}
      </Text>
    );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {channels.length > 1 && (
          <div>
            <Text size="sm" fw={500} id="new-conversation-channel" mb={4}>
              {t('newConversation.channel')}
            </Text>
            <SegmentedControl
              size="xs"
              aria-labelledby="new-conversation-channel"
              value={channel}
              onChange={(v) => setChannel(v as Channel)}
              data={channels.map((c) => ({ value: c, label: t(`newConversation.via.${c}`) }))}
            />
          </div>
        )}
        {channels.length === 1 && (
          <Text size="sm" c="dimmed">
            {t(`newConversation.only.${channel}`, {
              address: channel === 'email' ? client.emails[0] : client.phones[0],
            })}
          </Text>
        )}
        {channel === 'email' && (
          <TextInput
            label={t('newConversation.subject')}
            maxLength={500}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
          />
        )}
        <Textarea
          label={t('newConversation.message', { name: client.name })}
          autosize
          minRows={4}
          maxRows={10}
          required
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (e.currentTarget.value.trim() && missing === 'text') setMissing(null);
          }}
          error={missing === 'text' ? t('composer.empty') : undefined}
          data-autofocus
        />
        <PromisePreview findings={promises.findings} timeZone={promises.timeZone} />
        {over && !askingFor && (
          <DiscountNotice
            over={over}
            refused={refused !== undefined}
            approval={null}
            onAsk={() => setAsking(true)}
          />
        )}
        {askingFor && (
          <Stack gap={6} className="discount-notice">
            <Text size="sm">
              {t('newConversation.askIntro', {
                discount: describeDiscount(askingFor, t, i18n.language),
              })}
            </Text>
            <Textarea
              label={t('discounts.ask.reason')}
              description={t('discounts.ask.reasonHint')}
              autosize
              minRows={2}
              maxRows={5}
              maxLength={1000}
              required
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                if (e.currentTarget.value.trim() && missing === 'reason') setMissing(null);
              }}
              error={missing === 'reason' ? t('discounts.ask.reasonRequired') : undefined}
              // It appears when the agent chose to ask: they write the reason next.
              autoFocus
            />
            <Group justify="flex-start">
              <Button
                size="compact-xs"
                variant="subtle"
                color="gray"
                onClick={() => {
                  setAsking(false);
                  setReason('');
                }}
              >
                {t('newConversation.dontAsk')}
              </Button>
            </Group>
          </Stack>
        )}
        <DialogFooter
          error={refused ? null : open.error}
          onCancel={onDone}
          cancelLabel={t('newConversation.cancel')}
          submitLabel={askingFor ? t('newConversation.sendAndAsk') : t('newConversation.send')}
          loading={open.isPending}
        />
      </Stack>
    </form>
  );
}
