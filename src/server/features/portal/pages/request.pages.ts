// One request: where it stands, the messages the client may read (oldest
// first, with their files), the rating of a resolved request, and the reply form.
import { html, type SafeHtml } from '../../../public/html.ts';
import { formatBytes } from '../../../public/i18n.ts';
import type { getMyRequest } from '../portal-requests.service.ts';
import {
  csrfField,
  describedBy,
  field,
  notice,
  textarea,
  time,
  type PortalPage,
  type PortalPageContext,
} from './frame.ts';
import { checkpointList, expectationText, statusBadge } from './requests.pages.ts';

export type RequestDetail = Awaited<ReturnType<typeof getMyRequest>>;

export type RequestNotice = 'created' | 'sent' | 'reopened' | 'rated';

/** What the forms of the page show after a refused submission. */
export interface RequestFormState {
  notice?: RequestNotice;
  reply?: { body: string; error?: string; filesError?: string; closed?: boolean };
  rating?: { score?: number; comment: string; error?: string; commentError?: string };
}

export const REPLY_MAX_FILES = 5;

function messageItem(
  pc: PortalPageContext,
  d: RequestDetail,
  m: RequestDetail['messages'][number],
) {
  const { t } = pc;
  const author = m.byViewer
    ? t('request.you')
    : m.fromClient
      ? (m.authorName ?? t('request.client'))
      : (m.authorName ?? t('request.team', { workspace: pc.workspaceName }));
  const base = `${pc.base}/requests/${d.request.number}/attachments`;
  return html`<li class="message ${m.fromClient ? 'from-client' : 'from-team'}" id="m${m.id}">
    <div class="message-head">
      <strong>${author}</strong>
      ${time(pc, m.at)}
    </div>
    <div class="message-body">${m.body}</div>
    ${
      m.attachments.length
        ? html`<ul class="attachments" aria-label="${t('request.attachments')}">
            ${m.attachments.map(
              (a) =>
                html`<li>
                  <a href="${base}/${a.id}" download="${a.filename}">${a.filename}</a>
                  <span class="muted">(${formatBytes(a.sizeBytes, pc.language)})</span>
                </li>`,
            )}
          </ul>`
        : ''
    }
  </li>`;
}

function ratingSection(
  pc: PortalPageContext,
  d: RequestDetail,
  state?: RequestFormState['rating'],
) {
  const { t } = pc;
  const number = d.request.number;
  const chosen = state?.score ?? d.rating?.score;
  const comment = state ? state.comment : (d.rating?.comment ?? '');
  return html`<section class="panel" aria-labelledby="rating-title" id="rating">
    <h2 id="rating-title">${t('rating.title')}</h2>
    ${
      d.rating && !state
        ? html`<p>${t('rating.current', { score: d.rating.score })}</p>`
        : html`<p class="muted">${t('rating.intro')}</p>`
    }
    <form class="stack" method="post" action="${pc.base}/requests/${number}/rating" novalidate>
      ${csrfField(pc)}
      <fieldset class="field" ${state?.error ? html`aria-describedby="rating-score-error"` : ''}>
        <legend>${t('rating.score')}</legend>
        ${
          state?.error
            ? html`<span class="error" id="rating-score-error">${state.error}</span>`
            : ''
        }
        <div class="scores">
          ${[1, 2, 3, 4, 5].map(
            (s) =>
              html`<label
                ><input
                  type="radio"
                  name="score"
                  value="${s}"
                  ${chosen === s ? html`checked` : ''}
                  required
                />
                ${t(`rating.score${s}`)}</label
              >`,
          )}
        </div>
      </fieldset>
      ${field({
        id: 'rating-comment',
        label: t('rating.comment'),
        error: state?.commentError,
        control: (ids, invalid) =>
          textarea({
            id: 'rating-comment',
            name: 'comment',
            value: comment,
            maxLength: 2000,
            rows: 3,
            ids,
            invalid,
          }),
      })}
      <button type="submit" class="primary">
        ${d.rating ? t('rating.update') : t('rating.submit')}
      </button>
    </form>
  </section>`;
}

