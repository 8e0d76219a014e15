import i18next, { type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import { describe, expect, it } from 'vitest';
import * as engine from '../../shared/coach/index.ts';
import { checkDraft, DEFAULT_RULES_BY_LANGUAGE } from '../../shared/coach/index.ts';
import type { ConversationEvent, Message } from '../api.ts';
import { loadMessages } from '../i18n/messages.ts';
import { applyFinding, lastClientQuestions, type CoachCheck } from './coach.ts';
import { describeEvent } from './eventText.ts';

let seq = 0;
function message(direction: Message['direction'], body_text: string): Message {
  seq += 1;
  return {
    id: String(seq),
    conversation_id: '1',
    direction,
    channel: 'chat',
    author: null,
    body_text,
    body_html: null,
    external_id: null,
    delivery_state: 'none',
    delivery_error: null,
    delivery_error_code: null,
    attachments: [],
    created_at: new Date(Date.UTC(2025, 0, 1, 10, seq)).toISOString(),
  };
}

describe("the client's questions before resolving", () => {
  it('lists the questions of the client’s messages since the agents’ previous reply, oldest first', () => {
    const oldest = [
      message('inbound', 'Do you deliver to Almaty?'),
      message('outbound', 'Yes, we do.'),
      message('inbound', 'Great. How long does it take? And can I pay by card?'),
      message('note', 'Check the courier contract'),
      message('inbound', 'Also, is there a warranty'),
      message('outbound', 'Three days, card is fine, and two years of warranty.'),
    ];
    const questions = lastClientQuestions(engine, oldest.slice().reverse());
    expect(questions.map((q) => q.text)).toEqual([
      'How long does it take?',
      'And can I pay by card?',
      'Also, is there a warranty',
    ]);
    expect(new Set(questions.map((q) => q.key)).size).toBe(3);
  });

  it('finds questions in the other languages, by the message’s language or the conversation’s', () => {
    const ru = [message('inbound', 'Здравствуйте! Когда привезут заказ? Спасибо.')];
    expect(lastClientQuestions(engine, ru).map((q) => q.text)).toEqual(['Когда привезут заказ?']);
    const kk = [message('inbound', 'Сәлеметсіз бе! Тапсырыс қашан келеді')];
    expect(lastClientQuestions(engine, kk, 'kk').map((q) => q.text)).toEqual([
      'Тапсырыс қашан келеді',
    ]);
  });

  it('is empty when the client asked nothing or never wrote', () => {
    expect(lastClientQuestions(engine, [message('inbound', 'Thanks, all clear.')])).toEqual([]);
    expect(lastClientQuestions(engine, [message('outbound', 'How can I help?')])).toEqual([]);
    expect(lastClientQuestions(engine, [])).toEqual([]);
  });
});

describe('"use this wording"', () => {
  const rules = DEFAULT_RULES_BY_LANGUAGE.en;
  const check = (text: string): CoachCheck => ({
    text,
    ...checkDraft(text, { language: 'en', rules }),
  });

  it('replaces the sentence with the rule’s rewrite and puts the caret after it', () => {
    const text = "Hello Anna. I don't know where your parcel is. Bye";
    const result = check(text);
    const finding = result.findings.find((f) => f.ruleId === 'en.dont-know')!;
    const applied = applyFinding(engine, text, finding, result.text, check)!;
    expect(applied.text).toBe(
      'Hello Anna. I’ll find out who can answer this. May I call you back in a couple of minutes? Bye',
    );
    expect(applied.caret).toBe(applied.text.length - ' Bye'.length);
    expect(check(applied.text).findings.map((f) => f.ruleId)).not.toContain('en.dont-know');
  });

  it('finds the same finding again when the text changed since the check', () => {
    const before = "I don't know.";
    const result = check(before);
    const finding = result.findings.find((f) => f.ruleId === 'en.dont-know')!;
    const now = `Hi Anna! ${before}`;
    const applied = applyFinding(engine, now, finding, result.text, check)!;
    expect(applied.text.startsWith('Hi Anna! I’ll find out')).toBe(true);
    expect(applyFinding(engine, 'All good now.', finding, result.text, check)).toBeNull();
  });
});

describe('the override on the timeline', () => {
  it('says who sent a blocked reply, the words and the reason', async () => {
    const i18n = i18next.createInstance();
    await i18n.use(ICU).init({
      lng: 'en',
      resources: { en: { translation: await loadMessages('en') } },
      keySeparator: false,
    });
    const t: TFunction = i18n.getFixedT('en');
    const event: ConversationEvent = {
      id: '9',
      type: 'message.coach_override',
      actor: { kind: 'user', id: '2', name: 'Bence Kovács' },
      data: {
        message_id: '5',
        rules: ['en.calm-down'],
        reason: 'The client asked for it',
        findings: [{ rule_id: 'en.calm-down', text: 'Calm down' }],
      },
      created_at: '2025-01-01T10:00:00Z',
    };
    expect(describeEvent(event, t, 'en', { users: new Map(), teams: new Map() })).toBe(
      'Bence Kovács sent a reply the coach had blocked (“Calm down”). Reason: The client asked for it',
    );
  });
});
