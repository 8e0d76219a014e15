// The FAQ's home page (topics with their first articles) and a topic's page
// (all its articles, page by page).
import type { Language } from '../../../../shared/api/common.ts';
import { html } from '../../../public/html.ts';
import { LANGUAGE_NAMES } from '../../../public/i18n.ts';
import { faqUrls } from '../faq-http.ts';
import type { getFaqCategory, getFaqHome } from '../faq.service.ts';
import {
  alternatesOf,
  breadcrumbs,
  languageLinksOf,
  portalPanel,
  searchForm,
  type FaqPage,
  type FaqPageContext,
} from './frame.ts';

type Home = Awaited<ReturnType<typeof getFaqHome>>;
type Category = Awaited<ReturnType<typeof getFaqCategory>>;

/** Links to the help centre in the languages it is written in. */
function otherLanguages(fc: FaqPageContext) {
  const others = fc.workspace.languages.filter((l) => l !== fc.language);
  if (others.length === 0) return '';
  return html`<p>${fc.t('faq.home.readIn')}</p>
    <ul>
      ${others.map(
        (l) =>
          html`<li>
            <a href="${faqUrls.home(fc.workspace.slug, l)}" lang="${l}" hreflang="${l}"
              >${LANGUAGE_NAMES[l]}</a
            >
          </li>`,
      )}
    </ul>`;
}

export function homePage(fc: FaqPageContext, home: Home): FaqPage {
  const { t, workspace: w } = fc;
  const url = (l: Language) => faqUrls.home(w.slug, l);
  const empty = home.categories.length === 0;
  return {
    title: t('faq.home.title'),
    description: t('faq.home.description', { workspace: w.name }),
    canonical: empty ? undefined : url(fc.language),
    // The bare root redirects each reader to their language: the x-default.
    alternates: empty ? [] : alternatesOf(fc, w.languages, url, faqUrls.root(w.slug)),
    languages: languageLinksOf(fc, w.languages, url),
    noindex: empty,
    current: 'home',
    body: html`<div class="faq-hero">
        <h1>${t('faq.home.title')}</h1>
        <p class="lead">${t('faq.home.lead')}</p>
        ${searchForm(fc)}
      </div>
      ${
        empty
          ? html`<div class="panel">
              <p>${t('faq.home.empty')}</p>
              ${otherLanguages(fc)}
            </div>`
          : html`<h2 class="visually-hidden">${t('faq.home.topics')}</h2>
              <div class="faq-topics">
                ${home.categories.map((c) => {
                  const href = faqUrls.category(w.slug, fc.language, c.slug);
                  return html`<section class="panel" aria-labelledby="topic-${c.slug}">
                    <h2 id="topic-${c.slug}"><a href="${href}">${c.name}</a></h2>
                    ${c.description ? html`<p class="muted">${c.description}</p>` : ''}
                    <ul class="faq-articles">
                      ${c.articles.map(
                        (a) =>
                          html`<li>
                            <a href="${faqUrls.article(w.slug, fc.language, a.slug)}">${a.title}</a>
                          </li>`,
                      )}
                    </ul>
                    ${
                      c.article_count > c.articles.length
                        ? html`<p>
                            <a href="${href}"
                              >${t('faq.category.all', { count: c.article_count })}</a
                            >
                          </p>`
                        : ''
                    }
                  </section>`;
                })}
              </div>`
      }
      ${portalPanel(fc)}`,
  };
}

export function categoryPage(fc: FaqPageContext, c: Category, cursor?: string): FaqPage {
  const { t, workspace: w } = fc;
  const url = (l: Language) => faqUrls.category(w.slug, l, c.category.slug);
  const here = url(fc.language);
  const pageUrl = cursor ? `${here}?after=${encodeURIComponent(cursor)}` : here;
  return {
    title: c.category.name,
    description: c.category.description || t('faq.home.description', { workspace: w.name }),
    canonical: pageUrl,
    // Later pages are their own documents; their language versions list other articles.
    alternates: cursor ? [] : alternatesOf(fc, c.languages, url),
    languages: languageLinksOf(fc, c.languages, url),
    body: html`${breadcrumbs(fc, [])}
      <h1>${c.category.name}</h1>
      ${c.category.description ? html`<p class="lead">${c.category.description}</p>` : ''}
      <p class="muted">${t('faq.category.articles', { count: c.category.article_count })}</p>
      <ul class="faq-list">
        ${c.articles.map(
          (a) =>
            html`<li>
              <h2><a href="${faqUrls.article(w.slug, fc.language, a.slug)}">${a.title}</a></h2>
              ${a.meta_description ? html`<p>${a.meta_description}</p>` : ''}
            </li>`,
        )}
      </ul>
      ${
        cursor || c.nextCursor
          ? html`<nav class="pager" aria-label="${t('faq.category.pages')}">
              ${cursor ? html`<a href="${here}">${t('faq.category.first')}</a>` : html`<span></span>`}
              ${
                c.nextCursor
                  ? html`<a href="${here}?after=${encodeURIComponent(c.nextCursor)}" rel="next"
                      >${t('faq.category.next')}</a
                    >`
                  : ''
              }
            </nav>`
          : ''
      }
      ${searchForm(fc)} ${portalPanel(fc)}`,
  };
}
