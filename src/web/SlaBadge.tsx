import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from './api.ts';
import { formatDuration, formatFullTime } from './format.ts';

const COLORS = { on_track: 'green', at_risk: 'orange', breached: 'red' } as const;

/** The current time, refreshed every `everyMs`, so countdowns move without a refetch. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Counts down to the next SLA due time, coloured on track / at risk / breached. */
export function SlaBadge({ sla }: { sla: Conversation['sla'] }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (!sla) return null;
  const left = new Date(sla.due_at).getTime() - now;
  // The server's state can be up to a minute old; a due time already past is breached.
  const state = left < 0 ? 'breached' : sla.state;
  return (
    <Badge
      color={COLORS[state]}
      variant={state === 'on_track' ? 'light' : 'filled'}
      size="sm"
      title={formatFullTime(sla.due_at, i18n.language)}
      style={{ textTransform: 'none' }}
    >
      {t(`sla.${state}`, { time: formatDuration(left, i18n.language) })}
    </Badge>
  );
}
