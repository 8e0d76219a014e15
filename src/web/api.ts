import i18next from 'i18next';
import type { z } from 'zod';
import type { SessionInfo } from '../shared/api/auth.ts';
import { API_BASE } from './urls.ts';
import type {
  Conversation as ConversationSchema,
  InboxCounts as InboxCountsSchema,
  InboxView as InboxViewSchema,
  Message as MessageSchema,
  MessagePage as MessagePageSchema,
} from '../shared/api/conversations.ts';
import type { ConversationStatus as StatusSchema } from '../shared/api/common.ts';
import type { ConversationEvent as ConversationEventSchema } from '../shared/api/conversations.ts';
import type { Priority as PrioritySchema } from '../shared/api/common.ts';
import type { User as UserSchema } from '../shared/api/users.ts';
import type { Team as TeamSchema } from '../shared/api/teams.ts';
import type { Escalation as EscalationSchema } from '../shared/api/escalations.ts';
import type { Callback as CallbackSchema } from '../shared/api/callbacks.ts';

export type Session = z.infer<typeof SessionInfo>;
export type Conversation = z.infer<typeof ConversationSchema>;
export type Message = z.infer<typeof MessageSchema>;
/** A page of messages: next_cursor goes older, prev_cursor newer. */
export type MessagePage = z.infer<typeof MessagePageSchema>;
export type InboxCounts = z.infer<typeof InboxCountsSchema>;
export type InboxView = z.infer<typeof InboxViewSchema>;
export type ConversationStatus = z.infer<typeof StatusSchema>;
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** A failed API call, carrying the server's error code and per-field messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** What else the error body carries beside code, message and fields (a refused discount's figures). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

// The session cookie is httpOnly; writes must also carry the token the session handed out.
let csrfToken = '';

export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** The session's CSRF token, for a write that does not go through callApi (a file upload). */
export function getCsrfToken() {
  return csrfToken;
}

/**
 * Calls the REST API with the session cookie; throws ApiError for any non-2xx
 * answer. A query passes react-query's signal: a request nobody waits for any
 * more (the agent moved on to the next conversation) is cancelled, so it does
 * not hold one of the browser's six connections while the next screen's
 * requests queue behind it. Queries every screen shares (people, teams, the
 * client fields, the counts) do not pass it: the next screen asks for them at
 * once, and a cancel would only restart them at every move.
 */
export async function callApi<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`${API_BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  }).catch((err: unknown) => {
    // Cancelled on purpose: react-query drops it; not a network failure to show.
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network', localisedError('network', String(err)), {});
  });
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  // Cancelled while the body was read: what was read is not the answer.
  signal?.throwIfAborted();
  if (!res.ok) {
    const error = (
      data as {
        error?: { code?: string; message?: string; fields?: Record<string, string> } & Record<
          string,
          unknown
        >;
      }
    )?.error;
    const code = error?.code ?? 'http_error';
    const { code: _code, message: _message, fields: _fields, ...details } = error ?? {};
    throw new ApiError(
      res.status,
      code,
      localisedError(code, error?.message ?? res.statusText),
      error?.fields,
      details,
    );
  }
  return data as T;
}

/**
 * The API's error in the user's language: a sentence per error code, with the
 * server's own detail (English, naming the field) where it helps to act on it.
 * An unknown code keeps the server's message.
 */
export function localisedError(code: string, detail: string): string {
  const key = `apiError.${code}`;
  return i18next.exists(key) ? i18next.t(key, { detail }) : detail;
}

export { toQuery } from './urls.ts';

// Conversation controls: people, teams, timeline events, escalations and callbacks.
export type ConversationEvent = z.infer<typeof ConversationEventSchema>;
export type UserSummary = z.infer<typeof UserSchema>;
export type TeamSummary = z.infer<typeof TeamSchema>;
export type Escalation = z.infer<typeof EscalationSchema>;
export type Callback = z.infer<typeof CallbackSchema>;
export type Priority = z.infer<typeof PrioritySchema>;
