import { Blockquote, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDeferredValue, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isWithinLimit } from '../../shared/api/discounts.ts';
import { detectDiscounts } from '../../shared/discounts/index.ts';
import { DialogFooter } from '../DialogFooter.tsx';
import { describeDiscount, describeLimit } from './discountText.ts';
import {
  useAskForDiscount,
  useConversationDiscountRequests,
  useMyDiscountAuthority,
  type DiscountOverLimit,
  type DiscountRequest,
} from './queries.ts';

/**
 * The discount a draft reply promises, held against the agent's own authority
 * as they type (the same reading the server makes on send): above it, what
 * was found and the limit; covered by an unused approval on the conversation,
 * that approval. A new conversation (no id yet) has no approvals.
 */
export function useDraftDiscount(
  conversationId: string | undefined,
  text: string,
  active: boolean,
) {
  const draft = useDeferredValue(text);
  const found = useMemo(() => {
    if (!active || !draft.trim()) return null;
    const d = detectDiscounts(draft);
    return d.percent !== null || d.coupons > 0
      ? { percent: d.percent ?? 0, coupons: d.coupons }
      : null;
  }, [active, draft]);
  // The limit is fetched the first time a draft promises anything.
  const mine = useMyDiscountAuthority(found !== null);
  const requests = useConversationDiscountRequests(conversationId);
  if (!found || !mine.data) return { over: null, approval: null };
  const limit = { max_percent: mine.data.max_percent, max_coupons: mine.data.max_coupons };
  if (isWithinLimit(found, limit)) return { over: null, approval: null };
  const approval =
    requests.data?.items.find(
      (r) =>
        r.status === 'approved' &&
        r.used_message_id === null &&
        r.requester.id === mine.data.user.id &&
        r.percent >= found.percent &&
        r.coupons >= found.coupons,
    ) ?? null;
  return { over: { ...found, limit } satisfies DiscountOverLimit, approval };
}

/**
 * Under the draft: the discount it promises is above the agent's authority
 * (seen as they type, or refused on send), with "Ask a supervisor"; or an
 * approval on the conversation covers it.
 */
export function DiscountNotice({
  over,
  refused,
  approval,
  onAsk,
}: {
  over: DiscountOverLimit;
  refused: boolean;
  approval: DiscountRequest | null;
  onAsk: () => void;
}) {
  const { t, i18n } = useTranslation();
  const discount = describeDiscount(over, t, i18n.language);
  if (approval && !refused)
    return (
      <Text size="sm" className="discount-notice approved" role="status">
        {t('discounts.composer.covered', {
          name: approval.decided_by?.name ?? '',
          discount: describeDiscount(approval, t, i18n.language),
        })}
      </Text>
    );
  return (
    <Group
      className="discount-notice"
      gap="xs"
      justify="space-between"
      wrap="wrap"
      role={refused ? 'alert' : 'status'}
    >
      <Text size="sm" style={{ flex: '1 1 20rem' }}>
        {t(refused ? 'discounts.composer.refused' : 'discounts.composer.hint', {
          discount,
          limit: describeLimit(over.limit, t, i18n.language),
        })}
      </Text>
      <Button
        size="compact-sm"
        variant={refused ? 'filled' : 'light'}
        color={refused ? 'red' : 'orange'}
        onClick={onAsk}
      >
        {t('discounts.composer.ask')}
      </Button>
    </Group>
  );
}

/**
 * Why the agent asks for a discount above their authority (required): in the
 * "Ask a supervisor" dialog and in the New conversation form alike.
 */
export function DiscountReasonField({
  value,
  onChange,
  missing,
  autoFocus = false,
}: {
  value: string;
  onChange: (value: string) => void;
  missing: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('discounts.ask.reason')}
      description={t('discounts.ask.reasonHint')}
      autosize
      minRows={2}
      maxRows={5}
      maxLength={1000}
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={missing ? t('discounts.ask.reasonRequired') : undefined}
      // It appears when the agent chose to ask: they write the reason next.
      autoFocus={autoFocus}
      data-autofocus={autoFocus ? undefined : true}
    />
  );
}

/**
 * "Ask a supervisor": the discount and the agent's limit, the reply that will
 * wait for the decision, and the reason (required). On success the reply
 * lives on the request; the composer is emptied by the caller.
 */
export function AskDiscountDialog({
  conversationId,
  over,
  replyText,
  onAsked,
  onClose,
}: {
  conversationId: string;
  over: DiscountOverLimit;
  replyText: string;
  onAsked: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const ask = useAskForDiscount(conversationId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The dialog sits in a portal inside the composer's React tree: its submit is not the composer's.
    e.stopPropagation();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    ask.mutate(
      {
        percent: over.percent,
        coupons: over.coupons,
        reason: reason.trim(),
        reply_text: replyText,
      },
      { onSuccess: onAsked },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('discounts.ask.title')}
      closeButtonProps={{ 'aria-label': t('discounts.close') }}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {t('discounts.ask.intro', {
              discount: describeDiscount(over, t, i18n.language),
              limit: describeLimit(over.limit, t, i18n.language),
            })}
          </Text>
          <div>
            <Text size="sm" fw={500} id="discount-ask-reply">
              {t('discounts.ask.reply')}
            </Text>
            <Blockquote
              p="xs"
              mt={4}
              className="discount-reply"
              aria-labelledby="discount-ask-reply"
            >
              {replyText}
            </Blockquote>
          </div>
          <DiscountReasonField
            value={reason}
            onChange={(value) => {
              setReason(value);
              if (value.trim()) setMissing(false);
            }}
            missing={missing}
          />
          <DialogFooter
            error={ask.error}
            onCancel={onClose}
            cancelLabel={t('discounts.cancel')}
            submitLabel={t('discounts.ask.submit')}
            loading={ask.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
