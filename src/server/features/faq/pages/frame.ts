// What every FAQ page shares: the shared layout of the pages clients read
// (src/server/public/layout.ts) with the FAQ's head (meta description,
// canonical link, hreflang alternates), its navigation (the help centre and
// the customer portal), the language switch to the versions that exist,
// breadcrumbs, the search box and the "did not find your answer?" panel.
import type { Language } from '../../../../shared/api/common.ts';
import { assetUrl } from '../../../public/assets.ts';
import { html, type SafeHtml } from '../../../public/html.ts';
import { LANGUAGES, translator, type Translate } from '../../../public/i18n.ts';
import { renderPage } from '../../../public/layout.ts';
import { faqUrls } from '../faq-http.ts';
import { QUERY_MAX } from '../faq.service.ts';

export interface FaqPageContext {
  language: Language;
  t: Translate;
  workspace: { slug: string; name: string; defaultLanguage: Language; languages: Language[] };
  /** Scheme, host and port readers use, for absolute URLs. */
  origin: string;
}

export function faqPageContext(
  language: Language,
  workspace: FaqPageContext['workspace'],
  origin: string,
): FaqPageContext {
  return { language, t: translator(language), workspace, origin };
}

export interface FaqPage {
  title: string;
  description?: string;
  /** This page's own URL (path), absolute in <link rel="canonical">; none for pages not to index. */
  canonical?: string;
  /** The page in each language it exists in, and x-default; paths. */
  alternates?: { hreflang: Language | 'x-default'; href: string }[];
  /** The language switch: the languages this page exists in (the current one included). */
  languages: { language: Language; href: string }[];
  /** Search results, the thank-you state and errors: followed, not indexed. */
  noindex?: boolean;
  current?: 'home';
  body: SafeHtml;
}

/** The whole HTML document of an FAQ page. */
export function faqDocument(fc: FaqPageContext, page: FaqPage): string {
  const { t, workspace: w } = fc;
  const absolute = (path: string) => `${fc.origin}${path}`;
  const head = html`${
      page.description ? html`<meta name="description" content="${page.description}" />` : ''
    }
    ${page.noindex ? html`<meta name="robots" content="noindex, follow" />` : ''}
    ${page.canonical ? html`<link rel="canonical" href="${absolute(page.canonical)}" />` : ''}
    ${(page.alternates ?? []).map(
      (a) => html`<link rel="alternate" hreflang="${a.hreflang}" href="${absolute(a.href)}" />`,
    )} <link rel="stylesheet" href="${assetUrl('faq.css')}" />`;
  return renderPage({
    language: fc.language,
    title: page.title,
    workspace: { name: w.name, homeHref: faqUrls.home(w.slug, fc.language) },
    url: faqUrls.home(w.slug, fc.language),
    // The FAQ runs no script; the layout needs a nonce only for scripts.
    nonce: '',
    indexable: true,
    head,
    languageLinks: page.languages,
    navLabel: t('faq.navLabel'),
    nav: [
      {
        href: faqUrls.home(w.slug, fc.language),
        label: t('faq.nav.home'),
        current: page.current === 'home',
      },
      { href: faqUrls.portal(w.slug, fc.language), label: t('faq.nav.requests') },
    ],
    footer: t('faq.footer', { workspace: w.name }),
    body: page.body,
  });
}

/** Languages in the order every language switch shows them (en, es, hu, ro, kk, ru). */
function inSwitchOrder(languages: Language[]): Language[] {
  return [...languages].sort((a, b) => LANGUAGES.indexOf(a) - LANGUAGES.indexOf(b));
}

/**
 * hreflang alternates of a page that exists in these languages, with
 * x-default: the workspace's own language when the page has it, else
 * English, else the first.
 */
export function alternatesOf(
  fc: FaqPageContext,
  languages: Language[],
  urlIn: (l: Language) => string,
  xDefault?: string,
): FaqPage['alternates'] {
  if (languages.length === 0) return [];
  const fallback =
    [fc.workspace.defaultLanguage, 'en' as const].find((l) => languages.includes(l)) ??
    languages[0]!;
  return [
    ...inSwitchOrder(languages).map((l) => ({ hreflang: l, href: urlIn(l) })),
    { hreflang: 'x-default' as const, href: xDefault ?? urlIn(fallback) },
  ];
}

/** The language switch's links for a page that exists in these languages (and the current one). */
export function languageLinksOf(
  fc: FaqPageContext,
  languages: Language[],
  urlIn: (l: Language) => string,
): FaqPage['languages'] {
  const all = languages.includes(fc.language) ? languages : [...languages, fc.language];
  return inSwitchOrder(all).map((l) => ({ language: l, href: urlIn(l) }));
}

/** "Help centre › Topic": where the page is. */
export function breadcrumbs(fc: FaqPageContext, trail: { href: string; label: string }[]) {
  const home = { href: faqUrls.home(fc.workspace.slug, fc.language), label: fc.t('faq.nav.home') };
  return html`<nav class="breadcrumbs" aria-label="${fc.t('faq.breadcrumbs')}">
    <ol>
      ${[home, ...trail].map((c) => html`<li><a href="${c.href}">${c.label}</a></li>`)}
    </ol>
  </nav>`;
}

/** The search box: a GET form, so results work without a script and can be bookmarked. */
export function searchForm(fc: FaqPageContext, q = '', error?: string): SafeHtml {
  const { t } = fc;
  return html`<form
    class="faq-search"
    role="search"
    method="get"
    action="${faqUrls.search(fc.workspace.slug, fc.language)}"
  >
    <label for="faq-q">${t('faq.search.label')}</label>
    ${error ? html`<span class="error" id="faq-q-error">${error}</span>` : ''}
    <input
      type="search"
      id="faq-q"
      name="q"
      value="${q}"
      maxlength="${QUERY_MAX}"
      required
      ${error ? html`aria-invalid="true" aria-describedby="faq-q-error"` : ''}
    />
    <button type="submit" class="primary">${t('faq.search.submit')}</button>
  </form>`;
}

/** The way on when the FAQ did not answer: the customer portal. */
export function portalPanel(fc: FaqPageContext): SafeHtml {
  const { t } = fc;
  return html`<section class="panel faq-help" aria-labelledby="faq-help-title">
    <div>
      <h2 id="faq-help-title">${t('faq.help.title')}</h2>
      <p>${t('faq.help.lead')}</p>
    </div>
    <a class="button secondary" href="${faqUrls.portal(fc.workspace.slug, fc.language)}"
      >${t('faq.help.link')}</a
    >
  </section>`;
}

/** A date as readers of the language write it (the day only). */
export function formatDay(at: Date, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(at);
}
