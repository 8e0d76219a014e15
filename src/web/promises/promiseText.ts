import { formatMessageTime } from '../format.ts';

type Data = Record<string, unknown>;
type T = (key: string, values?: Record<string, unknown>) => string;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});

/** The timeline's sentence for promise events, or null for other types. */
export function describePromiseEvent(
  type: string,
  data: Data,
  t: T,
  actor: string,
  language: string,
): string | null {
  const text = str(data.text);
  const when = (v: unknown) => (str(v) ? formatMessageTime(str(v), language) : '');
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
export function describePromiseNotification(kind: string, data: Data, t: T, language: string) {
  const values = {
    text: str(data.text),
    client: str(obj(data.client).name),
    name: str(obj(data.agent).name),
    when: str(data.due_at) ? formatMessageTime(str(data.due_at), language) : '',
  };
  if (kind === 'promise.reminder') return t('promises.notify.reminder', values);
  if (kind === 'promise.broken') return t('promises.notify.broken', values);
  return null;
}
