// The client's requests: the list, and what each shows about where it stands.
import { html, type SafeHtml } from '../../../public/html.ts';
import type { PortalRequest } from '../portal-requests.service.ts';
import { notice, time, type PortalPage, type PortalPageContext } from './frame.ts';

/** The status as a word; the colour only repeats it. */
export function statusBadge(pc: PortalPageContext, status: string): SafeHtml {
  return html`<span class="status status-${status}">${pc.t(`status.${status}`)}</span>`;
}

/** What the client can expect next, in words. */
export function expectationText(pc: PortalPageContext, r: PortalRequest): SafeHtml {
  const e = r.expectation;
  switch (e.kind) {
    case 'by':
      return e.late
        ? html`${pc.t('due.late')}`
        : html`${pc.t('due.byPrefix')} ${time(pc, e.at, 'long')}`;
    case 'asap':
      return html`${pc.t('due.asap')}`;
    case 'waiting':
      return html`${pc.t('due.waiting')}`;
    case 'done':
      return html`${pc.t('due.done')}`;
  }
}

/** The progress checkpoints as an ordered list: done, current, still to come. */
export function checkpointList(pc: PortalPageContext, r: PortalRequest): SafeHtml {
  const { t } = pc;
  return html`<ol class="checkpoints" aria-label="${t('progress.label')}">
    ${r.checkpoints.map(
      (c) =>
        html`<li
          class="${c.state}${c.key === 'waiting' ? ' waiting' : ''}${
            c.key === 'resolved' ? ' final' : ''
          }"
          ${c.state === 'current' ? html`aria-current="step"` : ''}
        >
          ${t(`checkpoint.${c.key}`)}<span class="visually-hidden"
            >${' – '}${t(`checkpoint.state.${c.state}`)}</span
          >
        </li>`,
    )}
  </ol>`;
}

function requestItem(pc: PortalPageContext, r: PortalRequest): SafeHtml {
  const { t } = pc;
  return html`<li>
    <div class="request-head">
      <h2>
        <a href="${pc.base}/requests/${r.number}">${r.subject || t('requests.noSubject')}</a>
      </h2>
      ${statusBadge(pc, r.status)}
    </div>
    <dl class="request-meta">
      <div>
        <dt>${t('requests.number')}</dt>
        <dd>#${r.number}</dd>
      </div>
      <div>
        <dt>${t('requests.lastActivity')}</dt>
        <dd>${time(pc, r.lastActivityAt)}</dd>
      </div>
      ${
        r.requester
          ? html`<div>
              <dt>${t('requests.requester')}</dt>
              <dd>${r.requester}</dd>
            </div>`
          : ''
      }
    </dl>
    <p class="request-meta">${expectationText(pc, r)}</p>
    ${checkpointList(pc, r)}
  </li>`;
}

/** The list of the client's requests, a page at a time. */
export function requestsPage(
  pc: PortalPageContext,
  o: { items: PortalRequest[]; nextCursor: string | null; isFirstPage: boolean; notice?: string },
): PortalPage {
  const { t } = pc;
  return {
    title: t('requests.title'),
    current: 'requests',
    body: html`${o.notice ? notice('ok', o.notice) : ''}
      <div class="page-head">
        <h1>${t('requests.title')}</h1>
        <a class="button primary" href="${pc.base}/requests/new">${t('nav.new')}</a>
      </div>
      ${
        o.items.length
          ? html`<ul class="requests">
              ${o.items.map((r) => requestItem(pc, r))}
            </ul>`
          : html`<div class="panel">
              <p>${o.isFirstPage ? t('requests.empty') : t('requests.noMore')}</p>
            </div>`
      }
      <nav class="pager" aria-label="${t('requests.pages')}">
        ${o.isFirstPage ? html`<span></span>` : html`<a href="${pc.base}/requests">${t('requests.newest')}</a>`}
        ${
          o.nextCursor
            ? html`<a href="${pc.base}/requests?cursor=${encodeURIComponent(o.nextCursor)}"
                >${t('requests.older')}</a
              >`
            : ''
        }
      </nav>`,
  };
}
