// Constants of the API that the agent app's first download needs, in a module
// without zod: importing them from the schema modules beside them would bring
// the whole library (26 kB gzip) into the inbox's initial JavaScript
// (docs/benchmarks.md, issue #3). The schema modules re-export them.

// Conversations (common.ts builds its enums from these).

export const CONVERSATION_STATUSES = [
  'new',
  'open',
  'pending',
  'on_hold',
  'resolved',
  'closed',
] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CHANNELS = ['email', 'chat', 'sms', 'phone', 'web', 'api'] as const;

// The realtime protocol (realtime.ts).

/** How long a viewer stays shown without a refresh from its tab (the client refreshes twice as often). */
export const PRESENCE_VIEWING_TTL_MS = 45_000;
/** How long "replying" stays shown after the last keystroke report. */
export const PRESENCE_REPLYING_TTL_MS = 7_000;
/** The largest frame a client may send; a bigger one closes its socket (1009). */
export const REALTIME_MAX_CLIENT_FRAME_BYTES = 1024;

/** Close codes beyond the standard ones. */
export const CLOSE_SESSION_ENDED = 4001;
export const CLOSE_TOO_SLOW = 4008;
export const CLOSE_TOO_CHATTY = 4029;

// Attachments (attachments.ts).

/** Image types shown inline in the timeline; every other type is served as a download. */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

// Escalations (escalations.ts).

/**
 * Why a conversation was handed on, as something that can be counted: the
 * agent could not answer, it needs more authority (a discount, an
 * exception), a difficult client for a senior, a complaint, a technical
 * problem, something else; sla_breach is the SLA sweep's own.
 */
export const ESCALATION_CATEGORIES = [
  'cannot_answer',
  'outside_authority',
  'difficult_client',
  'complaint',
  'technical',
  'other',
  'sla_breach',
] as const;

/** The categories a person chooses from (sla_breach is the sweep's). */
export const PERSON_ESCALATION_CATEGORIES = ESCALATION_CATEGORIES.filter(
  (c): c is Exclude<(typeof ESCALATION_CATEGORIES)[number], 'sla_breach'> => c !== 'sla_breach',
);
