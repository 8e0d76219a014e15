import type { TFunction } from 'i18next';

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'failed'];

/** A call's duration as m:ss (1:05), h:mm:ss past an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** An outcome's name in the user's language (the code itself when unknown). */
export function outcomeName(t: TFunction, outcome: string): string {
  return OUTCOMES.includes(outcome) ? t(`calls.outcome.${outcome}`) : outcome;
}

/** The timeline's sentence for call events (call.logged, call.updated, callback.overdue). */
export function describeCallEvent(type: string, data: Data, t: TFunction, actor: string) {
  switch (type) {
    case 'call.logged':
      return t('calls.event.logged', {
        actor,
        direction: str(data.direction),
        phone: str(data.phone),
        outcome: outcomeName(t, str(data.outcome)),
        duration: formatDuration(
          typeof data.duration_seconds === 'number' ? data.duration_seconds : 0,
        ),
      });
    case 'call.updated':
      return t('calls.event.updated', { actor });
    case 'callback.overdue': {
      const responsible = data.responsible as { name?: unknown } | undefined;
      return t('calls.event.overdue', { phone: str(data.phone), name: str(responsible?.name) });
    }
    default:
      return null;
  }
}

/** The notification bell's line for callback reminders, or null for other kinds. */
export function describeCallbackNotification(
  kind: string,
  data: Data,
  t: (key: string, values?: Record<string, unknown>) => string,
) {
  const client = str((data.client as { name?: unknown } | undefined)?.name);
  const responsible = str((data.responsible as { name?: unknown } | undefined)?.name);
  if (kind === 'callback.due') return t('calls.notify.due', { client, phone: str(data.phone) });
  if (kind === 'callback.overdue')
    return t('calls.notify.overdue', { client, responsible, phone: str(data.phone) });
  return null;
}
