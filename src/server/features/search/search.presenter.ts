import type { Language } from '../../../shared/api/common.ts';
import type { SearchItem } from '../../../shared/api/search.ts';
import { MARK_END, MARK_START, markedToHtml } from '../knowledge/public-knowledge.service.ts';
import type { findClientsMatching } from '../clients/client-match.service.ts';
import type * as repo from './search.repo.ts';

type Hit<F extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>[number];

/** A score as the cursor and SQL compare it: 6 decimals. */
export function scoreText(score: number | string): string {
  return Number(score).toFixed(6);
}

const score = (s: number | string) => Number(scoreText(s));
const ref = (id: string | null, name: string | null) =>
  id !== null && name !== null ? { id, name } : null;

const blank = {
  conversation_id: null,
  conversation_number: null,
  client: null,
  status: null,
  assignee: null,
  direction: null,
  visibility: null,
  language: null,
  slug: null,
} satisfies Partial<SearchItem>;

export function presentConversationHit(h: Hit<typeof repo.searchConversations>): SearchItem {
  return {
    ...blank,
    type: 'conversation',
    id: h.id,
    title: h.subject,
    snippet: markedToHtml(h.snippet_marked),
    conversation_id: h.id,
    conversation_number: h.number,
    client: { id: h.client_id, name: h.client_name },
    status: h.status,
    assignee: ref(h.assignee_id, h.assignee_name),
    language: h.language as Language | null,
    updated_at: h.updated_at.toISOString(),
    score: score(h.score),
  };
}

export function presentMessageHit(h: Hit<typeof repo.searchMessages>): SearchItem {
  return {
    ...blank,
    type: 'message',
    id: h.id,
    title: h.subject,
    snippet: markedToHtml(h.snippet_marked),
    conversation_id: h.conversation_id,
    conversation_number: h.conversation_number,
    client: { id: h.client_id, name: h.client_name },
    status: h.status,
    assignee: ref(h.assignee_id, h.assignee_name),
    direction: h.direction,
    language: h.language as Language | null,
    updated_at: h.created_at.toISOString(),
    score: score(h.score),
  };
}

export function presentArticleHit(h: Hit<typeof repo.searchArticles>): SearchItem {
  return {
    ...blank,
    type: 'article',
    id: h.id,
    title: h.title,
    snippet: markedToHtml(h.snippet_marked),
    status: h.state,
    visibility: h.visibility,
    language: h.language as Language,
    slug: h.slug,
    updated_at: h.updated_at.toISOString(),
    score: score(h.score),
  };
}

/** The text with the query's words marked where they occur as typed (case aside). */
function markWords(text: string, words: string[]): string {
  const wanted = words.filter((w) => w.length >= 2);
  if (wanted.length === 0) return text;
  const escaped = wanted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(${escaped.join('|')})`, 'giu');
  return text.replace(pattern, `${MARK_START}$1${MARK_END}`);
}

function snippetOf(name: string, matched: string | null, words: string[]): string {
  const inName = markWords(name, words);
  return inName !== name || matched === null ? inName : markWords(matched, words);
}

/**
 * A client found by name, email or phone: the snippet is the name when the
 * words typed appear in it, else the identity that matched (else the name),
 * with those words marked where they appear as typed (a typo finds the
 * client but marks nothing).
 */
export function presentClientHit(
  c: Awaited<ReturnType<typeof findClientsMatching>>[number],
  words: string[],
): SearchItem {
  return {
    ...blank,
    type: 'client',
    id: c.id,
    title: c.name,
    snippet: markedToHtml(snippetOf(c.name, c.matched, words)),
    client: { id: c.id, name: c.name },
    updated_at: c.updatedAt.toISOString(),
    score: score(c.rank),
  };
}
