import type { Language } from '../../../shared/api/common.ts';

/** A vote as agents see it: the voter is a client id or nobody (an anonymous reader). */
export function presentVote(v: {
  id: string;
  article_id: string;
  language: string;
  helpful: boolean;
  comment: string | null;
  client_id: string | null;
  created_at: Date;
  updated_at: Date;
}) {
  return {
    id: v.id,
    article_id: v.article_id,
    language: v.language as Language,
    helpful: v.helpful,
    comment: v.comment,
    client_id: v.client_id,
    created_at: v.created_at.toISOString(),
    updated_at: v.updated_at.toISOString(),
  };
}
