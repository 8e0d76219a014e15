/**
 * What discount detection knows about a language. Every entry is a regular
 * expression fragment written in the language's own spelling with the
 * placeholders of promises/grammar.ts (⟨ word start, ⟩ word end, ℓ a letter, a
 * space for one or more spaces); they are folded like the draft (no
 * diacritics, lower case, Kazakh letters as Russian ones), so "kedvezmény"
 * also matches "kedvezmeny".
 */

/** A word that makes a percentage near it a discount, and how near it must stand. */
export interface DiscountWord {
  /** The word or phrase (a fragment matched as whole words). */
  word: string;
  /** At most this many words before the percentage ("a discount of 15%": 2). */
  before: number;
  /** At most this many words after it ("15% off": 1). */
  after: number;
}

export interface DiscountLexicon {
  /** Words that make a percentage near them a discount: "off", "discount", "descuento", "скидка". */
  discountWords: DiscountWord[];
  /** Numbers written out before a percent word ("ten percent", "diez por ciento"), folded. */
  percentNumbers: Record<string, number>;
  /** Words for "per cent" written after a number: "percent", "por ciento", "la sută", "процентов". */
  percentWords: string[];
  /** Coupon nouns in the singular (also the forms numerals take: "два купона"). */
  couponSingular: string[];
  /** Coupon nouns in the plural: a plural with no number gives two. */
  couponPlural: string[];
  /** Number words before a noun, folded, with their value; the indefinite article is 1. */
  numbers: Record<string, number>;
  /** Determiners that point at a coupon named before ("the", "your"): they add none. */
  definite: string[];
  /** Words that hand something to the client: send, give, attach, "here is". */
  giving: string[];
  /** Verbs that offer a bare percentage in a sentence about a discount ("I can do 20%"). */
  offering: string[];
  /**
   * Words that take back a discount in their clause: negation ("can't"), a
   * past or ended one ("expired", "last month"), someone else's (a
   * competitor's), the client's own ask ("you asked for"), a condition on the
   * client having one ("if you have").
   */
  blockers: string[];
  /**
   * Words that say a discount is no longer on offer ("is no longer valid",
   * "ya no está disponible"): they void the whole sentence, since the
   * discount they speak of often stands in an earlier clause.
   */
  withdrawn: string[];
  /** Words that start a new clause: "but", "pero", "de", "но". */
  clauseBreaks: string[];
  /** Words right after a percentage that make it no discount: VAT, uptime, sure. */
  notDiscount: string[];
}
