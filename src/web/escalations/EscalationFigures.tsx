import { Group, NativeSelect, Paper, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  ESCALATION_CATEGORIES,
  type EscalationCategory,
  type EscalationStats as StatsSchema,
} from '../../shared/api/escalations.ts';
import { callApi, toQuery } from '../api.ts';
import { useTeams } from '../conversation/directory.ts';
import { formatNumber } from '../format.ts';
import { useSession } from '../session.ts';
import './escalations.css';

type EscalationStats = z.infer<typeof StatsSchema>;

/** A colour per reason, the same in the legend and the bars. */
const COLORS: Record<EscalationCategory, string> = {
  cannot_answer: 'blue',
  outside_authority: 'violet',
  difficult_client: 'orange',
  complaint: 'red',
  technical: 'teal',
  other: 'gray',
  sla_breach: 'yellow',
};
const swatch = (c: EscalationCategory) =>
  `var(--mantine-color-${COLORS[c]}-${c === 'sla_breach' ? 5 : 6})`;

/**
 * This month's escalations per agent, by reason: a bar per agent split by
 * reason (each bar says its figures to a screen reader), with a legend that
 * carries the totals. Supervisors see their teams, admins everyone; either
 * may narrow it to one team.
 */
export function EscalationFigures() {
  const { t, i18n } = useTranslation();
  const me = useSession().data?.user;
  const teams = useTeams();
  const [teamId, setTeamId] = useState('');
  const [period] = useState(() => {
    const now = new Date();
    return {
      from: new Date(now.getFullYear(), now.getMonth(), 1).toISOString(),
      to: new Date(now.getFullYear(), now.getMonth() + 1, 1).toISOString(),
    };
  });
  const stats = useQuery({
    queryKey: ['escalations', 'stats', period.from, teamId],
    queryFn: ({ signal }) =>
      callApi<EscalationStats>(
        'GET',
        `/escalations/stats${toQuery({ ...period, team_id: teamId || undefined })}`,
        undefined,
        signal,
      ),
  });
  const isAdmin = me?.role === 'admin';
  const myTeams = (teams.data ?? []).filter((team) => isAdmin || team.supervisor?.id === me?.id);
  const n = (v: number) => formatNumber(v, i18n.language);
  const data = stats.data;
  const max = Math.max(1, ...(data?.items.map((i) => i.total) ?? []));
  const used = ESCALATION_CATEGORIES.filter((c) => (data?.totals.by_category[c] ?? 0) > 0);
  const list = new Intl.ListFormat(i18n.language, { style: 'short', type: 'unit' });

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="escalation-figures-title">
      <Group justify="space-between" gap="xs" mb={6} wrap="nowrap">
        <Text size="sm" fw={600} id="escalation-figures-title">
          {t('escalations.stats.title')}
        </Text>
        {myTeams.length > 1 && (
          <NativeSelect
            size="xs"
            aria-label={t('escalations.stats.team')}
            value={teamId}
            onChange={(e) => setTeamId(e.currentTarget.value)}
            data={[
              {
                value: '',
                label: t(isAdmin ? 'escalations.stats.allTeams' : 'escalations.stats.myTeams'),
              },
              ...myTeams.map((team) => ({ value: team.id, label: team.name })),
            ]}
          />
        )}
      </Group>
      {stats.isError ? (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: stats.error.message })}
        </Text>
      ) : !data ? null : data.totals.total === 0 ? (
        <Text size="sm" c="dimmed">
          {t('escalations.stats.none')}
        </Text>
      ) : (
        <>
          <ul className="escalation-legend" aria-label={t('escalations.stats.legend')}>
            {used.map((c) => (
              <li key={c}>
                <span className="escalation-swatch" style={{ background: swatch(c) }} />
                {t(`escalations.category.${c}`)}{' '}
                <Text span fw={600} size="xs">
                  {n(data.totals.by_category[c])}
                </Text>
              </li>
            ))}
          </ul>
          <ul className="escalation-bars" aria-label={t('escalations.stats.agents')}>
            {data.items.map((row) => {
              const parts = used.filter((c) => row.by_category[c] > 0);
              const details = list.format(
                parts.map((c) => `${t(`escalations.category.${c}`)}: ${n(row.by_category[c])}`),
              );
              return (
                <li key={row.agent.id}>
                  <Text size="sm" className="escalation-name" title={row.agent.name}>
                    {row.agent.name}
                  </Text>
                  <div
                    className="escalation-track"
                    role="img"
                    aria-label={t('escalations.stats.bar', {
                      name: row.agent.name,
                      count: row.total,
                      details,
                    })}
                  >
                    <div
                      className="escalation-bar"
                      style={{ width: `${(row.total / max) * 100}%` }}
                    >
                      {parts.map((c) => (
                        <span
                          key={c}
                          style={{ flexGrow: row.by_category[c], background: swatch(c) }}
                        />
                      ))}
                    </div>
                  </div>
                  <Text size="sm" fw={600} ta="right" aria-hidden>
                    {n(row.total)}
                  </Text>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Paper>
  );
}
