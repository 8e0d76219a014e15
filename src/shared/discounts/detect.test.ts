import { describe, expect, it } from 'vitest';
import { detectDiscounts } from './detect.ts';

const read = (text: string) => {
  const d = detectDiscounts(text);
  return { percent: d.percent, coupons: d.coupons };
};

describe('detectDiscounts', () => {
  it.each([
    ['15% off your next order', 15],
    ['We can give you a 20% discount.', 20],
    ['Le ofrecemos un descuento del 15 % en su pedido.', 15],
    ['Le damos un 15 % de descuento.', 15],
    ['15% kedvezményt adunk.', 15],
    ['15%-os kedvezményt adunk a rendelésére.', 15],
    ['Vă oferim o reducere de 15%.', 15],
    ['Vă oferim o reducere de 15 la sută.', 15],
    ['Дадим вам скидка 15% на заказ.', 15],
    ['Сделаем вам скидку в 15 процентов.', 15],
    ['Сізге 15% жеңілдік береміз.', 15],
  ])('reads the percentage promised in %j', (text, percent) => {
    expect(read(text).percent).toBe(percent);
  });

  it.each([
    'The price is 15 EUR.',
    "I'm 100% sure it shipped.",
    'Our platform has 99.9% uptime.',
    'The 21% VAT is included.',
    "Unfortunately we can't give you 25% off.",
    'Our 50% off sale ended last week.',
  ])('finds no discount in %j', (text) => {
    expect(read(text)).toEqual({ percent: null, coupons: 0 });
  });

  it('gives the largest percentage of the reply, with each finding where it is written', () => {
    const text =
      'I can take 10% off today. And a voucher worth 15% for your next visit is attached.';
    const d = detectDiscounts(text);
    expect(d.percent).toBe(15);
    expect(d.coupons).toBe(1);
    for (const f of d.findings) expect(text.slice(f.start, f.end)).toBe(f.text);
    expect(d.findings.map((f) => f.kind)).toEqual(['percent', 'coupon', 'percent']);
  });

  it('counts the coupons a reply gives, not those it talks about', () => {
    expect(read("I'm sending you two coupons.").coupons).toBe(2);
    expect(read('Here is a coupon, and here is another coupon for your sister.').coupons).toBe(2);
    expect(read('Your promo code is SAVE10: enter the code at checkout.').coupons).toBe(1);
    expect(read('Le mando un cupón.').coupons).toBe(1);
    expect(read('Высылаю вам три промокода.').coupons).toBe(3);
    expect(read('Did you use the coupon we sent last month?').coupons).toBe(0);
    expect(read('Coupons cannot be combined with other offers.').coupons).toBe(0);
  });

  it("ignores the client's quoted words", () => {
    expect(read('> Could I get 40% off?\nThe most I can offer is 10% off.').percent).toBe(10);
  });

  it('keeps offsets into the draft when it is not in composed form', () => {
    // "ă" typed as "a" and a combining breve (a macOS paste).
    const text = 'Va\u0306 oferim o reducere de 15% la comanda dumneavoastra\u0306.';
    const d = detectDiscounts(text);
    expect(d.percent).toBe(15);
    for (const f of d.findings) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('reads a long reply quickly', () => {
    const text = 'Thanks for waiting; we can give you 10% off the next order. '.repeat(400);
    const started = performance.now();
    expect(detectDiscounts(text).percent).toBe(10);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
