// Self-service in the portal: FAQ articles suggested while a client describes
// a problem, an article read inside the portal, and deflected requests (the
// client read a suggestion and did not send the request). Articles come from
// the knowledge base's public service: public, published versions only.
import type { Ctx } from '../../context.ts';
import { invalid, notFound } from '../../errors.ts';
import type { Language } from '../../../shared/api/common.ts';
import { findPublicArticle, searchPublicArticles } from '../knowledge/public-knowledge.service.ts';
import type { PortalViewer } from './portal.policy.ts';
import * as repo from './portal-help.repo.ts';

/** Text with its matched words marked, as pieces a page or a script renders without HTML parsing. */
export type Marked = { text: string; mark: boolean }[];

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** The knowledge service's highlighted HTML (escaped text and <mark>) back into pieces. */
export function markedPieces(markup: string): Marked {
  const pieces: Marked = [];
  const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let at = 0;
  for (let m = re.exec(markup); m; m = re.exec(markup)) {
    if (m.index > at) pieces.push({ text: unescape(markup.slice(at, m.index)), mark: false });
    pieces.push({ text: unescape(m[1]!), mark: true });
    at = m.index + m[0].length;
  }
  if (at < markup.length) pieces.push({ text: unescape(markup.slice(at)), mark: false });
  return pieces.filter((p) => p.text.length > 0);
}

export const MAX_SUGGESTIONS = 5;

/**
 * Public FAQ articles in the language that match any of the client's words,
 * best first: what the new-request form suggests while they type.
 */
export async function suggestArticles(ctx: Ctx, input: { language: Language; q: string }) {
  const results = await searchPublicArticles(ctx, {
    language: input.language,
    q: input.q,
    limit: MAX_SUGGESTIONS,
    match: 'any',
  });
  return results.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: markedPieces(r.title_html),
    snippet: markedPieces(r.snippet_html),
  }));
}

/**
 * A public article for the portal: its version in the language, else in
 * another published language (the page says which); not_found otherwise.
 */
export async function getPortalArticle(ctx: Ctx, input: { slug: string; language: Language }) {
  const article = await findPublicArticle(ctx, input);
  if (!article) throw notFound('article');
  if (article.version) return { ...article, version: article.version };
  const other = article.languages.find((l) => l.language === 'en') ?? article.languages[0];
  const fallback = other
    ? await findPublicArticle(ctx, { slug: input.slug, language: other.language })
    : undefined;
  if (!fallback?.version) throw notFound('article');
  return { ...fallback, version: fallback.version };
}

const VIEW_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Records that a client read a suggested article and did not send their
 * request: one per view of the new-request form (a repeat, from the beacon
 * and the "answered" button both, counts once). false when it was counted
 * already.
 */
export async function recordDeflection(
  ctx: Ctx,
  viewer: PortalViewer,
  input: { slug: string; language: Language; viewKey: string },
) {
  if (!VIEW_KEY.test(input.viewKey)) throw invalid({ view: 'is not a view of the request form' });
  const article = await findPublicArticle(ctx, { slug: input.slug, language: input.language });
  if (!article) throw invalid({ article: 'is not a public article of this help centre' });
  const language = article.version
    ? input.language
    : (article.languages.find((l) => l.language === 'en') ?? article.languages[0])!.language;
  return repo.insertDeflection(ctx.db, ctx.workspaceId, {
    articleId: article.id,
    language,
    clientId: viewer.clientId,
    viewKey: input.viewKey,
    at: ctx.now(),
  });
}
