import { describe, expect, it } from 'vitest';
import { activeFilterCount, apiParams, listSearch, readFilters } from './filters.ts';

describe('the inbox filters in the URL', () => {
  it('reads every filter from a bookmarked query string', () => {
    const f = readFilters(
      new URLSearchParams(
        'q=Kov%C3%A1cs&status=open,pending&priority=high&tag=VIP&team_id=4&assignee_id=7&channel=email&sort=sla_due',
      ),
    );
    expect(f).toEqual({
      q: 'Kovács',
      status: ['open', 'pending'],
      priority: 'high',
      tag: 'vip',
      team_id: '4',
      assignee_id: '7',
      channel: 'email',
      sort: 'sla_due',
    });
    expect(activeFilterCount(f)).toBe(7);
    expect(apiParams(f)).toEqual({
      q: 'Kovács',
      status: 'open,pending',
      priority: 'high',
      tag: 'vip',
      team_id: '4',
      assignee_id: '7',
      channel: 'email',
      sort: 'sla_due',
    });
  });

  it('drops what a hand-edited URL gets wrong instead of sending it to the API', () => {
    const f = readFilters(
      new URLSearchParams('status=open,nonsense&priority=extreme&team_id=abc&channel=fax&sort=x'),
    );
    expect(f).toMatchObject({ status: ['open'], priority: undefined, team_id: undefined });
    expect(f.channel).toBeUndefined();
    expect(f.sort).toBe('last_activity');
    // The default sort is left out of the API query; an empty search too.
    expect(apiParams({ ...f, q: '   ' })).toEqual({
      q: undefined,
      status: 'open',
      priority: undefined,
      tag: undefined,
      team_id: undefined,
      assignee_id: undefined,
      channel: undefined,
      sort: undefined,
    });
  });
});

describe('the query string rows carry', () => {
  it('keeps the list’s filters and drops the link to one message', () => {
    expect(listSearch(new URLSearchParams('status=open&message=13&q=kert'))).toBe(
      'status=open&q=kert',
    );
    expect(listSearch(new URLSearchParams('message=13'))).toBe('');
  });
});
