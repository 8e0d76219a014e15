import { Anchor, Badge, Blockquote, Button, Group, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { DecideDialog } from './DecideDialog.tsx';
import { describeDiscount, describeLimit, describeNotSent } from './discountText.ts';
import { useDecideDiscount, type DiscountRequest } from './queries.ts';

const STATUS_COLOR = {
  pending: 'orange',
  approved: 'green',
  denied: 'red',
  cancelled: 'gray',
} as const;

/**
 * One discount request: who asks for what and why, their own limit, the reply
 * that waits, the decision; with Approve and Deny for those who may decide
 * and Withdraw for its requester. "page" adds its client and conversation.
 */
export function DiscountRequestItem({
  request: r,
  variant,
  onWithdrawn,
  onDecided,
  actions,
}: {
  request: DiscountRequest;
  variant: 'card' | 'page';
  /** After its requester withdrew it (the composer takes the reply back). */
  onWithdrawn?: (request: DiscountRequest) => void;
  /** After a supervisor here approved or denied it (the list keeps it in sight). */
  onDecided?: (request: DiscountRequest) => void;
  /** More buttons beside the request's own. */
  actions?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [deciding, setDeciding] = useState<'approve' | 'deny' | null>(null);
  const cancel = useDecideDiscount(r, (_updated, action) => {
    if (action === 'cancel') onWithdrawn?.(r);
  });
  const discount = describeDiscount(r, t, lang);
  const replyId = `discount-reply-${variant}-${r.id}`;

  return (
    <li className={`discount-request ${variant}`} data-status={r.status}>
      <Group gap="xs" wrap="nowrap" align="flex-start" className="discount-request-main">
        <Badge size="sm" variant="light" color={STATUS_COLOR[r.status]} style={{ flexShrink: 0 }}>
          {t(`discounts.status.${r.status}`)}
        </Badge>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {t('discounts.item.asks', { name: r.requester.name, discount })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('discounts.item.limit', { limit: describeLimit(r.requester_limit, t, lang) })}
            {' · '}
            <time dateTime={r.created_at} title={formatFullTime(r.created_at, lang)}>
              {formatMessageTime(r.created_at, lang)}
            </time>
          </Text>
          <Text size="sm" className="discount-text">
            {t('discounts.item.reason', { reason: r.reason })}
          </Text>
        </div>
      </Group>
      {/* The decision first: it is what the requester comes back for. */}
      {r.status !== 'pending' && r.status !== 'cancelled' && r.decided_by && (
        <Text size="sm" fw={500} className="discount-text discount-decision">
          {r.comment
            ? t(`discounts.item.${r.status}WithComment`, {
                name: r.decided_by.name,
                comment: r.comment,
              })
            : t(`discounts.item.${r.status}`, { name: r.decided_by.name })}
          {r.status === 'approved' &&
            ` ${t(r.used_message_id ? 'discounts.item.used' : 'discounts.item.unused')}`}
        </Text>
      )}
      {/* An approval whose waiting reply did not go: why, beside the reply kept below. */}
      {r.status === 'approved' && !r.used_message_id && r.reply_not_sent && (
        <Text size="sm" fw={500} className="discount-text">
          {describeNotSent(r.reply_not_sent, t)}
        </Text>
      )}
      {r.reply_text && (
        <div className="discount-request-reply">
          <Text size="xs" c="dimmed" id={replyId}>
            {r.status === 'pending'
              ? t('discounts.item.waitingReply')
              : r.used_message_id
                ? t('discounts.item.sentReply')
                : t('discounts.item.draftReply')}
          </Text>
          <Blockquote p={6} className="discount-reply" aria-labelledby={replyId}>
            <Text size="sm" lineClamp={variant === 'card' ? 2 : 8} className="discount-text">
              {r.reply_text}
            </Text>
          </Blockquote>
        </div>
      )}
      <Group gap="xs" justify="space-between" wrap="wrap">
        {variant === 'page' ? (
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/clients/${r.client.id}`} size="xs" fw={600}>
              {r.client.name}
            </Anchor>
            <Anchor component={Link} to={`/inbox/all/${r.conversation.id}`} size="xs">
              {t('discounts.item.conversation', { number: r.conversation.number })}
              {r.conversation.subject ? ` · ${r.conversation.subject}` : ''}
            </Anchor>
          </Group>
        ) : (
          <span />
        )}
        <Group gap={6} wrap="wrap" justify="flex-end">
          {r.status === 'pending' && r.abilities.deny && !r.abilities.approve && (
            <Text size="xs" c="dimmed">
              {t('discounts.item.aboveYours')}
            </Text>
          )}
          {r.abilities.approve && (
            <Button size="compact-sm" onClick={() => setDeciding('approve')}>
              {t('discounts.item.approve')}
            </Button>
          )}
          {r.abilities.deny && (
            <Button
              size="compact-sm"
              variant="light"
              color="red"
              onClick={() => setDeciding('deny')}
            >
              {t('discounts.item.deny')}
            </Button>
          )}
          {r.abilities.cancel && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              loading={cancel.isPending}
              onClick={() => cancel.mutate({ action: 'cancel' })}
            >
              {t('discounts.item.withdraw')}
            </Button>
          )}
          {actions}
        </Group>
      </Group>
      {cancel.error && (
        <Text size="xs" c="red" role="alert">
          {t('common.error', { message: cancel.error.message })}
        </Text>
      )}
      {deciding && (
        <DecideDialog
          request={r}
          action={deciding}
          onDecided={onDecided}
          onClose={() => setDeciding(null)}
        />
      )}
    </li>
  );
}
