import type { Actor } from '../../context.ts';
import { forbidden } from '../../errors.ts';

/**
 * read: categories, articles (internal ones and drafts too), revisions, votes.
 * write: categories, articles, language versions, publishing, restoring.
 * vote: record a client's or an anonymous reader's vote through the API.
 */
export type KnowledgeAction = 'read' | 'write' | 'vote';

/**
 * Every agent reads the whole knowledge base: internal articles and drafts are
 * how a team writes answers together. Writing is for admins and supervisors,
 * as with canned responses: a published article speaks for the company to
 * every client. Votes are the clients' voice, so through the API only an
 * admin or supervisor (an integration) records one, for a named client or an
 * anonymous reader; the public FAQ and the portal record them as the system.
 */
export function canKnowledge(actor: Actor, action: KnowledgeAction): boolean {
  if (actor.kind !== 'user') return actor.kind === 'system';
  switch (action) {
    case 'read':
      return true;
    case 'write':
    case 'vote':
      return actor.role === 'admin' || actor.role === 'supervisor';
  }
}

/** What the caller may do with a category or an article, for the agent app's buttons. */
export function knowledgeAbilities(actor: Actor) {
  const write = canKnowledge(actor, 'write');
  return { update: write, delete: write };
}

/** Throws forbidden unless the actor may do this with the knowledge base. */
export function assertCanKnowledge(actor: Actor, action: KnowledgeAction) {
  if (!canKnowledge(actor, action))
    throw forbidden(
      action === 'write'
        ? 'only admins and supervisors edit the knowledge base'
        : action === 'vote'
          ? 'only admins and supervisors record votes through the API'
          : undefined,
    );
}
