import { Button, Group, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { callApi, type Conversation } from '../api.ts';
import type { Client } from '../client/types.ts';
import { DialogFooter } from '../DialogFooter.tsx';
import type { Finding } from '../../shared/coach/index.ts';
import { DiscountReasonField } from '../discounts/ComposerDiscount.tsx';
import { describeDiscount } from '../discounts/discountText.ts';
import { useSession } from '../session.ts';
import type { NewChannel as Channel } from './coach.ts';
import { CoachOverrideDialog } from './CoachOverrideDialog.tsx';
import { DraftCheckNotes, useDraftChecks, withCoachHighlights } from './DraftChecks.tsx';
import '../discounts/discounts.css';

interface NewConversationBody {
  client_id: string;
  assignee_id?: string;
  subject: string;
  channel: Channel;
  direction: 'outbound';
  message: {
    body_text: string;
    discount_request?: { reason: string };
    coach_override?: { reason: string };
  };
}

/**
 * Writing to a client first: the channel (email or SMS, as the client can be
 * reached), a subject and the message, checked as it is typed like any reply in
 * the composer (DraftChecks: the coach's underlines and rewrites, a block only
 * a supervisor sends anyway, the promises and the discount). A message that
 * promises a discount above the agent's authority is refused on send; "Ask a
 * supervisor" then opens the conversation with the message waiting for the
 * decision, as a reply waits on an open one.
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
  const [overriding, setOverriding] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

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

  const checks = useDraftChecks(
    { clientId: client.id, channel: channel ?? 'email' },
    text,
    channel !== undefined,
    { text: open.variables?.message.body_text, error: open.error },
  );
  const refused = checks.refusedDiscount;
  const over = checks.overDiscount;
  // Asked for while the message still promises more than the agent may: edited down, it just goes.
  const askingFor = asking && over;

  const openWith = (override?: { reason: string }) => {
    if (!channel) return;
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
        ...(override ? { coach_override: override } : {}),
      },
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setMissing('text');
      return;
    }
    if (askingFor && !reason.trim()) {
      setMissing('reason');
      return;
    }
    setMissing(null);
    if (checks.blocksNow(text)) return;
    openWith();
  };

  const applyRewrite = (finding: Finding) => {
    const applied = checks.rewrite(text, finding);
    if (!applied) return;
    setText(applied.text);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(applied.caret, applied.caret);
    });
  };

  if (!channel)
    return (
      <Text size="sm" role="alert">
        {t('newConversation.unreachable', { name: client.name })}
      </Text>
    );

  return (
    <>
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
            ref={textarea}
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
            inputContainer={withCoachHighlights(checks, textarea, text)}
            data-autofocus
          />
          <DraftCheckNotes
            checks={checks}
            onApply={applyRewrite}
            onAskDiscount={() => setAsking(true)}
            hideDiscount={Boolean(askingFor)}
          />
          {askingFor && (
            <Stack gap={6} className="discount-notice">
              <Text size="sm">
                {t('newConversation.askIntro', {
                  discount: describeDiscount(askingFor, t, i18n.language),
                })}
              </Text>
              <DiscountReasonField
                value={reason}
                onChange={(value) => {
                  setReason(value);
                  if (value.trim() && missing === 'reason') setMissing(null);
                }}
                missing={missing === 'reason'}
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
            loading={open.isPending && !overriding}
            {...(checks.blocked
              ? {
                  blockedNote: {
                    id: `coach-blocked-new-${client.id}`,
                    text: t('coach.sendBlocked'),
                  },
                }
              : {})}
            extra={
              checks.blocked && checks.canOverride ? (
                <Button variant="outline" color="red" onClick={() => setOverriding(true)}>
                  {t('coach.sendAnyway')}
                </Button>
              ) : undefined
            }
          />
        </Stack>
      </form>
      {overriding && (
        <CoachOverrideDialog
          blocked={checks.blockingFindings}
          sending={open.isPending}
          error={open.error}
          onSend={(why) => openWith({ reason: why })}
          onClose={() => setOverriding(false)}
        />
      )}
    </>
  );
}
