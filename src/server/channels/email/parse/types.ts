/** A parsed inbound email, as the channel stores it: sanitised HTML, folded quotes, loop signals. */
export interface ParsedEmail {
  /** Message-ID without angle brackets; synthesised from a sha256 of the raw bytes when missing. */
  messageId: string;
  /** True when messageId was synthesised (the message carried none). */
  messageIdSynthesised: boolean;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  replyTo: EmailAddress[];
  date: Date | null;
  /** Plain text of the body (derived from the HTML when there is no text part). */
  text: string;
  textWithoutQuote: string;
  /** The folded quoted history, or null when there is none. */
  quotedText: string | null;
  /** Sanitised HTML, or null when the message has no HTML part. */
  html: string | null;
  htmlWithoutQuote: string | null;
  /** True when the sanitised HTML referenced remote images (rewritten to data-remote-src). */
  hasRemoteImages: boolean;
  attachments: ParsedAttachment[];
  autoReply: AutoReply | null;
  /** Lower-cased header name → raw (unfolded) values, for callers that need more. */
  headers: Map<string, string[]>;
}

export interface EmailAddress {
  address: string;
  name: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  /** Content-ID without angle brackets, or null. */
  contentId: string | null;
  inline: boolean;
}

export type AutoReplyKind = 'auto-replied' | 'auto-generated' | 'bounce' | 'list' | 'bulk';

export interface AutoReply {
  kind: AutoReplyKind;
  /** Which signal decided it, e.g. "Auto-Submitted: auto-replied". */
  reason: string;
}
