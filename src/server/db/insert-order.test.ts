import { describe, expect, it } from 'vitest';
import { inInsertOrder } from './insert-order.ts';

describe('inInsertOrder', () => {
  it('orders ids by their numeric value, across lengths and past 2^53', () => {
    const ids = ['100', '9', '11', '10', '9007199254740993', '9007199254740992', '1'];
    expect(inInsertOrder(ids.map((id) => ({ id }))).map((r) => r.id)).toEqual([
      '1',
      '9',
      '10',
      '11',
      '100',
      '9007199254740992',
      '9007199254740993',
    ]);
  });

  it('leaves the rows it was given as they were', () => {
    const rows = [{ id: '2' }, { id: '1' }];
    inInsertOrder(rows);
    expect(rows.map((r) => r.id)).toEqual(['2', '1']);
  });
});
