import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callApi, type Page } from '../api.ts';
import { useAreMessagesLoading } from '../conversation/queries.ts';
import { useNow } from '../SlaBadge.tsx';
import { PromiseItem } from './PromiseItem.tsx';
import { isPastDue, type ClientPromise } from './queries.ts';
import './promises.css';

/**
 * The conversation's promises under its header: those its replies proposed
 * (still ahead: "track it", another time, or "not a promise"), and the open
 * ones counting down, with "kept" and "tell the client about a delay".
 */
export function PromiseCards({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  const promises = useQuery({
    queryKey: ['promises', 'conversation', conversationId],
    queryFn: ({ signal }) =>
      callApi<Page<ClientPromise>>(
        'GET',
        `/promises?conversation_id=${conversationId}&state=proposed,open&limit=20`,
        undefined,
        signal,
      ),
    refetchInterval: 60_000,
    enabled: !useAreMessagesLoading(conversationId),
  });
  const items = (promises.data?.items ?? []).filter(
    (p) => p.state === 'open' || !isPastDue(p, now),
  );
  if (items.length === 0) return null;
  return (
    <section className="promise-cards" aria-label={t('promises.onConversation')}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {t('promises.onConversation')}
      </Text>
      <ul>
        {items.map((p) => (
          <PromiseItem key={p.id} promise={p} now={now} />
        ))}
      </ul>
    </section>
  );
}
