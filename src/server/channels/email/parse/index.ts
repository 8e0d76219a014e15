export type {
  ParsedEmail,
  EmailAddress,
  ParsedAttachment,
  AutoReply,
  AutoReplyKind,
} from './types.ts';
export { parseEmail } from './parse.ts';
export { sanitizeHtml, type SanitizeOptions, type SanitizeResult } from './sanitize.ts';
export { detectAutoReply, type AutoReplySignals } from './loops.ts';
export { foldTextQuote, foldHtmlQuote } from './quote.ts';
