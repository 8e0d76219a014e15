import { Anchor, Button, Center, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, toQuery, type Page } from '../api.ts';
import { formatFullTime, formatMessageTime } from '../format.ts';
import { describeDiscount } from './discountText.ts';
import type { ClientDiscount } from './queries.ts';
import './discounts.css';

/** Whether the words found say more than the figure ("code SAVE10", not just "15 %"). */
function hasOwnWords(d: ClientDiscount) {
  const plain = d.text.replace(/\s+/g, '');
  return plain !== '' && plain !== `${d.percent}%` && plain !== `%${d.percent}`;
}

/**
 * Every discount promised to the client, newest first: what, in which words,
 * by whom, approved by whom, in which conversation; "Show more" goes further back.
 */
export function ClientDiscounts({ clientId, limit = 10 }: { clientId: string; limit?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = useInfiniteQuery({
    queryKey: ['client-discounts', clientId, limit],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<ClientDiscount>>(
        'GET',
        `/clients/${clientId}/discounts${toQuery({ limit, cursor: pageParam })}`,
        undefined,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap={4}>
      {list.isError && (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: list.error.message })}
        </Text>
      )}
      {list.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('discounts.client.empty')}
        </Text>
      )}
      {items.length > 0 && (
        <ul className="discount-list" aria-label={t('discounts.client.title')}>
          {items.map((d) => (
            <li key={d.id} className="client-discount">
              <Group gap={6} justify="space-between" wrap="nowrap" align="baseline">
                <Text size="sm" fw={600}>
                  {describeDiscount({ percent: d.percent ?? 0, coupons: d.coupons }, t, lang)}
                </Text>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  <time dateTime={d.created_at} title={formatFullTime(d.created_at, lang)}>
                    {formatMessageTime(d.created_at, lang)}
                  </time>
                </Text>
              </Group>
              {hasOwnWords(d) && (
                <Text size="sm" className="discount-text">
                  {t('discounts.client.words', { text: d.text })}
                </Text>
              )}
              <Group gap={6} wrap="wrap">
                <Text size="xs" c="dimmed">
                  {d.approved_by
                    ? t('discounts.client.byApproved', {
                        agent: d.agent.name,
                        approver: d.approved_by.name,
                      })
                    : t('discounts.client.by', { agent: d.agent.name })}
                </Text>
                <Anchor component={Link} to={`/inbox/all/${d.conversation.id}`} size="xs">
                  {t('discounts.item.conversation', { number: d.conversation.number })}
                </Anchor>
              </Group>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Center>
          <Button
            size="compact-xs"
            variant="subtle"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('discounts.client.more')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
