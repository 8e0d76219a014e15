import type { Actor } from '../../context.ts';
import { forbidden } from '../../errors.ts';
import type { SearchType } from '../../../shared/api/search.ts';
import { canClient } from '../clients/client.policy.ts';
import { can as canConversation } from '../conversations/conversation.policy.ts';
import { canKnowledge } from '../knowledge/knowledge.policy.ts';

/**
 * Search shows only what the actor may read anyway, by each feature's own
 * rule: conversations and their messages (notes too: they are for agents),
 * clients, and the knowledge base (internal articles and drafts too). Every
 * member of a workspace reads all four today; the rule is asked, not
 * assumed, so a narrower rule there narrows search too.
 */
export function canSearch(actor: Actor, type: SearchType): boolean {
  switch (type) {
    case 'conversation':
    case 'message':
      return canConversation(actor, 'read');
    case 'client':
      return canClient(actor, 'read');
    case 'article':
      return canKnowledge(actor, 'read');
  }
}

/** Throws forbidden when the actor may not read one of the asked types. */
export function assertCanSearch(actor: Actor, types: readonly SearchType[]) {
  const refused = types.filter((t) => !canSearch(actor, t));
  if (refused.length) throw forbidden(`you may not search ${refused.join(', ')}`);
}
