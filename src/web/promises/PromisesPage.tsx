import { Anchor, Group, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi, toQuery } from '../api.ts';
import { EscalationFigures } from '../escalations/EscalationFigures.tsx';
import { formatNumber } from '../format.ts';
import { ListPage, usePagedList } from '../ListPage.tsx';
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
  const list = usePagedList<ClientPromise>(['promises', 'page', view, state], '/promises', {
    view,
    state: state === 'all' ? undefined : state,
    limit: 50,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <ListPage
      title={t(view === 'mine' ? 'promises.page.title' : 'promises.page.teamTitle')}
      filter={{
        label: t('promises.page.state'),
        value: state,
        onChange: setState,
        options: [
          ...STATES.map((s) => ({ value: s, label: t(`promises.state.${s}`) })),
          { value: 'all' as const, label: t('promises.page.allStates') },
        ],
      }}
      {...(canSeeTeam
        ? {
            views: {
              value: view,
              onChange: setView,
              options: [
                { value: 'mine' as const, label: t('promises.page.mine') },
                { value: 'team' as const, label: t('promises.page.team') },
              ],
            },
          }
        : {})}
      above={
        view === 'team' && (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <TeamFigures />
            <EscalationFigures />
          </SimpleGrid>
        )
      }
      list={list}
      isEmpty={items.length === 0}
      emptyText={t('promises.page.empty')}
      listLabel={t('promises.page.list')}
      listClassName="promise-list promise-page-list"
      loadMoreLabel={t('promises.page.loadMore')}
    >
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
    </ListPage>
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
    queryFn: ({ signal }) =>
      callApi<PromiseStats>('GET', `/promises/stats${toQuery(period)}`, undefined, signal),
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
