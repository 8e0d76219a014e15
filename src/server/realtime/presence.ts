import {
  PRESENCE_REPLYING_TTL_MS,
  PRESENCE_VIEWING_TTL_MS,
  type PresencePerson,
  type PresenceState,
} from '../../shared/api/realtime.ts';

/** One tab's announcement, as it travels between processes. */
export interface PresenceUpdate {
  /** The tab's socket: the process id and a number, unique across processes. */
  key: string;
  workspaceId: string;
  /** The open conversation, or null when the tab left it (or closed). */
  conversationId: string | null;
  userId: string;
  name: string;
  state: PresenceState;
}

interface Entry {
  workspaceId: string;
  conversationId: string;
  userId: string;
  name: string;
  viewingUntil: number;
  replyingUntil: number;
}

/** The key of a conversation across workspaces. */
export const conversationKey = (workspaceId: string, conversationId: string) =>
  `${workspaceId}:${conversationId}`;

/**
 * Who has which conversation open, in every process alike: each process applies
 * every announcement it hears, and entries expire unless their tab refreshes them,
 * so a crashed process's tabs disappear on their own.
 */
export class PresenceTable {
  readonly #entries = new Map<string, Entry>();

  /** Applies one announcement; returns the conversations whose people may have changed. */
  apply(u: PresenceUpdate, now: number): string[] {
    const affected: string[] = [];
    const old = this.#entries.get(u.key);
    if (old) affected.push(conversationKey(old.workspaceId, old.conversationId));
    if (u.conversationId === null) {
      this.#entries.delete(u.key);
      return affected;
    }
    const sameConversation =
      old?.workspaceId === u.workspaceId && old.conversationId === u.conversationId;
    this.#entries.set(u.key, {
      workspaceId: u.workspaceId,
      conversationId: u.conversationId,
      userId: u.userId,
      name: u.name,
      viewingUntil: now + PRESENCE_VIEWING_TTL_MS,
      replyingUntil:
        u.state === 'replying'
          ? now + PRESENCE_REPLYING_TTL_MS
          : sameConversation
            ? old.replyingUntil
            : 0,
    });
    const key = conversationKey(u.workspaceId, u.conversationId);
    if (!affected.includes(key)) affected.push(key);
    return affected;
  }

  /** Drops what timed out; returns the conversations whose people changed. */
  expire(now: number): string[] {
    const affected = new Set<string>();
    for (const [key, e] of this.#entries) {
      if (e.viewingUntil <= now) {
        this.#entries.delete(key);
        affected.add(conversationKey(e.workspaceId, e.conversationId));
      } else if (e.replyingUntil !== 0 && e.replyingUntil <= now) {
        e.replyingUntil = 0;
        affected.add(conversationKey(e.workspaceId, e.conversationId));
      }
    }
    return [...affected];
  }

  /** The people in a conversation, one line per user ("replying" wins over "viewing"), by name. */
  people(workspaceId: string, conversationId: string, now: number): PresencePerson[] {
    const byUser = new Map<string, PresencePerson>();
    for (const e of this.#entries.values()) {
      if (e.workspaceId !== workspaceId || e.conversationId !== conversationId) continue;
      if (e.viewingUntil <= now) continue;
      const state: PresenceState = e.replyingUntil > now ? 'replying' : 'viewing';
      const seen = byUser.get(e.userId);
      if (!seen || (seen.state === 'viewing' && state === 'replying'))
        byUser.set(e.userId, { user_id: e.userId, name: e.name, state });
    }
    return [...byUser.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || a.user_id.localeCompare(b.user_id),
    );
  }

  get size() {
    return this.#entries.size;
  }
}
