// Search results with the matched words highlighted, and the FAQ's error pages.
import type { Language } from '../../../../shared/api/common.ts';
import { html, type SafeHtml } from '../../../public/html.ts';
import { faqUrls } from '../faq-http.ts';
import type { Marked, searchFaq } from '../faq.service.ts';
import {
  breadcrumbs,
  languageLinksOf,
  portalPanel,
  searchForm,
  type FaqPage,
  type FaqPageContext,
} from './frame.ts';

/** Marked pieces as escaped text and <mark> elements: the only markup a snippet can produce. */
export function markedHtml(pieces: Marked): SafeHtml {
  return html`${pieces.map((p) => (p.mark ? html`<mark>${p.text}</mark>` : p.text))}`;
}

type Results = Awaited<ReturnType<typeof searchFaq>>;

export function searchPage(
  fc: FaqPageContext,
  q: string,
  results: Results,
  error?: string,
): FaqPage {
  const { t, workspace: w } = fc;
  const searched = q.length > 0 && !error;
  const title = searched ? t('faq.search.resultsFor', { query: q }) : t('faq.search.title');
  return {
    title,
    languages: languageLinksOf(fc, w.languages, (l: Language) =>
      faqUrls.search(w.slug, l, q || undefined),
    ),
    // Result pages are for readers, not search engines (their links are followed).
    noindex: true,
    body: html`${breadcrumbs(fc, [])}
      <h1>${title}</h1>
      ${searchForm(fc, q, error)}
      ${
        searched
          ? html`<p role="status">${t('faq.search.found', { count: results.length })}</p>`
          : html`<p>${t('faq.search.prompt')}</p>`
      }
      ${
        results.length
          ? html`<ol class="faq-list">
              ${results.map(
                (r) =>
                  html`<li>
                    <h2>
                      <a href="${faqUrls.article(w.slug, fc.language, r.slug)}"
                        >${markedHtml(r.title)}</a
                      >
                    </h2>
                    ${r.snippet.length ? html`<p>${markedHtml(r.snippet)}</p>` : ''}
                  </li>`,
              )}
            </ol>`
          : searched
            ? html`<p>
                ${t('faq.search.none')}
                <a href="${faqUrls.home(w.slug, fc.language)}">${t('faq.nav.home')}</a>
              </p>`
            : ''
      }
      ${portalPanel(fc)}`,
  };
}

export type FaqErrorKind = 'not_found' | 'csrf' | 'rate_limited' | 'bad_request' | 'internal';

export function errorPage(fc: FaqPageContext, kind: FaqErrorKind): FaqPage {
  const { t, workspace: w } = fc;
  const title = kind === 'not_found' ? t('faq.error.notFoundTitle') : t('faq.error.title');
  return {
    title,
    languages: languageLinksOf(fc, w.languages, (l) => faqUrls.home(w.slug, l)),
    noindex: true,
    body: html`<div class="panel narrow">
      <h1>${title}</h1>
      <p>${t(`faq.error.${kind}`)}</p>
      <p><a href="${faqUrls.home(w.slug, fc.language)}">${t('faq.error.home')}</a></p>
    </div>`,
  };
}
