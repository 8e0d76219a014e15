// The new-request form with its FAQ suggestions, and an article read in the portal.
import { html, trusted, type SafeHtml } from '../../../public/html.ts';
import { LANGUAGE_NAMES } from '../../../public/i18n.ts';
import type { getPortalArticle, Marked } from '../portal-help.service.ts';
import {
  csrfField,
  describedBy,
  field,
  notice,
  textarea,
  type PortalPage,
  type PortalPageContext,
} from './frame.ts';

export interface Suggestion {
  id: string;
  slug: string;
  title: Marked;
  snippet: Marked;
}

/** Marked pieces as text and <mark> elements. */
export function markedHtml(pieces: Marked): SafeHtml {
  return html`${pieces.map((p) => (p.mark ? html`<mark>${p.text}</mark>` : p.text))}`;
}

export const SUBJECT_MAX = 200;
export const BODY_MAX = 10_000;

export interface NewRequestState {
  subject: string;
  body: string;
  errors?: { subject?: string; body?: string };
  /** Articles found for what the client wrote (after "Show matching articles"). */
  suggestions?: Suggestion[];
}

/** The URL of an article in the portal, tied to this view of the form. */
export function articleHref(pc: PortalPageContext, slug: string, viewKey: string) {
  return `${pc.base}/articles/${encodeURIComponent(slug)}?view=${viewKey}`;
}

/** The new-request form; suggestions appear while typing (script) or after a search (no script). */
export function newRequestPage(
  pc: PortalPageContext,
  viewKey: string,
  state: NewRequestState = { subject: '', body: '' },
): PortalPage {
  const { t } = pc;
  const items = state.suggestions ?? [];
  const searched = state.suggestions !== undefined;
  return {
    title: t('new.title'),
    current: 'new',
    scripts: ['portal.js'],
    body: html`<h1>${t('new.title')}</h1>
      ${state.errors ? notice('error', t('form.fixErrors')) : ''}
      <p class="lead">${t('new.intro')}</p>
      <form
        class="stack panel"
        method="post"
        action="${pc.base}/requests"
        data-suggest="${pc.base}"
        novalidate
      >
        ${csrfField(pc)}
        <input type="hidden" name="view" value="${viewKey}" />
        ${field({
          id: 'subject',
          label: t('new.subject'),
          error: state.errors?.subject,
          control: (ids, invalid) =>
            html`<input
              type="text"
              id="subject"
              name="subject"
              required
              maxlength="${SUBJECT_MAX}"
              autocomplete="off"
              value="${state.subject}"
              ${describedBy(ids, invalid)}
            />`,
        })}
        ${field({
          id: 'body',
          label: t('new.body'),
          hint: t('new.bodyHint'),
          error: state.errors?.body,
          control: (ids, invalid) =>
            textarea({
              id: 'body',
              name: 'body',
              value: state.body,
              maxLength: BODY_MAX,
              rows: 7,
              required: true,
              ids,
              invalid,
            }),
        })}
        <div class="actions">
          <button type="submit" name="action" value="search" class="secondary">
            ${t('new.search')}
          </button>
        </div>
        <div id="suggestions" aria-live="polite">
          <div id="suggestion-panel" ${searched || items.length ? '' : html`hidden`}>
            <h2>${t('new.suggestionsTitle')}</h2>
            <p class="muted">${t('new.suggestionsHint')}</p>
            <ul class="suggestions" id="suggestion-list">
              ${items.map(
                (s) =>
                  html`<li>
                    <a href="${articleHref(pc, s.slug, viewKey)}" data-article="${s.slug}"
                      >${markedHtml(s.title)}</a
                    >
                    ${s.snippet.length ? html`<p>${markedHtml(s.snippet)}</p>` : ''}
                  </li>`,
              )}
            </ul>
            <p id="suggestion-empty" ${items.length ? html`hidden` : ''}>
              ${t('new.noSuggestions')}
            </p>
          </div>
        </div>
        <div class="actions">
          <button type="submit" name="action" value="send" class="primary">
            ${t('new.submit')}
          </button>
        </div>
      </form>`,
  };
}

type Article = Awaited<ReturnType<typeof getPortalArticle>>;

/** An FAQ article in the portal, with "this answered my question". */
export function articlePage(pc: PortalPageContext, a: Article, viewKey: string): PortalPage {
  const { t } = pc;
  const v = a.version;
  return {
    title: v.title,
    current: 'new',
    body: html`<p><a href="${pc.base}/requests/new">${t('article.back')}</a></p>
      <article class="panel" lang="${v.language}">
        <h1>${v.title}</h1>
        ${
          v.language !== pc.language
            ? html`<p class="muted">
                ${t('article.otherLanguage', { language: LANGUAGE_NAMES[v.language] })}
              </p>`
            : ''
        }
        <div class="article-body">${trusted(v.body_html)}</div>
      </article>
      <section class="panel" aria-labelledby="answered-title">
        <h2 id="answered-title">${t('article.question')}</h2>
        <form
          class="actions"
          method="post"
          action="${pc.base}/articles/${encodeURIComponent(a.slug)}/answered"
        >
          ${csrfField(pc)}
          <input type="hidden" name="view" value="${viewKey}" />
          <button type="submit" class="primary">${t('article.answered')}</button>
          <a class="button secondary" href="${pc.base}/requests/new">${t('article.stillNeed')}</a>
        </form>
      </section>`,
  };
}

/** After "this answered my question". */
export function answeredPage(pc: PortalPageContext): PortalPage {
  const { t } = pc;
  return {
    title: t('article.thanksTitle'),
    body: html`<div class="panel narrow">
      <h1>${t('article.thanksTitle')}</h1>
      <p>${t('article.thanks')}</p>
      <p><a href="${pc.base}/requests">${t('nav.requests')}</a></p>
    </div>`,
  };
}
