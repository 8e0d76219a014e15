/**
 * The reply coach: phrase rules per language, language detection, further
 * checks and the client's questions. Pure code for both the browser (the
 * composer underlines as the agent types) and the server (checks on send).
 */
export * from './types.ts';
export {
  checkDraft,
  applyReplacement,
  chooseLanguage,
  pickText,
  DEFAULT_CHECK_POLICIES,
} from './engine.ts';
export { detectLanguage } from './detect.ts';
export { questionsIn } from './questions.ts';
export { splitSentences, type Span } from './sentences.ts';
export {
  compilePattern,
  compilePatternSource,
  findPatternError,
  PATTERN_MAX_LENGTH,
  type PatternError,
  type PatternErrorCode,
} from './pattern.ts';
export { mergeRules, validatePhraseRule, RULE_ID, type RuleProblem } from './rules.ts';
export {
  DEFAULT_RULES,
  DEFAULT_RULES_BY_LANGUAGE,
  DEFAULT_KEYS,
  type DefaultKey,
} from './defaults/index.ts';
