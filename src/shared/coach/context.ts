// The engine's context for a draft context, in a module of its own without
// zod: the inbox's first download (the conversation header) uses it, and the
// schemas would bring the whole library along (docs/benchmarks.md, issue #3).
import type { z } from 'zod';
import type { CoachDraftContext } from '../api/coach.ts';
import type { Language } from '../api/common.ts';
import type { CoachContext } from './types.ts';

/**
 * The engine's context for a draft context, on the server (the check on send)
 * and in the browser (the composer) alike, so both find the same things.
 */
export function toCoachContext(
  c: z.infer<typeof CoachDraftContext>,
  uiLanguage: Language = c.ui_language,
): CoachContext {
  return {
    isFirstReply: c.is_first_reply,
    ...(c.agent.name ? { agentName: c.agent.name } : {}),
    ...(c.agent.team ? { agentTeam: c.agent.team } : {}),
    ...(c.client.name ? { clientName: c.client.name } : {}),
    ...(c.client.language ? { clientLanguage: c.client.language } : {}),
    channel: c.channel,
    jargon: c.jargon.map((j) => ({
      term: j.term,
      ...(j.plain ? { plain: j.plain } : {}),
      ...(j.language ? { language: j.language } : {}),
    })),
    fallbackLanguage: c.language,
    uiLanguage,
    checks: {
      introduction: c.checks.introduction,
      'client-name': c.checks.client_name,
      jargon: c.checks.jargon,
    },
  };
}
