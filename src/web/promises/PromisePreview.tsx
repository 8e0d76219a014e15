import { Badge, Text } from '@mantine/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PromiseFinding } from '../../shared/promises/types.ts';
import { formatInZone } from '../format.ts';
import { promiseClockQuery } from './queries.ts';
import './promises.css';

/** The promise reader: loaded when a draft first has text, not with the composer. */
const promiseEngineQuery = queryOptions({
  queryKey: ['promise-engine'],
  queryFn: () => import('../../shared/promises/index.ts'),
  staleTime: Infinity,
  gcTime: Infinity,
  structuralSharing: false,
});

/** How many characters of a draft are read, as on send (PROMISE_SCAN_CHARS). */
const SCAN_CHARS = 20_000;

/**
 * The promises a draft reply makes, read as the server will read it on send
 * (the shared reader, the workspace's time zone, the conversation's business
 * hours), so the agent sees each commitment and its due time before sending.
 * Relative times ("in 10 minutes") count from the moment the draft changed.
 */
export function usePromisePreview(
  conversationId: string | undefined,
  text: string,
  active: boolean,
) {
  const draft = useDeferredValue(text);
  const wanted = active && draft.trim().length > 0;
  const engine = useQuery({ ...promiseEngineQuery, enabled: wanted }).data;
  const clock = useQuery({ ...promiseClockQuery(conversationId), enabled: wanted }).data;
  const findings = useMemo((): PromiseFinding[] => {
    if (!wanted || !engine || !clock) return [];
    try {
      return engine.extractPromises(draft.slice(0, SCAN_CHARS), {
        now: Date.now(),
        timeZone: clock.time_zone,
        ...(clock.business_hours
          ? {
              businessHours: {
                timeZone: clock.time_zone,
                hours: clock.business_hours.hours,
                holidays: clock.business_hours.holidays,
              },
            }
          : {}),
      });
    } catch {
      // A draft whose promises cannot be read is still sent; the preview just stays empty.
      return [];
    }
  }, [wanted, engine, clock, draft]);
  return { findings, timeZone: clock?.time_zone };
}

/**
 * Under the draft, quietly: each promise the reply will make, with the words
 * that gave its due time and that time in the workspace's time zone. Read out
 * once when the promises change, not on every keystroke.
 */
export function PromisePreview({
  findings,
  timeZone,
}: {
  findings: PromiseFinding[];
  timeZone: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  // The live region stays in place while the draft changes, so a screen reader hears the
  // promises when they appear or change (an inserted live region is often not read out).
  return (
    <div aria-live="polite">
      {findings.length > 0 && timeZone && (
        <section className="promise-preview" aria-label={t('promises.preview.label')}>
          <Text size="xs" c="dimmed" fw={600}>
            {t('promises.preview.title', { count: findings.length })}
          </Text>
          <ul>
            {findings.map((f) => (
              <li key={`${f.start}:${f.kind}:${f.dueAt}`}>
                <Badge size="xs" variant="light" color="grape">
                  {t(`promises.kind.${f.kind}`)}
                </Badge>
                <Text span size="xs">
                  {t('promises.preview.item', {
                    words: f.due.text,
                    when: formatInZone(f.dueAt, i18n.language, timeZone),
                  })}
                </Text>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
