// An FAQ article with its "was this helpful?" form (a plain form post: yes or
// no, and an optional comment), and the page of an article that exists only
// in other languages.
import type { Language } from '../../../../shared/api/common.ts';
import { escapeHtml, html, SafeHtml, trusted } from '../../../public/html.ts';
import { LANGUAGE_NAMES } from '../../../public/i18n.ts';
import { faqUrls } from '../faq-http.ts';
import { VOTE_COMMENT_MAX, type getFaqArticle } from '../faq.service.ts';
import {
  alternatesOf,
  breadcrumbs,
  formatDay,
  languageLinksOf,
  portalPanel,
  searchForm,
  type FaqPage,
  type FaqPageContext,
} from './frame.ts';

type Found = Extract<Awaited<ReturnType<typeof getFaqArticle>>, { kind: 'found' }>;
type Missing = Extract<Awaited<ReturnType<typeof getFaqArticle>>, { kind: 'missing' }>;

export interface VoteState {
  /** After a vote: which answer was recorded (the thank-you state). */
  voted?: 'yes' | 'no';
  /** A refused vote: what to correct, and the comment to keep. */
  error?: string;
  comment?: string;
}

/**
 * The comment box, built by concatenation rather than in a template so that
 * no formatter can add whitespace to its value (the newline after the start
 * tag is the one the HTML parser drops).
 */
function commentBox(fc: FaqPageContext, state: VoteState): SafeHtml {
  const described = ['vote-comment-hint', state.error ? 'vote-error' : '']
    .filter(Boolean)
    .join(' ');
  const start = html`<textarea id="vote-comment" name="comment" rows="3" maxlength="${VOTE_COMMENT_MAX}" aria-describedby="${described}">`;
  return new SafeHtml(`${start.value}\n${escapeHtml(state.comment ?? '')}</textarea>`);
}

function voteSection(fc: FaqPageContext, a: Found, state: VoteState): SafeHtml {
  const { t } = fc;
  const thanks =
    state.voted &&
    html`<div class="notice ok" role="status">
      <p>${state.voted === 'yes' ? t('faq.vote.thanksHelpful') : t('faq.vote.thanksNotHelpful')}</p>
      <p>${t('faq.vote.change')}</p>
    </div>`;
  return html`<section class="panel faq-vote" id="helpful" aria-labelledby="helpful-title">
    <h2 id="helpful-title">${t('faq.vote.title')}</h2>
    ${thanks}
    ${state.error ? html`<div class="notice error" role="alert" id="vote-error">${state.error}</div>` : ''}
    <form
      class="stack"
      method="post"
      action="${faqUrls.vote(fc.workspace.slug, fc.language, a.slug)}"
    >
      <div class="field">
        <label for="vote-comment">${t('faq.vote.comment')}</label>
        <span class="hint" id="vote-comment-hint">${t('faq.vote.commentHint')}</span>
        ${commentBox(fc, state)}
      </div>
      <div class="actions" role="group" aria-labelledby="helpful-title">
        <button type="submit" name="helpful" value="yes" class="primary">
          ${t('faq.vote.yes')}
        </button>
        <button type="submit" name="helpful" value="no" class="secondary">
          ${t('faq.vote.no')}
        </button>
      </div>
    </form>
  </section>`;
}

/** "Updated on <time>…</time>": the sentence in the language, the date as a <time>. */
function updatedOn(fc: FaqPageContext, at: Date): SafeHtml {
  const [before = '', after = ''] = fc.t('faq.article.updated', { date: '\u0000' }).split('\u0000');
  return html`${before}<time datetime="${at.toISOString()}">${formatDay(at, fc.language)}</time
    >${after}`;
}

export function articlePage(fc: FaqPageContext, a: Found, state: VoteState = {}): FaqPage {
  const { workspace: w } = fc;
  const v = a.version;
  const url = (l: Language) => faqUrls.article(w.slug, l, a.slug);
  const languages = a.languages.map((l) => l.language);
  const updated = new Date(v.updated_at);
  return {
    title: v.title,
    description: v.meta_description,
    canonical: url(fc.language),
    alternates: alternatesOf(fc, languages, url),
    languages: languageLinksOf(fc, languages, url),
    // The thank-you state and a refused vote are the article again, not pages of their own.
    noindex: Boolean(state.voted || state.error),
    body: html`${breadcrumbs(fc, [
        {
          href: faqUrls.category(w.slug, fc.language, a.category.slug),
          label: a.category.name,
        },
      ])}
      <article class="panel">
        <h1>${v.title}</h1>
        <p class="muted faq-updated">${updatedOn(fc, updated)}</p>
        <div class="article-body">${trusted(v.body_html)}</div>
      </article>
      ${voteSection(fc, a, state)} ${portalPanel(fc)} ${searchForm(fc)}`,
  };
}

/** The article exists and is public, but not in this language: links to the languages it is in (404). */
export function missingLanguagePage(fc: FaqPageContext, a: Missing): FaqPage {
  const { t, workspace: w } = fc;
  const url = (l: Language) => faqUrls.article(w.slug, l, a.slug);
  return {
    title: t('faq.missing.title'),
    languages: languageLinksOf(
      fc,
      a.languages.map((l) => l.language),
      url,
    ),
    noindex: true,
    body: html`<div class="panel">
        <h1>${t('faq.missing.title')}</h1>
        <p>${t('faq.missing.readIn')}</p>
        <ul>
          ${a.languages.map(
            (l) =>
              html`<li>
                <a href="${url(l.language)}" lang="${l.language}" hreflang="${l.language}"
                  >${l.title}</a
                >
                (${LANGUAGE_NAMES[l.language]})
              </li>`,
          )}
        </ul>
      </div>
      ${searchForm(fc)}`,
  };
}