function replySection(pc: PortalPageContext, d: RequestDetail, state?: RequestFormState['reply']) {
  const { t } = pc;
  const reopens = d.request.status === 'resolved';
  return html`<section class="panel" aria-labelledby="reply-title" id="reply">
    <h2 id="reply-title">${t('request.replyTitle')}</h2>
    ${reopens ? html`<p class="muted">${t('request.replyReopens')}</p>` : ''}
    <form
      class="stack"
      method="post"
      action="${pc.base}/requests/${d.request.number}/replies"
      enctype="multipart/form-data"
      novalidate
    >
      ${csrfField(pc)}
      ${field({
        id: 'reply-body',
        label: t('request.replyLabel'),
        error: state?.error,
        control: (ids, invalid) =>
          textarea({
            id: 'reply-body',
            name: 'body',
            value: state?.body ?? '',
            maxLength: 10_000,
            rows: 5,
            required: true,
            ids,
            invalid,
          }),
      })}
      ${field({
        id: 'reply-files',
        label: t('request.filesLabel'),
        hint: t('request.filesHint', { count: REPLY_MAX_FILES }),
        error: state?.filesError,
        control: (ids, invalid) =>
          html`<input
            type="file"
            id="reply-files"
            name="files"
            multiple
            ${describedBy(ids, invalid)}
          />`,
      })}
      <button type="submit" class="primary">${t('request.send')}</button>
    </form>
  </section>`;
}

function noticeText(pc: PortalPageContext, n: RequestNotice, number: number) {
  switch (n) {
    case 'created':
      return pc.t('request.created', { number });
    case 'sent':
      return pc.t('request.sent');
    case 'reopened':
      return pc.t('request.reopened');
    case 'rated':
      return pc.t('rating.thanks');
  }
}

/** The request page, with the state of a refused form when there is one. */
export function requestPage(
  pc: PortalPageContext,
  d: RequestDetail,
  o: { state?: RequestFormState; afterMessageId?: string } = {},
): PortalPage {
  const { t } = pc;
  const r = d.request;
  const state = o.state ?? {};
  const messages: SafeHtml = d.messages.length
    ? html`<ol class="messages">
        ${d.messages.map((m) => messageItem(pc, d, m))}
      </ol>`
    : html`<p class="muted">${t('request.noMessages')}</p>`;
  const later = d.nextAfterMessageId
    ? html`<p>
        <a href="${pc.base}/requests/${r.number}?after=${d.nextAfterMessageId}"
          >${t('request.later')}</a
        >
      </p>`
    : '';
  const closed = r.status === 'closed' || state.reply?.closed;
  return {
    title: `#${r.number} ${r.subject || t('requests.noSubject')}`,
    current: 'requests',
    body: html`<p><a href="${pc.base}/requests">${t('request.back')}</a></p>
      ${state.notice ? notice('ok', noticeText(pc, state.notice, r.number)) : ''}
      ${
        state.reply?.error ||
        state.reply?.filesError ||
        state.rating?.error ||
        state.rating?.commentError
          ? notice('error', t('form.fixErrors'))
          : ''
      }
      <div class="request-head">
        <h1>${r.subject || t('requests.noSubject')}</h1>
        ${statusBadge(pc, r.status)}
      </div>
      <dl class="request-meta">
        <div>
          <dt>${t('requests.number')}</dt>
          <dd>#${r.number}</dd>
        </div>
        <div>
          <dt>${t('request.opened')}</dt>
          <dd>${time(pc, r.createdAt)}</dd>
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
      <h2>${t('request.conversation')}</h2>
      ${
        o.afterMessageId
          ? html`<p><a href="${pc.base}/requests/${r.number}">${t('request.earliest')}</a></p>`
          : ''
      }
      ${messages} ${later} ${r.can.rate ? ratingSection(pc, d, state.rating) : ''}
      ${
        closed
          ? html`<div class="panel">
              <p>${t('request.closed')}</p>
              <a class="button secondary" href="${pc.base}/requests/new">${t('nav.new')}</a>
            </div>`
          : r.can.reply
            ? replySection(pc, d, state.reply)
            : ''
      }`,
  };
}
