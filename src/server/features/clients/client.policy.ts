import type { Actor } from '../../context.ts';

export type ClientAction = 'read' | 'create' | 'update' | 'delete' | 'merge';
export type ClientFieldAction = 'read' | 'manage';

/**
 * Every member reads and works the workspace's clients; deleting and merging
 * lose or fold history, so they are for supervisors and admins.
 */
export function canClient(actor: Actor, action: ClientAction): boolean {
  if (actor.kind === 'system') return true;
  if (action === 'delete' || action === 'merge') return actor.role !== 'agent';
  return true;
}

/** Custom field definitions shape every client form: admins manage them, everyone reads them. */
export function canClientField(actor: Actor, action: ClientFieldAction): boolean {
  if (actor.kind === 'system') return true;
  return action === 'read' || actor.role === 'admin';
}

/** What the caller may do with a client, for the UI to show or hide actions. */
export function clientAbilities(actor: Actor) {
  return {
    update: canClient(actor, 'update'),
    delete: canClient(actor, 'delete'),
    merge: canClient(actor, 'merge'),
  };
}
