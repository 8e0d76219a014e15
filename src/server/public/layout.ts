// The page frame shared by the pages clients read (customer portal, public
// FAQ): the workspace's name, the navigation, the language switch, the
// stylesheet served by this server, and scripts only with the response's CSP
// nonce. Pages pass their main content as SafeHtml (see html.ts).
import type { Language } from '../../shared/api/common.ts';
import { assetUrl } from './assets.ts';
import { html, type SafeHtml } from './html.ts';
import { LANGUAGE_NAMES, LANGUAGES, translator } from './i18n.ts';

export interface NavLink {
  href: string;
  label: string;
  current?: boolean;
}

export interface PageFrame {
  language: Language;
  /** The page's own title; the workspace's name follows it in <title>. */
  title: string;
  workspace: { name: string; homeHref: string };
  /** The URL of this page (path and query): the language switch links to it in each language. */
  url: string;
  /** The nonce of this response's Content-Security-Policy (see csp.ts). */
  nonce: string;
  nav?: NavLink[];
  /** The signed-in reader, with the sign-out form's action and CSRF token. */
  account?: { name: string; signOutAction: string; csrfToken: string };
  /** Scripts of ours (asset names, see assets.ts), loaded deferred with the nonce. */
  scripts?: string[];
  /** Whether search engines may index the page (the public FAQ); default no. */
  indexable?: boolean;
  /** More for <head>: canonical and hreflang links, a meta description. */
  head?: SafeHtml;
  /**
   * The language switch's links, when the page has its own (the FAQ: only the
   * languages the page exists in, each at its own path). Default: every
   * language, this URL with ?lang=.
   */
  languageLinks?: { language: Language; href: string }[];
  /** The navigation's accessible name and the footer's text; default the portal's. */
  navLabel?: string;
  footer?: string;
  body: SafeHtml;
}

/** The page's URL with ?lang= set to the language (other parameters kept). */
export function withLanguage(url: string, language: Language): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('lang', language);
  return `${path}?${params.toString()}`;
}

/** The whole HTML document of a page. */
export function renderPage(p: PageFrame): string {
  const t = translator(p.language);
  const languages = html`<nav class="languages" aria-label="${t('layout.language')}">
    <ul>
      ${(
        p.languageLinks ?? LANGUAGES.map((l) => ({ language: l, href: withLanguage(p.url, l) }))
      ).map(({ language: l, href }) =>
        l === p.language
          ? html`<li><span lang="${l}" aria-current="true">${LANGUAGE_NAMES[l]}</span></li>`
          : html`<li>
              <a href="${href}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a>
            </li>`,
      )}
    </ul>
  </nav>`;
  const nav = p.nav?.length
    ? html`<nav class="site-nav" aria-label="${p.navLabel ?? t('layout.navigation')}">
        <ul>
          ${p.nav.map(
            (n) =>
              html`<li>
                <a href="${n.href}" ${n.current ? html`aria-current="page"` : ''}>${n.label}</a>
              </li>`,
          )}
        </ul>
      </nav>`
    : '';
  const account = p.account
    ? html`<form class="sign-out" method="post" action="${p.account.signOutAction}">
        <input type="hidden" name="_csrf" value="${p.account.csrfToken}" />
        <span class="who">${t('layout.signedInAs', { name: p.account.name })}</span>
        <button type="submit" class="link-button">${t('layout.signOut')}</button>
      </form>`
    : '';
  const doc = html`<!doctype html>
    <html lang="${p.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${p.title} · ${p.workspace.name}</title>
        ${p.indexable ? '' : html`<meta name="robots" content="noindex, nofollow" />`}
        <link rel="stylesheet" href="${assetUrl('site.css')}" />
        <link rel="icon" href="data:," />
        ${p.head}
      </head>
      <body>
        <a class="skip-link" href="#main">${t('layout.skip')}</a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="${p.workspace.homeHref}">${p.workspace.name}</a>
            ${languages}
          </div>
          ${
            nav || account
              ? html`<div class="header-secondary">
                  <div class="wrap header-row">${nav} ${account}</div>
                </div>`
              : ''
          }
        </header>
        <main id="main" class="wrap" tabindex="-1">${p.body}</main>
        <footer class="site-footer">
          <div class="wrap">${p.footer ?? t('layout.footer', { workspace: p.workspace.name })}</div>
        </footer>
        ${(p.scripts ?? []).map(
          (s) => html`<script src="${assetUrl(s)}" nonce="${p.nonce}" defer></script>`,
        )}
      </body>
    </html> `;
  return doc.value;
}
