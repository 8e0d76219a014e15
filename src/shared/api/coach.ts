import { z } from 'zod';
import { EXCEPT_MAX, RULE_ID, TEXT_MAX_LENGTH } from '../coach/rules.ts';
import { PATTERN_MAX_LENGTH } from '../coach/pattern.ts';
import { Channel, Id, Language, PageQuery, Timestamp, text } from './common.ts';

/** How strongly a rule speaks: advice, a warning, or a block only a supervisor can override. */
export const CoachPolicy = z
  .enum(['hint', 'warn', 'block'])
  .meta({ description: 'hint: advice; warn: asks for attention; block: needs an override' });

/** A further check's policy, or off. */
export const CoachCheckPolicy = z.enum(['hint', 'warn', 'block', 'off']);

export const CoachRewriteScope = z.enum(['sentence', 'match', 'none']).meta({
  description:
    'What "use this wording" replaces: the sentence holding the match, the matched words, or nothing (advice only)',
});

export const CoachRuleId = z
  .string()
  .regex(RULE_ID, 'must be lower-case letters, digits, ".", "_" and "-" (at most 80)')
  .meta({
    description: 'Stable rule id: defaults are <language>.<key> (en.dont-know)',
    example: 'en.dont-know',
  });

export const CoachRuleParams = z.object({ ruleId: CoachRuleId });

const Pattern = z.string().trim().min(1, 'must not be empty').max(PATTERN_MAX_LENGTH).meta({
  description:
    'Phrase pattern: words; ( a | b ) alternatives; [ ] optional words; * inside a word; ... up to three words; ^ and $ sentence edges',
  example: "(that's|that is) not my (job|problem)",
});

/** Why a phrase hurts, in one or more interface languages. */
export const CoachLocalizedText = z
  .partialRecord(Language, z.string().trim().min(1, 'must not be empty').max(TEXT_MAX_LENGTH))
  .meta({ description: 'A text per interface language (at least one)', example: { en: '…' } });

export const CoachRuleAbilities = z
  .object({
    update: z.boolean(),
    delete: z.boolean().meta({
      description: "Delete a workspace rule, or undo the workspace's changes to a default",
    }),
  })
  .meta({ id: 'CoachRuleAbilities' });

export const CoachRule = z
  .object({
    id: CoachRuleId,
    language: Language,
    pattern: z.string(),
    except: z.array(z.string()).meta({ description: 'Patterns whose matches cancel a match' }),
    why: CoachLocalizedText,
    rewrite: z.string().nullable(),
    rewrite_scope: CoachRewriteScope,
    policy: CoachPolicy,
    category: z.enum(['negative', 'word', 'forbidden', 'custom']),
    enabled: z.boolean(),
    source: z
      .enum(['default', 'workspace'])
      .meta({ description: "default: built into Rapport; workspace: the workspace's own" }),
    changed: z
      .boolean()
      .meta({ description: 'A default the workspace changed (beyond enabling or disabling it)' }),
    abilities: CoachRuleAbilities,
  })
  .meta({ id: 'CoachRule' });

export const CoachRuleList = z
  .object({
    language: Language,
    items: z.array(CoachRule).meta({
      description:
        'Every rule of the language: the defaults (in their order, disabled ones too) then the workspace’s own; never paginated',
    }),
    abilities: z.object({ create: z.boolean() }),
  })
  .meta({ id: 'CoachRuleList' });

export const CoachRulesQuery = z.object({ language: Language }).strict();

export const NewCoachRuleBody = z
  .object({
    id: CoachRuleId.optional().meta({
      description: 'A stable id of your choice (not a default’s); without it one is made up',
    }),
    language: Language,
    pattern: Pattern,
    except: z.array(Pattern).max(EXCEPT_MAX).optional(),
    why: CoachLocalizedText,
    rewrite: text(TEXT_MAX_LENGTH).optional(),
    rewrite_scope: CoachRewriteScope.optional(),
    policy: CoachPolicy,
    enabled: z.boolean().optional(),
  })
  .strict();

export const PatchCoachRuleBody = z
  .object({
    pattern: Pattern,
    except: z.array(Pattern).max(EXCEPT_MAX),
    why: CoachLocalizedText.meta({ description: 'Merged per language into the current texts' }),
    rewrite: text(TEXT_MAX_LENGTH),
    rewrite_scope: CoachRewriteScope,
    policy: CoachPolicy,
    enabled: z.boolean().meta({ description: 'false disables the rule (a default too)' }),
  })
  .partial()
  .strict();

export const CoachJargonAbilities = z
  .object({ update: z.boolean(), delete: z.boolean() })
  .meta({ id: 'CoachJargonAbilities' });

export const CoachJargonTerm = z
  .object({
    id: Id,
    term: z.string().meta({ description: 'The word or phrase; a trailing * allows endings' }),
    plain: z.string().nullable().meta({ description: 'The plain words to say instead' }),
    language: Language.nullable().meta({ description: 'Only for drafts in this language' }),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: CoachJargonAbilities,
  })
  .meta({ id: 'CoachJargonTerm' });

