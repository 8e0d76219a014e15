import { Button, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.ts';
import { DiscountRequestItem } from './DiscountRequestItem.tsx';
import {
  useConversationDiscountRequests,
  useKeptRequests,
  type DiscountRequest,
} from './queries.ts';
import './discounts.css';

const DISMISSED_KEY = 'rapport.discounts.dismissed';

function readDismissed(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The conversation's discount requests above the composer: those waiting for
 * a decision (with Approve and Deny for a supervisor, Withdraw for the
 * requester, whose reply comes back to the composer), and the caller's latest
 * decided one while it matters: a denial with its comment and "Edit the
 * reply", or an approval their next reply may use.
 */
export function DiscountRequestCards({
  conversationId,
  canReply,
  onUseReply,
}: {
  conversationId: string;
  /** The conversation takes replies (not closed): a request's reply may go back to the composer. */
  canReply: boolean;
  /** Puts a request's reply back into the composer. */
  onUseReply: (text: string) => void;
}) {
  const { t } = useTranslation();
  const me = useSession().data?.user.id;
  const requests = useConversationDiscountRequests(conversationId);
  const [dismissed, setDismissed] = useState(readDismissed);
  const kept = useKeptRequests();
  const dismiss = (id: string) => {
    const next = [id, ...dismissed].slice(0, 50);
    setDismissed(next);
    try {
      localStorage.setItem(DISMISSED_KEY, JSON.stringify(next));
    } catch {
      // Private mode: it stays hidden until the page is left.
    }
  };

  const items = requests.data?.items ?? [];
  const latestOfMine = items.find((r) => r.requester.id === me);
  const shown = items.filter(
    (r) =>
      r.status === 'pending' ||
      kept.isKept(r.id) ||
      (r === latestOfMine &&
        !dismissed.includes(r.id) &&
        (r.status === 'denied' || (r.status === 'approved' && r.used_message_id === null))),
  );
  if (shown.length === 0) return null;

  const extra = (r: DiscountRequest) =>
    r.status === 'pending' || r.requester.id !== me ? null : (
      <>
        {canReply && r.reply_text && r.used_message_id === null && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => {
              onUseReply(r.reply_text!);
              if (r.status === 'denied') dismiss(r.id);
            }}
          >
            {t(r.status === 'denied' ? 'discounts.card.editReply' : 'discounts.card.useReply')}
          </Button>
        )}
        {r.status === 'denied' && (
          <Button size="compact-sm" variant="subtle" color="gray" onClick={() => dismiss(r.id)}>
            {t('discounts.card.dismiss')}
          </Button>
        )}
      </>
    );

  return (
    <section className="discount-cards" aria-label={t('discounts.card.title')}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {t('discounts.card.title')}
      </Text>
      <ul>
        {shown.map((r) => (
          <DiscountRequestItem
            key={r.id}
            request={r}
            variant="card"
            onWithdrawn={(w) => w.reply_text && onUseReply(w.reply_text)}
            onDecided={kept.keep}
            actions={extra(r)}
          />
        ))}
      </ul>
    </section>
  );
}
