import { formatInZone, formatMessageTime } from '../format.ts';

type Data = Record<string, unknown>;
type T = (key: string, values?: Record<string, unknown>) => string;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});

/** A due time as promises are read: in the workspace's zone when it is known. */
function dueTime(v: unknown, language: string, timeZone: string | undefined): string {
  if (!str(v)) return '';
  return timeZone ? formatInZone(str(v), language, timeZone) : formatMessageTime(str(v), language);
}

/** The timeline's sentence for promise events, or null for other types. */
export function describePromiseEvent(
  type: string,
  data: Data,
  t: T,
  actor: string,
  language: string,
  /** The workspace's zone, where promises are read (labelled when the agent's clock is elsewhere). */
  timeZone?: string,
): string | null {
  const text = str(data.text);
  const when = (v: unknown) => dueTime(v, language, timeZone);
  switch (type) {
    case 'promise.confirmed':
      return t('promises.event.confirmed', { actor, text, when: when(data.due_at) });
    case 'promise.dismissed':
      return t('promises.event.dismissed', { actor, text });
    case 'promise.kept':
      return t('promises.event.kept', { actor, text });
    case 'promise.delayed':
      return t('promises.event.delayed', {
        actor,
        text,
        from: when(obj(data.before).due_at),
        to: when(obj(data.after).due_at),
      });
    case 'promise.broken':
      return t('promises.event.broken', {
        text,
        name: str(obj(data.agent).name),
        when: when(data.due_at),
      });
    default:
      return null;
  }
}

/** The notification bell's line for promise reminders and broken promises, or null. */
export function describePromiseNotification(
  kind: string,
  data: Data,
  t: T,
  language: string,
  /** The workspace's zone, as on the promise's card and in the timeline. */
  timeZone?: string,
) {
  const values = {
    text: str(data.text),
    client: str(obj(data.client).name),
    name: str(obj(data.agent).name),
    when: dueTime(data.due_at, language, timeZone),
  };
  if (kind === 'promise.reminder') return t('promises.notify.reminder', values);
  if (kind === 'promise.broken') return t('promises.notify.broken', values);
  return null;
}