export const JARGON_MAX_TERMS = 500;

const JargonWord = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(120)
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.\-/&+ ]*\*?$/u,
    'holds words (a trailing * allows endings)',
  );

export const CoachJargonListQuery = PageQuery.extend({
  language: Language.optional(),
}).strict();

export const NewCoachJargonBody = z
  .object({
    term: JargonWord,
    plain: text(200).nullable().optional(),
    language: Language.nullable().optional(),
  })
  .strict();

export const PatchCoachJargonBody = z
  .object({ term: JargonWord, plain: text(200).nullable(), language: Language.nullable() })
  .partial()
  .strict();

export const CoachChecks = z
  .object({
    introduction: CoachCheckPolicy.meta({
      description: 'The first reply says who is writing',
    }),
    client_name: CoachCheckPolicy.meta({
      description: "The first reply (every email) addresses the client by name, when it's known",
    }),
    jargon: CoachCheckPolicy.meta({ description: "No word from the workspace's jargon list" }),
  })
  .meta({ id: 'CoachChecks' });

export const CoachSettings = z
  .object({ checks: CoachChecks, abilities: z.object({ update: z.boolean() }) })
  .meta({ id: 'CoachSettings' });

export const PatchCoachSettingsBody = z
  .object({ checks: CoachChecks.partial().strict() })
  .partial()
  .strict();

/** What the server knows about a conversation when it checks a reply, for the composer to check the same way. */
/** The channel a new conversation's first message goes out on. */
export const CoachNewConversationQuery = z.object({
  channel: z
    .enum(['email', 'sms'])
    .meta({ description: 'The channel the first message goes out on' }),
});

export const CoachDraftContext = z
  .object({
    conversation_id: Id.nullable().meta({
      description:
        "Null for a new conversation's first message (the conversation does not exist yet)",
    }),
    language: Language.meta({
      description:
        "The conversation's language (the client's, else the workspace's): used when a draft is too short to tell",
    }),
    ui_language: Language.meta({ description: 'The language explanations are given in' }),
    is_first_reply: z.boolean(),
    channel: Channel,
    agent: z.object({ name: z.string(), team: z.string().nullable() }),
    client: z.object({ name: z.string(), language: Language.nullable() }),
    checks: CoachChecks,
    jargon: z.array(
      z.object({ term: z.string(), plain: z.string().nullable(), language: Language.nullable() }),
    ),
    abilities: z.object({
      override: z.boolean().meta({ description: 'May send a reply the coach blocks' }),
    }),
  })
  .meta({ id: 'CoachDraftContext' });

// In a module without zod, so the browser's first download does without it.
export { toCoachContext } from '../coach/context.ts';

export const CoachFinding = z
  .object({
    rule_id: z.string(),
    kind: z.enum(['phrase', 'introduction', 'client-name', 'jargon']),
    policy: CoachPolicy,
    start: z.number().int().meta({ description: 'UTF-16 offset in the text' }),
    end: z.number().int(),
    text: z.string().meta({ description: 'The words found (empty for something missing)' }),
    explanation: z.string(),
    rewrite: z.string().nullable(),
    replace: z
      .object({ start: z.number().int(), end: z.number().int(), text: z.string() })
      .nullable()
      .meta({ description: 'The edit "use this wording" applies, when there is one' }),
  })
  .meta({ id: 'CoachFinding' });

export const CoachCheckBody = z
  .object({
    text: z.string().max(200_000),
    conversation_id: Id.optional().meta({
      description:
        'Check as a reply to this conversation (first reply, names, its language); without it only the phrase rules and jargon apply',
    }),
    language: Language.optional().meta({
      description: "The draft's language; without it, it is detected",
    }),
  })
  .strict();

export const CoachCheckResult = z
  .object({
    language: Language.meta({ description: 'The language whose rules applied' }),
    detected: z.object({ language: Language.nullable(), confident: z.boolean() }),
    policy: CoachPolicy.nullable().meta({ description: 'The strongest finding’s policy' }),
    findings: z.array(CoachFinding),
  })
  .meta({ id: 'CoachCheckResult' });

/** A reply the coach refused: 422 with code coach_blocked. */
export const CoachBlockedError = z
  .object({
    error: z.object({
      code: z.literal('coach_blocked'),
      message: z.string(),
      language: Language,
      findings: z.array(CoachFinding).meta({
        description: 'Every finding of the reply; those with policy block stopped it',
      }),
    }),
  })
  .meta({ id: 'CoachBlockedError' });

/** Sending a reply the coach blocks: supervisors and admins only, with the reason. */
export const CoachOverride = z
  .object({ reason: text(500) })
  .strict()
  .meta({
    id: 'CoachOverride',
    description:
      'Send a reply the coach blocks (supervisors and admins; an agent gets 403); recorded on the conversation',
  });
