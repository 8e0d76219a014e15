import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, toQuery, type Page } from '../api.ts';
import { EscalationFigures } from '../escalations/EscalationFigures.tsx';
import { formatNumber } from '../format.ts';
import { useSession } from '../session.ts';
import { useNow } from '../SlaBadge.tsx';
import { PromiseItem } from './PromiseItem.tsx';
import type { ClientPromise, PromiseStats } from './queries.ts';
import './promises.css';

type View = 'mine' | 'team';
const STATES = ['open', 'proposed', 'kept', 'broken', 'dismissed'] as const;
type StateFilter = (typeof STATES)[number] | 'all';

/** My promises (or my team's, for supervisors), soonest first, filtered by state. */
export function PromisesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canSeeTeam = !!session.data && session.data.user.role !== 'agent';
  const [view, setView] = useState<View>('mine');
  const [state, setState] = useState<StateFilter>('open');
  const now = useNow(30_000);
  const list = useInfiniteQuery({
    queryKey: ['promises', 'page', view, state],
    queryFn: ({ pageParam }) =>
      callApi<Page<ClientPromise>>(
        'GET',
        `/promises${toQuery({
          view,
          state: state === 'all' ? undefined : state,
          limit: 50,
          cursor: pageParam || undefined,
        })}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 60_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack p="md" gap="md" maw={960}>
      <Group justify="space-between" gap="sm">
        <Title order={2} size="h3">
          {t(view === 'mine' ? 'promises.page.title' : 'promises.page.teamTitle')}
        </Title>
        <Group gap="sm">
          <NativeSelect
            aria-label={t('promises.page.state')}
            value={state}
            onChange={(e) => setState(e.currentTarget.value as StateFilter)}
            data={[
              ...STATES.map((s) => ({ value: s, label: t(`promises.state.${s}`) })),
              { value: 'all', label: t('promises.page.allStates') },
            ]}
          />
          {canSeeTeam && (
            <SegmentedControl
              value={view}
              onChange={(v) => setView(v as View)}
              data={[
                { value: 'mine', label: t('promises.page.mine') },
                { value: 'team', label: t('promises.page.team') },
              ]}
            />
          )}
        </Group>
      </Group>
      {view === 'team' && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <TeamFigures />
          <EscalationFigures />
        </SimpleGrid>
      )}
      {list.isError ? (
        <Text c="red" role="alert">
          {t('common.error', { message: list.error.message })}
        </Text>
      ) : list.isSuccess && items.length === 0 ? (
        <Text c="dimmed">{t('promises.page.empty')}</Text>
      ) : (
        <ul className="promise-list promise-page-list" aria-label={t('promises.page.list')}>
          {items.map((p) => (
            <PromiseItem
              key={p.id}
              promise={p}
              now={now}
              showAgent={view === 'team'}
              footer={
                <Group gap="xs">
                  <Anchor component={Link} to={`/clients/${p.client.id}`} size="xs" fw={600}>
                    {p.client.name}
                  </Anchor>
                  <Anchor component={Link} to={`/inbox/all/${p.conversation.id}`} size="xs">
                    {t('promises.conversation', { number: p.conversation.number })}
                    {p.conversation.subject ? ` · ${p.conversation.subject}` : ''}
                  </Anchor>
                </Group>
              }
            />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button
          variant="subtle"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
        >
          {t('promises.page.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

/** This month's kept and broken promises per agent of the team. */
function TeamFigures() {
  const { t, i18n } = useTranslation();
  const [period] = useState(() => {
    const now = new Date();
    return {
      from: new Date(now.getFullYear(), now.getMonth(), 1).toISOString(),
      to: new Date(now.getFullYear(), now.getMonth() + 1, 1).toISOString(),
    };
  });
  const stats = useQuery({
    queryKey: ['promises', 'stats', period.from],
    queryFn: () => callApi<PromiseStats>('GET', `/promises/stats${toQuery(period)}`),
  });
  if (!stats.data || stats.data.items.length === 0) return null;
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Paper withBorder p="sm">
      <Text size="sm" fw={600} mb={4}>
        {t('promises.stats.title')}
      </Text>
      <Table striped withRowBorders={false} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('promises.stats.agent')}</Table.Th>
            <Table.Th ta="right">{t('promises.stats.confirmed')}</Table.Th>
            <Table.Th ta="right">{t('promises.stats.kept')}</Table.Th>
            <Table.Th ta="right">{t('promises.stats.broken')}</Table.Th>
            <Table.Th ta="right">{t('promises.stats.delayed')}</Table.Th>
            <Table.Th ta="right">{t('promises.stats.ratio')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stats.data.items.map((row) => (
            <Table.Tr key={row.agent.id}>
              <Table.Td>{row.agent.name}</Table.Td>
              <Table.Td ta="right">{n(row.confirmed)}</Table.Td>
              <Table.Td ta="right">{n(row.kept)}</Table.Td>
              <Table.Td ta="right">{n(row.broken)}</Table.Td>
              <Table.Td ta="right">{n(row.delayed)}</Table.Td>
              <Table.Td ta="right">
                {row.kept_ratio === null
                  ? '—'
                  : new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(
                      row.kept_ratio,
                    )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
