import i18next, { type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMessages } from '../i18n/messages.ts';
import { describePromiseEvent, describePromiseNotification } from './promiseText.ts';

let en: TFunction;
let hu: TFunction;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.use(ICU).init({
    lng: 'en',
    resources: {
      en: { translation: await loadMessages('en') },
      hu: { translation: await loadMessages('hu') },
    },
    keySeparator: false,
    interpolation: { escapeValue: false },
  });
  en = i18n.getFixedT('en');
  hu = i18n.getFixedT('hu');
});

const promise = {
  promise_id: '9',
  kind: 'callback',
  text: "I'll call you back in 10 minutes",
  due_at: '2026-12-02T10:52:00Z',
  client: { id: '4', name: 'Nagy Eszter' },
  agent: { id: '3', name: 'Ioana Popescu' },
};

describe('promise lines', () => {
  it('tell the timeline what happened to a promise, with its words', () => {
    const line = (type: string, data: Record<string, unknown>, t = en) =>
      describePromiseEvent(type, data, t, 'Ioana', 'en');
    expect(line('promise.confirmed', promise)).toMatch(
      /^Ioana is tracking a promise: “I'll call you back in 10 minutes”, due /,
    );
    expect(line('promise.kept', promise)).toBe(
      "Ioana kept the promise “I'll call you back in 10 minutes”",
    );
    expect(line('promise.dismissed', promise)).toBe(
      "Ioana marked “I'll call you back in 10 minutes” as not a promise",
    );
    expect(
      line('promise.delayed', {
        ...promise,
        before: { due_at: '2026-12-02T10:52:00Z' },
        after: { due_at: '2026-12-03T11:00:00Z' },
      }),
    ).toMatch(/^Ioana told the client about a delay: .* is now due .*\(was .*\)$/);
    expect(line('promise.broken', promise, hu)).toMatch(
      /^Nem teljesült határidőre \(.+\) Ioana Popescu ígérete: „I'll call you back in 10 minutes”$/,
    );
    expect(line('callback.offered', promise)).toBeNull();
  });

  it('give a due time in the workspace’s zone, as the promise cards do', () => {
    const zone = (timeZone: string) =>
      describePromiseEvent('promise.confirmed', promise, en, 'Ioana', 'en-GB', timeZone);
    // 10:52 UTC is 15:52 in Almaty and 11:52 in Budapest.
    expect(zone('Asia/Almaty')).toContain('15:52');
    expect(zone('Europe/Budapest')).toContain('11:52');
  });

  it('tell the bell about a reminder and a broken promise', () => {
    expect(describePromiseNotification('promise.reminder', promise, en, 'en')).toMatch(
      /^Coming due .+: your promise to Nagy Eszter, “I'll call you back in 10 minutes”$/,
    );
    expect(describePromiseNotification('promise.broken', promise, en, 'en')).toBe(
      "Broken: Ioana Popescu’s promise to Nagy Eszter, “I'll call you back in 10 minutes”",
    );
    expect(describePromiseNotification('sla.breached', promise, en, 'en')).toBeNull();
    // In the workspace's zone, as on the promise's card (10:52 UTC is 15:52 in Almaty).
    expect(
      describePromiseNotification('promise.reminder', promise, en, 'en-GB', 'Asia/Almaty'),
    ).toContain('15:52');
  });
});
