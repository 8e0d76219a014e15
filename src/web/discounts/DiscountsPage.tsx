import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPage, usePagedList } from '../ListPage.tsx';
import { useSession } from '../session.ts';
import { DiscountRequestItem } from './DiscountRequestItem.tsx';
import { useKeptRequests, type DiscountRequest } from './queries.ts';
import './discounts.css';

type View = 'everyone' | 'mine';
const STATUSES = ['pending', 'approved', 'denied', 'cancelled'] as const;
type StatusFilter = (typeof STATUSES)[number] | 'all';

/**
 * Discount requests, newest first: a supervisor's queue of those waiting
 * (everyone's, to approve or deny), or one's own; filtered by status.
 */
export function DiscountsPage() {
  const { t } = useTranslation();
  const session = useSession().data;
  const canDecide = !!session && session.user.role !== 'agent';
  const [chosenView, setView] = useState<View>('everyone');
  const view: View = canDecide ? chosenView : 'mine';
  const [status, setStatus] = useState<StatusFilter>('pending');
  const list = usePagedList<DiscountRequest>(
    ['discount-requests', 'page', view, status],
    '/discount-requests',
    {
      status: status === 'all' ? undefined : status,
      requester_id: view === 'mine' ? session?.user.id : undefined,
      limit: 30,
    },
  );
  // What was decided here stays in sight, with what became of its reply.
  const kept = useKeptRequests();
  const items = kept.merge(list.data?.pages.flatMap((p) => p.items) ?? []);
  const title =
    view === 'mine'
      ? t('discounts.page.mineTitle')
      : status === 'pending'
        ? t('discounts.page.queueTitle')
        : t('discounts.page.title');

  return (
    <ListPage
      title={title}
      filter={{
        label: t('discounts.page.status'),
        value: status,
        onChange: setStatus,
        options: [
          ...STATUSES.map((s) => ({ value: s, label: t(`discounts.status.${s}`) })),
          { value: 'all' as const, label: t('discounts.page.allStatuses') },
        ],
      }}
      {...(canDecide
        ? {
            views: {
              label: t('discounts.page.whose'),
              value: view,
              onChange: setView,
              options: [
                { value: 'everyone' as const, label: t('discounts.page.everyone') },
                { value: 'mine' as const, label: t('discounts.page.mine') },
              ],
            },
          }
        : {})}
      list={list}
      isEmpty={items.length === 0}
      emptyText={
        status === 'pending' ? t('discounts.page.nothingWaiting') : t('discounts.page.empty')
      }
      listLabel={title}
      listClassName="discount-list"
      loadMoreLabel={t('discounts.page.loadMore')}
    >
      {items.map((r) => (
        <DiscountRequestItem key={r.id} request={r} variant="page" onDecided={kept.keep} />
      ))}
    </ListPage>
  );
}
