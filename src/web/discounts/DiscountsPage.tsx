import { Button, Group, NativeSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, toQuery, type Page } from '../api.ts';
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
  const list = useInfiniteQuery({
    queryKey: ['discount-requests', 'page', view, status],
    queryFn: ({ pageParam }) =>
      callApi<Page<DiscountRequest>>(
        'GET',
        `/discount-requests${toQuery({
          status: status === 'all' ? undefined : status,
          requester_id: view === 'mine' ? session?.user.id : undefined,
          limit: 30,
          cursor: pageParam || undefined,
        })}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 60_000,
  });
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
    <Stack p="md" gap="md" maw={960}>
      <Group justify="space-between" gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        <Group gap="sm">
          <NativeSelect
            aria-label={t('discounts.page.status')}
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}
            data={[
              ...STATUSES.map((s) => ({ value: s, label: t(`discounts.status.${s}`) })),
              { value: 'all', label: t('discounts.page.allStatuses') },
            ]}
          />
          {canDecide && (
            <SegmentedControl
              value={view}
              onChange={(v) => setView(v as View)}
              aria-label={t('discounts.page.whose')}
              data={[
                { value: 'everyone', label: t('discounts.page.everyone') },
                { value: 'mine', label: t('discounts.page.mine') },
              ]}
            />
          )}
        </Group>
      </Group>
      {list.isError ? (
        <Text c="red" role="alert">
          {t('common.error', { message: list.error.message })}
        </Text>
      ) : list.isSuccess && items.length === 0 ? (
        <Text c="dimmed">
          {status === 'pending' ? t('discounts.page.nothingWaiting') : t('discounts.page.empty')}
        </Text>
      ) : (
        <ul className="discount-list" aria-label={title}>
          {items.map((r) => (
            <DiscountRequestItem key={r.id} request={r} variant="page" onDecided={kept.keep} />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button
          variant="subtle"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
        >
          {t('discounts.page.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
