// Threading of a batch of emails, decided in memory: what findEmailThread and
// ingestInboundMessage would decide for each email had the earlier ones of the batch
// been stored one by one before it. Pure: the batch's look-ups come in as facts.

/** What threading reads of an email. */
export interface EmailToThread {
  /** Its own Message-ID (idempotency). */
  messageId: string;
  /** In-Reply-To, then References latest first. */
  threadIds: string[];
  /** The sender's address, normalised. */
  sender: string;
  /** normaliseSubject of its subject ('' matches nothing). */
  subjectKey: string;
  /** normaliseSubject of the subject a conversation it opens is stored with. */
  openedSubjectKey: string;
}

/** A conversation locked in this transaction, as threading needs it; null: there is none. */
export type LockedConversation = {
  status: string;
  clientId: string;
  channel: string;
  subjectKey: string;
} | null;

export interface ThreadFacts {
  /** Stored messages by Message-ID. */
  stored: Map<string, { id: string; conversationId: string }>;
  /** Conversations of acknowledgements, by the Message-ID they were sent with. */
  acknowledged: Map<string, string>;
  /** The conversation a "[#number]" of the subject names (the sender's own), by email index. */
  byNumber: Map<number, string>;
  /** The client of each sender that has one. */
  clientOf: Map<string, string>;
  /** Each client's email conversations active within the window, latest first (≤ 50). */
  recent: Map<string, { id: string; subjectKey: string }[]>;
  /** Conversations locked so far (their state after the lock). */
  locked: Map<string, LockedConversation>;
}

export type EmailThreadPlan =
  /** The Message-ID is stored already (ingested before). */
  | { kind: 'duplicate'; messageId: string; conversationId: string }
  /** An earlier email of the batch has the same Message-ID. */
  | { kind: 'duplicate'; ofEmail: number }
  /** Continues a stored conversation (locked, not closed). */
  | { kind: 'thread'; conversationId: string }
  /** Continues the conversation an earlier email of the batch opens. */
  | { kind: 'thread'; openedBy: number }
  | { kind: 'new' };

type ConversationRef = { id: string } | { openedBy: number };

const RECENT_LIMIT = 50;

/**
 * Plans the batch in order. A stored conversation chosen but not yet in facts.locked is
 * assumed open and listed in toLock: the caller locks those and plans again (until
 * toLock is empty), since a closed one takes no email and what an email joins moves
 * that conversation to the top of its client's recent ones.
 */
export function planEmailThreads(
  emails: EmailToThread[],
  facts: ThreadFacts,
): { plans: EmailThreadPlan[]; toLock: string[] } {
  const plans: EmailThreadPlan[] = [];
  const toLock = new Set<string>();
  // Messages the batch stores, by Message-ID: the email and where it went.
  const storedHere = new Map<string, { email: number; conversation: ConversationRef }>();
  const recent = new Map<string, { ref: ConversationRef; subjectKey: string }[]>();
  for (const [client, list] of facts.recent) {
    recent.set(
      client,
      list.map((c) => ({ ref: { id: c.id }, subjectKey: c.subjectKey })),
    );
  }
  const clientKey = (sender: string) => facts.clientOf.get(sender) ?? `new:${sender}`;
  const moveToTop = (client: string, ref: ConversationRef, subjectKey: string) => {
    const list = (recent.get(client) ?? []).filter((c) => !sameRef(c.ref, ref));
    list.unshift({ ref, subjectKey });
    recent.set(client, list.slice(0, RECENT_LIMIT));
  };

  for (const [i, e] of emails.entries()) {
    const stored = facts.stored.get(e.messageId);
    if (stored) {
      plans.push({
        kind: 'duplicate',
        messageId: stored.id,
        conversationId: stored.conversationId,
      });
      continue;
    }
    const earlier = storedHere.get(e.messageId);
    if (earlier) {
      plans.push({ kind: 'duplicate', ofEmail: earlier.email });
      continue;
    }

    const target = threadOf(e, i, facts, storedHere, recent.get(clientKey(e.sender)));
    let plan: EmailThreadPlan = { kind: 'new' };
    if (target && 'openedBy' in target) plan = { kind: 'thread', openedBy: target.openedBy };
    else if (target) {
      const locked = facts.locked.get(target.id);
      if (locked === undefined) toLock.add(target.id);
      // A closed conversation is finished: the email opens a new one.
      if (locked === undefined || (locked && locked.status !== 'closed')) {
        plan = { kind: 'thread', conversationId: target.id };
      }
    }
    plans.push(plan);

    // What the email's message changes for the emails after it.
    if (plan.kind === 'new') {
      storedHere.set(e.messageId, { email: i, conversation: { openedBy: i } });
      moveToTop(clientKey(e.sender), { openedBy: i }, e.openedSubjectKey);
    } else if (plan.kind === 'thread' && 'openedBy' in plan) {
      storedHere.set(e.messageId, { email: i, conversation: { openedBy: plan.openedBy } });
      const opener = emails[plan.openedBy]!;
      moveToTop(clientKey(opener.sender), { openedBy: plan.openedBy }, opener.openedSubjectKey);
    } else if (plan.kind === 'thread') {
      storedHere.set(e.messageId, { email: i, conversation: { id: plan.conversationId } });
      const locked = facts.locked.get(plan.conversationId);
      // Unknown until locked: the next round of planning has it.
      if (locked && locked.channel === 'email') {
        moveToTop(locked.clientId, { id: plan.conversationId }, locked.subjectKey);
      }
    }
  }
  return { plans, toLock: [...toLock] };
}

/**
 * findEmailThread over the facts and the batch so far: by Message-ID (the latest
 * message stored with one, the batch's being later than any stored before), then an
 * acknowledgement's, then "[#number]", then the sender's conversation with the subject.
 */
function threadOf(
  e: EmailToThread,
  index: number,
  facts: ThreadFacts,
  storedHere: Map<string, { email: number; conversation: ConversationRef }>,
  recent: { ref: ConversationRef; subjectKey: string }[] | undefined,
): ConversationRef | undefined {
  let latestHere: { email: number; conversation: ConversationRef } | undefined;
  for (const id of e.threadIds) {
    const here = storedHere.get(id);
    if (here && (!latestHere || here.email > latestHere.email)) latestHere = here;
  }
  if (latestHere) return latestHere.conversation;
  let latestStored: { id: string; conversationId: string } | undefined;
  for (const id of e.threadIds) {
    const m = facts.stored.get(id);
    if (m && (!latestStored || BigInt(m.id) > BigInt(latestStored.id))) latestStored = m;
  }
  if (latestStored) return { id: latestStored.conversationId };
  for (const id of e.threadIds) {
    const acknowledged = facts.acknowledged.get(id);
    if (acknowledged) return { id: acknowledged };
  }
  const byNumber = facts.byNumber.get(index);
  if (byNumber) return { id: byNumber };
  if (!e.subjectKey) return undefined;
  return recent?.find((c) => c.subjectKey === e.subjectKey)?.ref;
}

function sameRef(a: ConversationRef, b: ConversationRef) {
  return 'id' in a ? 'id' in b && a.id === b.id : 'openedBy' in b && a.openedBy === b.openedBy;
}
