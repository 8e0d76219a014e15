import { describe, expect, it } from 'vitest';
import { normaliseSubject, numberInSubject } from './subject.ts';

describe('normaliseSubject', () => {
  it.each([
    ['Re: Order 42', 'order 42'],
    ['RE: Fwd: AW: WG:  Order 42', 'order 42'],
    ['Re[2]: Order 42', 'order 42'],
    ['RV: Pedido', 'pedido'],
    ['Vá: Továbbítás: Rendelés', 'rendelés'],
    ['Răspuns: Comanda', 'comanda'],
    ['Ответ: Пересл: Заказ', 'заказ'],
    ['Re: [#17] Order 42', 'order 42'],
    ['Order 42', 'order 42'],
    ['Regarding: the invoice', 'regarding: the invoice'],
  ])('%s → %s', (subject, expected) => {
    expect(normaliseSubject(subject)).toBe(expected);
  });
});

describe('numberInSubject', () => {
  it('finds [#number]', () => {
    expect(numberInSubject('Re: [#1234] Order')).toBe(1234);
    expect(numberInSubject('Order #1234')).toBeUndefined();
  });
});
