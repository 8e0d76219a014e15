import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { markedPieces } from './portal-help.service.ts';
import { safeNext } from './portal-http.ts';
import { checkpointsOf, expectationOf } from './portal-requests.service.ts';
import { canPortal, sharedCompanyOf, type PortalViewer } from './portal.policy.ts';

const viewer = (sharedCompanyId: string | null = null): PortalViewer => ({
  workspaceId: '1',
  clientId: '10',
  name: 'Kata',
  sharedCompanyId,
  language: 'hu',
  timeZone: null,
});

describe('what a client may do in the portal', () => {
  const own = { client_id: '10', client_company_id: '50', status: 'resolved' as const };
  const colleague = { client_id: '11', client_company_id: '50', status: 'resolved' as const };
  const company = { client_id: '50', client_company_id: null, status: 'open' as const };
  const stranger = { client_id: '12', client_company_id: '60', status: 'open' as const };

  it('reads, answers and rates their own requests; rating only once resolved or closed', () => {
    expect(canPortal(viewer(), 'read', own)).toBe(true);
    expect(canPortal(viewer(), 'reply', own)).toBe(true);
    expect(canPortal(viewer(), 'rate', own)).toBe(true);
    expect(canPortal(viewer(), 'rate', { ...own, status: 'open' })).toBe(false);
    expect(canPortal(viewer(), 'rate', { ...own, status: 'closed' })).toBe(true);
    expect(canPortal(viewer(), 'reply', { ...own, status: 'closed' })).toBe(false);
  });

  it('sees nothing of anyone else unless the workspace shares the company’s requests', () => {
    for (const r of [colleague, company, stranger]) {
      expect(canPortal(viewer(), 'read', r)).toBe(false);
      expect(canPortal(viewer(), 'reply', r)).toBe(false);
    }
    expect(canPortal(viewer('50'), 'read', colleague)).toBe(true);
    expect(canPortal(viewer('50'), 'reply', company)).toBe(true);
    expect(canPortal(viewer('50'), 'read', stranger)).toBe(false);
    // Another's request is theirs to rate.
    expect(canPortal(viewer('50'), 'rate', colleague)).toBe(false);
  });

  it('shares with the company a person belongs to, or a company with its people', () => {
    expect(sharedCompanyOf({ id: '10', kind: 'person', company_id: '50' }, true)).toBe('50');
    expect(sharedCompanyOf({ id: '50', kind: 'company', company_id: null }, true)).toBe('50');
    expect(sharedCompanyOf({ id: '10', kind: 'person', company_id: null }, true)).toBeNull();
    expect(sharedCompanyOf({ id: '10', kind: 'person', company_id: '50' }, false)).toBeNull();
  });
});

describe('where a request stands', () => {
  it('shows received, being handled, waiting for you (only then) and resolved', () => {
    const keys = (s: Parameters<typeof checkpointsOf>[0]) =>
      checkpointsOf(s).map((c) => `${c.key}:${c.state}`);
    expect(keys('new')).toEqual(['received:current', 'handling:todo', 'resolved:todo']);
    expect(keys('open')).toEqual(['received:done', 'handling:current', 'resolved:todo']);
    expect(keys('on_hold')).toEqual(keys('open'));
    expect(keys('pending')).toEqual([
      'received:done',
      'handling:done',
      'waiting:current',
      'resolved:todo',
    ]);
    expect(keys('closed')).toEqual(['received:done', 'handling:done', 'resolved:current']);
  });

  it('expects an answer by the response target, says when it is late, or that we wait for the client', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const due = new Date('2026-12-02T18:00:00Z');
    expect(expectationOf({ status: 'open', answer_due_at: due }, now)).toEqual({
      kind: 'by',
      at: due,
      late: false,
    });
    expect(
      expectationOf({ status: 'new', answer_due_at: new Date('2026-12-01T00:00:00Z') }, now),
    ).toMatchObject({ kind: 'by', late: true });
    expect(expectationOf({ status: 'open', answer_due_at: null }, now)).toEqual({ kind: 'asap' });
    expect(expectationOf({ status: 'pending', answer_due_at: due }, now)).toEqual({
      kind: 'waiting',
    });
    expect(expectationOf({ status: 'resolved', answer_due_at: null }, now)).toEqual({
      kind: 'done',
    });
  });
});

describe('small things the portal checks', () => {
  it('goes back after signing in only to a page of the same portal', () => {
    expect(safeNext('/portal/acme', '/portal/acme/requests/4')).toBe('/portal/acme/requests/4');
    expect(safeNext('/portal/acme', '/portal/other/requests/4')).toBeUndefined();
    expect(safeNext('/portal/acme', 'https://evil.example/portal/acme/')).toBeUndefined();
    expect(safeNext('/portal/acme', '/portal/acme//evil.example')).toBeUndefined();
    expect(safeNext('/portal/acme', '/portal/acme/\\evil')).toBeUndefined();
    expect(safeNext('/portal/acme', undefined)).toBeUndefined();
  });

  it('turns highlighted snippets back into text pieces, entities decoded', () => {
    expect(markedPieces('Send &lt;b&gt; it <mark>back</mark> &amp; <mark>return</mark>')).toEqual([
      { text: 'Send <b> it ', mark: false },
      { text: 'back', mark: true },
      { text: ' & ', mark: false },
      { text: 'return', mark: true },
    ]);
    expect(markedPieces('')).toEqual([]);
  });
});

describe('RAPPORT_PUBLIC_URL, the address in emailed links', () => {
  it('is read without a trailing slash, and refused when it is no http(s) URL', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ RAPPORT_PUBLIC_URL: 'https://help.example.com/' }).publicUrl).toBe(
      'https://help.example.com',
    );
    expect(loadConfig({ RAPPORT_PUBLIC_URL: 'https://example.com/rapport/' }).publicUrl).toBe(
      'https://example.com/rapport',
    );
    for (const bad of ['help.example.com', 'ftp://example.com', 'https://example.com/?a=1']) {
      expect(() => loadConfig({ RAPPORT_PUBLIC_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ RAPPORT_PUBLIC_URL: bad })).toThrow(/^RAPPORT_PUBLIC_URL: /);
    }
  });
});
