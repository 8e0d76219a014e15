import i18next, { type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMessages } from '../i18n/messages.ts';
import {
  describeDiscountEvent,
  describeDiscountNotification,
  describeLimit,
  describeNotSent,
} from './discountText.ts';
import { approvalRequired } from './queries.ts';
import { ApiError } from '../api.ts';

let en: TFunction;
let ru: TFunction;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.use(ICU).init({
    lng: 'en',
    resources: {
      en: { translation: await loadMessages('en') },
      ru: { translation: await loadMessages('ru') },
    },
    keySeparator: false,
    interpolation: { escapeValue: false },
  });
  en = i18n.getFixedT('en');
  ru = i18n.getFixedT('ru');
});

const request = {
  request_id: '7',
  percent: 12.5,
  coupons: 0,
  reason: 'Regular client',
  number: 42,
  subject: 'Damaged box',
  client: { id: '4', name: 'Lucía Pérez' },
  requester: { id: '3', name: 'Ana Agent' },
};

describe('discount lines', () => {
  it('tell a supervisor what to approve, and the agent what was decided', () => {
    expect(describeDiscountNotification('discount.requested', request, en, 'en')).toBe(
      'Ana Agent asks you to approve 12.5% off for Lucía Pérez (#42)',
    );
    const decided = { ...request, decided_by: { id: '5', name: 'Sofia Lead' } };
    expect(
      describeDiscountNotification(
        'discount.approved',
        { ...decided, reply: { status: 'sent', message_id: '9' } },
        en,
        'en',
      ),
    ).toBe('Sofia Lead approved 12.5% off for Lucía Pérez; your reply was sent');
    expect(
      describeDiscountNotification(
        'discount.approved',
        { ...decided, reply: { status: 'not_sent', reason: 'conversation_closed' } },
        en,
        'en',
      ),
    ).toBe(
      'Sofia Lead approved 12.5% off for Lucía Pérez, but your reply was not sent: open the conversation to send it',
    );
    expect(describeDiscountNotification('discount.approved', decided, en, 'en')).toMatch(
      /your next reply may promise it$/,
    );
    expect(
      describeDiscountNotification(
        'discount.denied',
        { ...decided, coupons: 3, percent: 0, comment: 'Free shipping instead' },
        ru,
        'ru',
      ),
    ).toBe(
      'Не согласовано (Sofia Lead): 3 купона для клиента Lucía Pérez. Комментарий: «Free shipping instead»',
    );
    expect(describeDiscountNotification('sla.warning', request, en, 'en')).toBeNull();
  });

  it('tell the timeline about requests and promised discounts', () => {
    expect(
      describeDiscountEvent('discount.promised', { percent: 10, coupons: 1 }, en, 'Ana', 'en'),
    ).toBe('Ana promised the client 10% off and 1 coupon');
    expect(describeDiscountEvent('discount.requested', request, ru, 'Ana', 'ru')).toBe(
      'Ana: запрос на согласование — скидка 12,5%. Причина: «Regular client»',
    );
    expect(
      describeDiscountEvent(
        'discount.reply_not_sent',
        { ...request, reason: 'coach_blocked' },
        en,
        'Ana',
        'en',
      ),
    ).toMatch(/^The reply coach now blocks the reply, so it was not sent\./);
    expect(describeDiscountEvent('conversation.assigned', request, en, 'Ana', 'en')).toBeNull();
  });

  it("say an agent's limit, with no limit in words", () => {
    expect(describeLimit({ max_percent: 5, max_coupons: 1 }, en, 'en')).toBe(
      '5% off and 1 coupon per reply',
    );
    expect(describeLimit({ max_percent: 7.5, max_coupons: null }, ru, 'ru')).toBe(
      'скидка 7,5% и любое число купонов',
    );
    expect(describeLimit({ max_percent: null, max_coupons: 3 }, en, 'en')).toBe(
      'any percentage off and 3 coupons per reply',
    );
  });

  it('say why an approved reply did not go', () => {
    expect(describeNotSent('conversation_closed', en)).toMatch(/^The conversation was closed/);
    expect(describeNotSent('something_new', en)).toBe('The reply was not sent.');
  });
});

describe('a reply refused for its discount', () => {
  it('carries what was found and the limit; other errors carry nothing', () => {
    const refused = new ApiError(
      422,
      'discount_approval_required',
      'above',
      {},
      {
        percent: 15,
        coupons: 0,
        limit_percent: 5,
        limit_coupons: null,
      },
    );
    expect(approvalRequired(refused)).toEqual({
      percent: 15,
      coupons: 0,
      limit: { max_percent: 5, max_coupons: null },
    });
    expect(approvalRequired(new ApiError(422, 'coach_blocked', 'blocked'))).toBeUndefined();
    expect(approvalRequired(new Error('x'))).toBeUndefined();
  });
});
