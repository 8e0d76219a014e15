import type { Actor } from '../../context.ts';
import type { ConversationStatus } from '../../db/schema.ts';

export type ConversationAction = 'read' | 'create' | 'update' | 'assign' | 'reply' | 'note';

/**
 * Who may do what with a conversation of their workspace. Every member (agent,
 * supervisor, admin) works every conversation; a closed conversation takes no
 * more replies until it is reopened.
 */
export function can(
  actor: Actor,
  action: ConversationAction,
  conversation?: { status: ConversationStatus },
): boolean {
  if (actor.kind === 'user' && !['agent', 'supervisor', 'admin'].includes(actor.role)) return false;
  if (action === 'reply' && conversation?.status === 'closed') return false;
  return true;
}

/** What the actor may do with this conversation, for the UI to show or hide buttons. */
export function abilitiesOf(actor: Actor, conversation: { status: ConversationStatus }) {
  return {
    update: can(actor, 'update', conversation),
    assign: can(actor, 'assign', conversation),
    reply: can(actor, 'reply', conversation),
    note: can(actor, 'note', conversation),
  };
}
