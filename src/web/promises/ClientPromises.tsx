import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, type Page } from '../api.ts';
import { useNow } from '../SlaBadge.tsx';
import { PromiseItem } from './PromiseItem.tsx';
import type { ClientPromise } from './queries.ts';
import './promises.css';

/** The client's open promises in the dossier, soonest first, each with its conversation. */
export function ClientPromises({ clientId, limit = 5 }: { clientId: string; limit?: number }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const promises = useQuery({
    queryKey: ['promises', 'client', clientId, limit],
    queryFn: ({ signal }) =>
      callApi<Page<ClientPromise>>(
        'GET',
        `/promises?client_id=${clientId}&state=open&limit=${limit}`,
        undefined,
        signal,
      ),
  });
  if (promises.isError)
    return (
      <Text c="red" size="sm" role="alert">
        {t('common.error', { message: promises.error.message })}
      </Text>
    );
  const items = promises.data?.items ?? [];
  if (promises.isSuccess && items.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t('promises.client.empty')}
      </Text>
    );
  return (
    <ul className="promise-list" aria-label={t('promises.client.title')}>
      {items.map((p) => (
        <PromiseItem
          key={p.id}
          promise={p}
          now={now}
          showAgent
          footer={
            <Anchor component={Link} to={`/inbox/all/${p.conversation.id}`} size="xs">
              {t('promises.conversation', { number: p.conversation.number })}
            </Anchor>
          }
        />
      ))}
    </ul>
  );
}
