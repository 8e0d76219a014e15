// The reply coach in the composer: the conversation's context and the rules
// of the draft's language (fetched once per language), and the shared engine
// run on the draft as the agent types, the same check the server makes on send.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  CoachDraftContext as CoachDraftContextSchema,
  CoachRuleList as CoachRuleListSchema,
} from '../../shared/api/coach.ts';
import { toCoachContext } from '../../shared/coach/context.ts';
import {
  isCoachLanguage,
  type CoachLanguage,
  type CoachResult,
  type Finding,
  type PhraseRule,
} from '../../shared/coach/types.ts';
import { callApi, type Message } from '../api.ts';
import { useAreMessagesLoading } from './queries.ts';

export type CoachDraftContext = z.infer<typeof CoachDraftContextSchema>;
type CoachRuleList = z.infer<typeof CoachRuleListSchema>;

const MINUTE = 60_000;

/** The coach's engine: detectors, checks and texts in six languages. */
export type CoachEngine = typeof import('../../shared/coach/index.ts');

/**
 * The engine loads with the first conversation's composer, not with the inbox
 * (a fifth of the app's own code): until it is there the draft is simply not
 * underlined yet, and the server checks every reply on send anyway.
 */
export const coachEngineQuery = queryOptions({
  queryKey: ['coach-engine'],
  queryFn: (): Promise<CoachEngine> => import('../../shared/coach/index.ts'),
  staleTime: Infinity,
  gcTime: Infinity,
  structuralSharing: false,
});

/** What the server checks a reply to this conversation against (first reply, names, checks, jargon). */
export const coachContextQuery = (conversationId: string) =>
  queryOptions({
    queryKey: ['coach-context', conversationId],
    queryFn: ({ signal }) =>
      callApi<CoachDraftContext>(
        'GET',
        `/coach/conversations/${conversationId}/context`,
        undefined,
        signal,
      ),
    staleTime: MINUTE,
  });

/** What a new conversation's first message to a client is checked against on send. */
export const newConversationCoachContextQuery = (clientId: string, channel: NewChannel) =>
  queryOptions({
    queryKey: ['coach-context', 'new', clientId, channel],
    queryFn: ({ signal }) =>
      callApi<CoachDraftContext>(
        'GET',
        `/coach/clients/${clientId}/context?channel=${channel}`,
        undefined,
        signal,
      ),
    staleTime: MINUTE,
  });

/** The channels a conversation can be opened on by writing first. */
export type NewChannel = 'email' | 'sms';

/** What a draft answers: a conversation's reply, or the first message of a new one to a client. */
export type CoachTarget = { conversationId: string } | { clientId: string; channel: NewChannel };

/** The API's rule as the engine reads it. */
function toPhraseRule(r: CoachRuleList['items'][number]): PhraseRule {
  return {
    id: r.id,
    language: r.language,
    pattern: r.pattern,
    ...(r.except.length ? { except: r.except } : {}),
    why: r.why,
    ...(r.rewrite ? { rewrite: r.rewrite } : {}),
    rewriteScope: r.rewrite_scope,
    policy: r.policy,
    category: r.category,
    enabled: r.enabled,
  };
}

/** One language's rules as the workspace has them; fetched once per language and kept. */
export const coachRulesQuery = (language: CoachLanguage) =>
  queryOptions({
    queryKey: ['coach-rules', language],
    queryFn: () => callApi<CoachRuleList>('GET', `/coach/rules?language=${language}`),
    select: (list) => list.items.map(toPhraseRule),
    staleTime: 10 * MINUTE,
  });

/** A result with the text it was made for. */
export type CoachCheck = CoachResult & { text: string };

/**
 * Checks the draft as it is typed. The check runs in a deferred render (React
 * keeps typing responsive and skips drafts overtaken by the next keystroke),
 * so it lags the text by a frame at most. `checkNow` checks a text at once:
 * sending and "use this wording" decide on the text as it is.
 */
