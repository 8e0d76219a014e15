// The FAQ for search engines: a workspace's sitemap (every public, published
// article in each of its languages, with lastmod and hreflang alternates),
// a sitemap index when there are more articles than one file holds, and the
// host's robots.txt.
import type { Language } from '../../../../shared/api/common.ts';
import { escapeHtml } from '../../../public/html.ts';
import { faqUrls } from '../faq-http.ts';

export interface SitemapEntry {
  slug: string;
  languages: { language: Language; updated_at: Date | string }[];
}

const xml = (s: string) => escapeHtml(s);
const isoOf = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** A <urlset>: one <url> per article and language, each naming its other languages. */
export function renderUrlset(
  o: { origin: string; slug: string; defaultLanguage: Language },
  entries: SitemapEntry[],
): string {
  const urls: string[] = [];
  for (const e of entries) {
    const hrefOf = (l: Language) => `${o.origin}${faqUrls.article(o.slug, l, e.slug)}`;
    const codes = e.languages.map((l) => l.language);
    const xDefault = [o.defaultLanguage, 'en' as const].find((l) => codes.includes(l)) ?? codes[0];
    const alternates = [
      ...codes.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${xml(hrefOf(l))}"/>`),
      ...(xDefault
        ? [`<xhtml:link rel="alternate" hreflang="x-default" href="${xml(hrefOf(xDefault))}"/>`]
        : []),
    ].join('');
    for (const l of e.languages) {
      urls.push(
        `<url><loc>${xml(hrefOf(l.language))}</loc><lastmod>${isoOf(l.updated_at)}</lastmod>${alternates}</url>`,
      );
    }
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' +
    urls.join('\n') +
    (urls.length ? '\n' : '') +
    '</urlset>\n'
  );
}

/** A <sitemapindex> of the pages of a large help centre's sitemap ("after" each start id). */
export function renderSitemapIndex(o: { origin: string; slug: string }, starts: string[]): string {
  const pages = starts.map(
    (after) =>
      `<sitemap><loc>${xml(`${o.origin}${faqUrls.sitemap(o.slug, after)}`)}</loc></sitemap>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    pages.join('\n') +
    '\n</sitemapindex>\n'
  );
}

/**
 * The host's robots.txt: the help centres may be crawled (not their search
 * results), nothing else of Rapport (the agent app, the API, the customer
 * portal) may, and each help centre's sitemap is named.
 */
export function renderRobots(origin: string, slugs: string[]): string {
  return [
    '# Rapport: the public help centres (FAQ) are open to search engines; the',
    '# agent app, the API and the customer portal are not.',
    'User-agent: *',
    'Allow: /help/',
    'Allow: /public/',
    'Disallow: /help/*/search',
    'Disallow: /',
    '',
    ...slugs.map((slug) => `Sitemap: ${origin}${faqUrls.sitemap(slug)}`),
    '',
  ].join('\n');
}
