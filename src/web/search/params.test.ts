import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  apiQuery,
  isBackwardRange,
  readSearch,
  statusesFor,
  writeSearch,
} from './params.ts';

describe('the search in the URL', () => {
  it('reads what it wrote', () => {
    const filters = {
      q: 'szállítás',
      types: ['message' as const, 'article' as const],
      statuses: ['open' as const, 'published' as const],
      assigneeId: '12',
      from: '2026-03-01',
      to: '2026-03-31',
    };
    const params = writeSearch(filters);
    expect(params.toString()).toBe(
      'q=sz%C3%A1ll%C3%ADt%C3%A1s&type=message%2Carticle&status=open%2Cpublished&assignee_id=12&from=2026-03-01&to=2026-03-31',
    );
    expect(readSearch(params)).toEqual(filters);
  });

  it('drops what a hand-edited URL got wrong', () => {
    const params = new URLSearchParams(
      'q=%20kedvezm%C3%A9ny%20&type=client,nope,conversation&status=open,lost&assignee_id=0&from=2026-02-30&to=soon',
    );
    expect(readSearch(params)).toEqual({
      q: 'kedvezmény',
      types: ['conversation', 'client'],
      statuses: ['open'],
      assigneeId: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('asks the API for whole days in the browser’s time zone, the last one included', () => {
    const query = apiQuery(readSearch(new URLSearchParams('q=a&from=2026-03-01&to=2026-03-31')));
    expect(query.from).toBe(new Date(2026, 2, 1).toISOString());
    expect(query.to).toBe(new Date(2026, 3, 1).toISOString());
    expect(apiQuery(readSearch(new URLSearchParams('q=a')))).toEqual({
      q: 'a',
      type: undefined,
      status: undefined,
      assignee_id: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('knows a range that runs backwards, and a one-day range is fine', () => {
    expect(isBackwardRange(readSearch(new URLSearchParams('from=2026-03-02&to=2026-03-01')))).toBe(
      true,
    );
    expect(isBackwardRange(readSearch(new URLSearchParams('from=2026-03-01&to=2026-03-01')))).toBe(
      false,
    );
  });

  it('offers the statuses of the types asked for', () => {
    expect(statusesFor([]).article).toEqual(['draft', 'published']);
    expect(statusesFor(['client'])).toEqual({ conversation: [], article: [] });
    expect(statusesFor(['message']).conversation).toContain('on_hold');
    expect(statusesFor(['message']).article).toEqual([]);
  });

  it('counts the filters on, the words aside', () => {
    expect(activeFilterCount(readSearch(new URLSearchParams('q=a')))).toBe(0);
    expect(
      activeFilterCount(readSearch(new URLSearchParams('q=a&type=client&from=2026-01-01'))),
    ).toBe(2);
  });
});