export function useCoach(target: CoachTarget, text: string, active: boolean) {
  const { i18n } = useTranslation();
  const conversationId = 'conversationId' in target ? target.conversationId : undefined;
  // Loaded after the messages, which are what the agent opened the conversation for.
  const messagesLoading = useAreMessagesLoading(conversationId ?? '');
  const ready = active && (conversationId === undefined || !messagesLoading);
  const context = useQuery({
    ...('conversationId' in target
      ? coachContextQuery(target.conversationId)
      : newConversationCoachContextQuery(target.clientId, target.channel)),
    enabled: ready,
  });
  const engine = useQuery({ ...coachEngineQuery, enabled: ready }).data;
  const draft = useDeferredValue(text);
  const fallback = context.data?.language;
  const language =
    fallback && engine
      ? engine.chooseLanguage(draft, { rules: [], context: { fallbackLanguage: fallback } })
          .language
      : undefined;
  const rules = useQuery({
    ...coachRulesQuery(language ?? 'en'),
    enabled: active && language !== undefined,
  });
  const ui: CoachLanguage | undefined = isCoachLanguage(i18n.language) ? i18n.language : undefined;
  const engineContext = useMemo(
    () => (context.data ? toCoachContext(context.data, ui) : undefined),
    [context.data, ui],
  );

  const result = useMemo((): CoachCheck | null => {
    if (!active || !engine || !engineContext || !rules.data || !language || !draft.trim())
      return null;
    return {
      text: draft,
      ...engine.checkDraft(draft, { language, rules: rules.data, context: engineContext }),
    };
  }, [active, engine, engineContext, rules.data, language, draft]);

  const ruleData = rules.data;
  const checkNow = useCallback(
    (value: string): CoachCheck | null => {
      if (!active || !engine || !engineContext || !ruleData || !value.trim()) return null;
      const lang = engine.chooseLanguage(value, { rules: [], context: engineContext }).language;
      // Another language's rules are not loaded yet: the server checks that draft on send.
      if (lang !== language) return null;
      return {
        text: value,
        ...engine.checkDraft(value, { language: lang, rules: ruleData, context: engineContext }),
      };
    },
    [active, engine, engineContext, ruleData, language],
  );

  return { result, checkNow, context: context.data, engine };
}

/**
 * The draft after "use this wording" on a finding. The finding may come from a
 * check a keystroke behind: then the text is checked again and the same rule's
 * finding nearest to it is applied. Returns the new text and where the caret goes.
 */
export function applyFinding(
  engine: CoachEngine,
  text: string,
  finding: Finding,
  checkedText: string,
  checkNow: (value: string) => CoachCheck | null,
): { text: string; caret: number } | null {
  let target: Finding | undefined = finding;
  if (checkedText !== text) {
    const fresh = checkNow(text)?.findings.filter((f) => f.ruleId === finding.ruleId) ?? [];
    target = fresh.sort(
      (a, b) => Math.abs(a.start - finding.start) - Math.abs(b.start - finding.start),
    )[0];
  }
  if (!target?.replace) return null;
  return {
    text: engine.applyReplacement(text, target.replace),
    caret: target.replace.start + target.replace.text.length,
  };
}

export interface ClientQuestion {
  key: string;
  messageId: string;
  text: string;
}

/**
 * The questions of the client's last messages: the run of their messages
 * after the agents' previous reply (notes do not count), at most the last
 * five, each message's questions in order. Messages come newest first.
 */
export function lastClientQuestions(
  engine: CoachEngine,
  newestFirst: readonly Message[],
  fallback?: CoachLanguage,
): ClientQuestion[] {
  const start = newestFirst.findIndex((m) => m.direction === 'inbound');
  if (start < 0) return [];
  const run: Message[] = [];
  for (const m of newestFirst.slice(start)) {
    if (m.direction === 'outbound') break;
    if (m.direction === 'inbound') run.push(m);
    if (run.length === 5) break;
  }
  return run.reverse().flatMap((m) => {
    const detected = engine.detectLanguage(m.body_text);
    const language = (detected.confident ? detected.language : undefined) ?? fallback;
    return engine.questionsIn(m.body_text, language).map((q, index) => ({
      key: `${m.id}:${index}`,
      messageId: m.id,
      text: q.text.trim(),
    }));
  });
}
