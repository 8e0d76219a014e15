import type { Ctx } from '../../context.ts';
import type { ConversationStatus, Direction } from '../../db/schema.ts';

// The conversation feature calls these four hooks inside its transactions;
// they keep sla_targets and conversations.sla_due_at up to date.
// TODO(#2): implemented by the SLA work; until then they change nothing.

/** Starts the SLA clock of a new conversation: picks the policy and writes its targets. */
export async function startConversationSla(_ctx: Ctx, _conversationId: string): Promise<void> {}

/** A message was added: an agent's reply meets first/next response; a client's message starts next response. */
export async function recordMessageForSla(
  _ctx: Ctx,
  _conversationId: string,
  _direction: Direction,
  _at: Date,
): Promise<void> {}

/** The status changed: pending pauses the clocks, resolved/closed meets resolution, reopening restarts. */
export async function recordStatusForSla(
  _ctx: Ctx,
  _conversationId: string,
  _from: ConversationStatus,
  _to: ConversationStatus,
): Promise<void> {}

/** The priority (or the client's tier/VIP) changed: the policy is picked again and running targets re-dated. */
export async function recordPolicyInputsForSla(_ctx: Ctx, _conversationId: string): Promise<void> {}
