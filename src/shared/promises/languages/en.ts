import type { DayPart } from '../due.ts';
import {
  anyOf,
  byStem,
  clockOf,
  duration,
  numberOf,
  numericDate,
  rx,
  type Lexicon,
  type Unit,
} from '../grammar.ts';

const NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  fifty: 50,
  sixty: 60,
  'a couple of': 2,
  'a couple': 2,
  'couple of': 2,
  'a few': 3,
  few: 3,
  'one and a half': 1.5,
};
const NUM = `(?<n>\\d{1,3}(?:[.,]\\d)?|${anyOf(Object.keys(NUMBERS))})`;
const UNITS: [string, Unit][] = [
  ['min', 'minute'],
  ['h', 'hour'],
  ['hour', 'hour'],
  ['hr', 'hour'],
  ['day', 'day'],
  ['business', 'business-day'],
  ['working', 'business-day'],
  ['work', 'business-day'],
  ['week', 'week'],
  ['month', 'month'],
];
const UNIT = `(?<u>minutes?|mins?|hours?|hrs?|h|(?:business|working|work) days?|days?|weeks?|months?)`;
const WEEKDAYS: [string, number][] = [
  ['sun', 0],
  ['mon', 1],
  ['tue', 2],
  ['wed', 3],
  ['thu', 4],
  ['fri', 5],
  ['sat', 6],
];
const WEEKDAY = `(?<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)`;
const MONTHS: [string, number][] = [
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['may', 5],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
];
const MONTH = `(?<mon>january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?)`;
const PARTS: [string, DayPart][] = [
  ['morning', 'morning'],
  ['first thing', 'morning'],
  ['noon', 'noon'],
  ['midday', 'noon'],
  ['lunch', 'noon'],
  ['afternoon', 'afternoon'],
  ['evening', 'evening'],
  ['night', 'evening'],
  ['tonight', 'evening'],
];
const PART = `(?<part>morning|afternoon|evening|night|noon|midday|lunchtime|lunch)`;
const BY = `(?:(?:by|on|before|until|till|no later than|not later than|at the latest by) )?`;
const ADVERB = `(?:also|personally|then|definitely|certainly|surely|absolutely|just|immediately|gladly|happily|now|still|right|make sure to|make sure that|make sure)`;

// "Should" setting an expectation about what reaches the client (a cue, and no hedge).
const SHOULD_EXPECT = `(?:should|ought to)(?: ${ADVERB})* (?:arrive|reach you|ship|go out|be (?:with you|delivered|shipped|sent|dispatched|credited|refunded|reimbursed|ready|fixed|resolved|repaired|replaced|processed|back|in your account|on (?:its|their) way|there))|you should(?: ${ADVERB})* (?:receive|get|hear from|see|have (?:it|them|this|that|the|your|a|an)(?= ))|we should(?: ${ADVERB})* (?:have (?:it|them|this|that|everything|(?:the|your) ℓ+) (?:fixed|repaired|replaced|sorted|done|ready|sent|delivered)|be able to)`;

// The hours a clock time may name in words: "half past five".
const HOUR_WORDS = anyOf(
  Object.entries(NUMBERS)
    .filter(([w, n]) => n <= 12 && w.length > 2 && w !== 'few')
    .map(([w]) => w),
);

const part = (w: string | undefined) => byStem(w, PARTS);
const unit = (w: string | undefined) => byStem(w, UNITS);
const num = (w: string | undefined) => numberOf(w, NUMBERS);

// After "I'll"/"we will": verbs that do not commit to anything for the client.
const NOT_COMMITTING =
  /^(?:need|wait|expect|require|have to|see|be (?!in touch|back|able|ready|with you|calling|sending|there|\w+ing))/;

export const en: Lexicon = {
  times: [
    {
      pattern: rx(
        `⟨(?:in|within|in under|in less than|over the next|in the next|within the next|in the coming)(?: about| around| approximately| roughly| another| just)? ${NUM}(?: more)? ${UNIT}⟩`,
      ),
      make: (g) => duration(num(g.n), unit(g.u)),
    },
    {
      pattern: rx(`⟨${NUM} ${UNIT} from now⟩`),
      make: (g) => duration(num(g.n), unit(g.u)),
    },
    {
      pattern: rx(`⟨(?:in|within)(?: about| around)? half an hour⟩`),
      make: () => ({ t: 'after', minutes: 30 }),
    },
    {
      pattern: rx(`⟨(?:in|within)(?: about| around)? (?:a )?quarter of an hour⟩`),
      make: () => ({ t: 'after', minutes: 15 }),
    },
    {
      pattern: rx(`⟨(?:in|within)(?: about| around)? (?:an|one) hour and a half⟩`),
      make: () => ({ t: 'after', minutes: 90 }),
    },
    {
      pattern: rx(
        `⟨(?:(?:by|before|until|till) )?(?:the )?(?:end of (?:the |today'?s? |this )?(?:working |business |work )?day|close of business|eod|cob)(?: today)?⟩`,
      ),
      make: () => ({ t: 'at', day: { rel: 0 }, part: 'eod' }),
    },
    {
      pattern: rx(`⟨(?:later )?today⟩|⟨(?:by|before) the end of today⟩`),
      make: () => ({ t: 'at', day: { rel: 0 } }),
    },
    { pattern: rx(`⟨(?:yesterday|last night)⟩`), make: () => ({ t: 'at', day: { rel: -1 } }) },
    { pattern: rx(`⟨tonight⟩`), make: () => ({ t: 'at', day: { rel: 0 }, part: 'evening' }) },
    {
      pattern: rx(`⟨(?:by |before )?this ${PART}⟩`),
      make: (g) => ({ t: 'at', day: { rel: 0 }, part: part(g.part)! }),
    },
    {
      pattern: rx(`⟨(?:(?:by|before|until) )?(?:the )?day after tomorrow⟩`),
      make: () => ({ t: 'at', day: { rel: 2 } }),
    },
    {
      pattern: rx(
        `⟨(?:(?:by|before|until|(?<first>first thing)) )?tomorrow(?: (?:at |by |in the )?${PART})?⟩`,
      ),
      make: (g) => {
        const p = g.first ? 'morning' : part(g.part);
        return { t: 'at', day: { rel: 1 }, ...(p ? { part: p } : {}) };
      },
    },
    {
      pattern: rx(
        `⟨(?:in the|by|before|at|around) (?<part>morning|afternoon|evening|noon|midday|lunchtime|lunch)⟩`,
      ),
      make: (g) => ({ t: 'at', part: part(g.part)! }),
    },
    {
      pattern: rx(
        `(?<!last )⟨${BY}(?:(?:this|next|this coming|coming) )?${WEEKDAY}(?: ${PART})?⟩(?! (?:last|before last))`,
      ),
      make: (g) => ({
        t: 'at',
        day: { weekday: byStem(g.wd, WEEKDAYS)! },
        ...(g.part ? { part: part(g.part)! } : {}),
      }),
    },
    {
      pattern: rx(
        `⟨(?:(?:by|before|until) )?(?:the )?end of (?:the |this )?(?:working |business )?week⟩|⟨(?:later )?this week⟩`,
      ),
      make: () => ({ t: 'at', day: { weekEnd: 0 } }),
    },
    {
      pattern: rx(
        `⟨(?:(?:by|before|until) )?(?:the )?end of next week⟩|⟨(?:early |later )?next week⟩`,
      ),
      make: () => ({ t: 'at', day: { weekEnd: 1 } }),
    },
    {
      pattern: rx(`⟨(?:(?:by|before|until) )?(?:the )?end of (?:the |this )?month⟩|⟨this month⟩`),
      make: () => ({ t: 'at', day: { monthEnd: true } }),
    },
    {
      pattern: rx(
        `⟨${BY}(?:the )?(?<d>\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH}(?:,? (?<y>\\d{4}))?⟩`,
      ),
      make: (g) => ({
        t: 'at',
        day: {
          month: byStem(g.mon, MONTHS)!,
          day: Number(g.d),
          ...(g.y ? { year: Number(g.y) } : {}),
        },
      }),
    },
    {
      pattern: rx(`⟨${BY}${MONTH} (?:the )?(?<d>\\d{1,2})(?:st|nd|rd|th)?(?:,? (?<y>\\d{4}))?⟩`),
      make: (g) => ({
        t: 'at',
        day: {
          month: byStem(g.mon, MONTHS)!,
          day: Number(g.d),
          ...(g.y ? { year: Number(g.y) } : {}),
        },
      }),
    },
    {
      pattern: rx(`⟨(?:by|on|before|until) the (?<d>\\d{1,2})(?:st|nd|rd|th)⟩`),
      make: (g) => ({ t: 'at', day: { dayOfMonth: Number(g.d) } }),
    },
    {
      // US order: 12/15 is 15 December; 15/12 can only be day first.
      pattern: rx(`⟨${BY}(?<a>\\d{1,2})/(?<b>\\d{1,2})(?:/(?<y>\\d{2}|\\d{4}))?⟩`),
      make: (g) => numericDate(g.a, g.b, g.y, 'md'),
    },
    {
      pattern: rx(`⟨${BY}(?<y>\\d{4})-(?<m>\\d{2})-(?<d>\\d{2})⟩`),
      make: (g) => numericDate(g.d, g.m, g.y, 'dm'),
    },
    {
      pattern: rx(
        `⟨(?:(?:at|by|before|until|till|around|no later than) )?(?<h>\\d{1,2})(?::(?<mi>\\d{2}))? ?(?<ap>am|pm|a\\.m\\.|p\\.m\\.)(?!ℓ)`,
      ),
      make: (g) => clockOf(g.h, g.mi, { ampm: g.ap!.startsWith('a') ? 'am' : 'pm' }),
    },
    {
      pattern: rx(
        `⟨(?:(?:at|by|before|until|till|around|no later than) )?(?<h>\\d{1,2}):(?<mi>\\d{2})⟩`,
      ),
      make: (g) => clockOf(g.h, g.mi),
    },
    {
      pattern: rx(
        `⟨(?:at|by|before|around|no later than) (?<h>\\d{1,2})(?: o'clock)?⟩(?! ?(?:min|hour|hr|day|week|month|year|item|unit|pcs|piece|euro|eur|usd|dollar|%|[.,/:]?\\d))`,
      ),
      make: (g) => clockOf(g.h, undefined),
    },
    {
      // A delivery window is due when it closes: "between 2 and 4 pm" -> 16:00.
      pattern: rx(
        `⟨between (?:\\d{1,2})(?::\\d{2})?(?: ?(?:am|pm))? and (?<h>\\d{1,2})(?::(?<mi>\\d{2}))?(?: ?(?<ap>am|pm))?(?!ℓ)`,
      ),
      make: (g) => clockOf(g.h, g.mi, g.ap ? { ampm: g.ap === 'am' ? 'am' : 'pm' } : {}),
    },
    {
      // "at half past five", "by quarter to 4": the hour in words or digits.
      pattern: rx(
        `⟨(?:(?:at|by|before|around|until|no later than) )?(?:(?<half>half)|a quarter|quarter) (?<rel>past|to) (?<h>\\d{1,2}|${HOUR_WORDS})⟩(?! ?(?:min|hour|day|[.,/:]?\\d))`,
      ),
      make: (g) => {
        const h = /^\d/.test(g.h!) ? Number(g.h) : num(g.h);
        if (h === undefined || h < 1 || h > 12) return undefined;
        if (g.half) return clockOf(String(h), '30');
        return g.rel === 'past'
          ? clockOf(String(h), '15')
          : clockOf(String(h === 1 ? 12 : h - 1), '45');
      },
    },
    {
      pattern: rx(`⟨(?:at|by|before|around) (?:noon|midday)⟩`),
      make: () => ({ t: 'at', clock: 12 * 60 }),
    },
  ],
  cues: [
    {
      pattern: rx(
        `⟨(?:i|we)(?:'ll| will| shall|'m going to| am going to|'re going to| are going to|'m gonna|'re gonna)(?: ${ADVERB})*⟩`,
      ),
      accept: (_m, following) => !NOT_COMMITTING.test(following.trimStart()),
    },
    { pattern: rx(`⟨let me⟩|⟨(?:i|we) (?:promise|guarantee|commit)⟩|⟨you have my word⟩`) },
    {
      pattern: rx(
        `⟨you(?:'ll| will| are going to|'re going to)(?: ${ADVERB})* (?:have|receive|get|hear|see|be (?:contacted|called|refunded|notified|sent|credited|reimbursed|updated|informed|emailed))⟩`,
      ),
    },
    {
      pattern: rx(
        `⟨(?:will|'ll|is going to|are going to)(?: ${ADVERB})* (?:have (?:it|them|this|that|everything|(?:the|your) ℓ+) (?:fixed|repaired|replaced|sorted|done|ready|sent|delivered|running|working|installed|connected)(?: again)?|arrive|reach you|ship|land|show up|go through|clear|be (?:delivered|shipped|sent|dispatched|credited|refunded|reimbursed|returned|ready|fixed|resolved|repaired|replaced|processed|activated|done|completed|back|available to you|with you|in your account|on (?:its|their) way|there)|call|ring|phone|contact|get back|reply|respond|email|send|deliver|visit|refund|credit|pick (?:it |them )?up|collect|be in touch|reach (?:you|your)|drop|bring|install|repair|fix|replace|issue|process|transfer|pay|come)⟩`,
      ),
      // "You will call us" is the client's part, not ours.
      accept: (_m, _f, preceding) => !/(?:^|[^\p{L}])(?:you|i|we)\s*$/u.test(preceding),
    },
    {
      pattern: rx(
        `⟨(?:i'm|i am|we're|we are)(?: ${ADVERB})* (?:calling|sending|shipping|delivering|dispatching|emailing|processing|refunding|getting back)⟩`,
      ),
    },
    {
      pattern: rx(
        `⟨(?:is|are|will be) (?:scheduled|due|expected|set|planned|booked)(?: to (?:arrive|be delivered|ship)| for| on)?⟩|⟨(?:is|are) (?:arriving|being delivered|being shipped|on (?:its|their) way)⟩`,
      ),
    },
    // A hedged expectation is still one the client holds us to (SHOULD_EXPECT, exempt
    // from the hedges below): "it should be with you by Monday", "you should receive the
    // refund by Friday". Not "you should call us" or "I should be free": the client's part,
    // or the agent's diary.
    {
      pattern: rx(`⟨${SHOULD_EXPECT}⟩`),
      accept: (_m, _f, preceding) => !/(?:^|[^\p{L}])(?:you|i)\s*$/u.test(preceding),
    },
    // Goods on their way, in the present: "your order ships on 14 Dec", "the engineer comes on Monday".
    {
      pattern: rx(
        `⟨(?:ships|arrives|leaves the warehouse|goes out|gets delivered|is delivered|is dispatched|is shipped|comes|visits|will come|will visit|will be there|will be with you)⟩`,
      ),
      accept: (_m, _f, preceding) => !/(?:^|[^\p{L}])(?:you|i|we|it)\s*$/u.test(preceding),
    },
    {
      pattern: rx(
        `⟨(?:you can |please )?expect⟩(?= (?:a|an|the|our|my|your|it|them|delivery|payment|to)⟩)`,
      ),
    },
  ],
  kinds: [
    [
      rx(
        `⟨(?:call|ring|phone|calling|ringing|phoning)(?: you| u| back)⟩|⟨(?:a |the )?(?:call|callback|call-back|phone call)⟩|⟨call⟩`,
      ),
      'callback',
    ],
    [
      rx(
        `⟨(?:get|getting|be|come) back to you⟩|⟨(?:reply|replying|respond|responding|answer|write|writing)(?: to)? you⟩|⟨let you know⟩|⟨keep you (?:posted|updated|informed)⟩|⟨(?:update|inform|notify|notified|informed|contacted|contact)⟩|⟨tracking (?:number|link|code)⟩|⟨hear from⟩|⟨(?:be|get) in touch⟩|⟨follow(?:ing)? up⟩|⟨confirm⟩|⟨get back⟩`,
      ),
      'reply',
    ],
    [
      rx(
        `⟨(?:someone|somebody|technicians?|engineers?|specialists?|fitters?|installers?|plumbers?|electricians?)⟩`,
      ),
      'other',
    ],
    [
      rx(
        `⟨(?:invoices?|parcels?|packages?|orders?|refunds?|money|replacements?|items?|goods|products?|contracts?|documents?|receipts?|quotes?|quotation|deliver(?:y|ies)|shipments?|vouchers?|coupons?|credit|devices?|payments?|tracking number|certificate|samples?|delivery note|card)⟩`,
      ),
      'delivery',
    ],
    [
      rx(
        `⟨(?:answers?|reply|replies|response|update|e-?mails?|messages?|details|information|news|confirmation|feedback)⟩`,
      ),
      'reply',
    ],
    [
      rx(
        `⟨(?:send|sending|sent|ship|shipping|shipped|deliver|delivered|dispatch|dispatched|arrive|arriving|receive|reach|refund|refunded|credited|return|post|mail|transfer|pay|pick up|bring|drop off)⟩|⟨you(?:'ll| will)(?: ℓ+)? (?:have|get)⟩`,
      ),
      'delivery',
    ],
  ],
  negation: rx(
    `⟨(?:not|no|never|cannot|can't|cant|won't|wont|don't|dont|doesn't|didn't|isn't|aren't|unable|unlikely|impossible|neither|nor)⟩|n't⟩`,
  ),
  negationExcept: rx(
    `⟨(?:no problem|no worries|not a problem|don't worry|do not worry|no need to worry|never mind|no later than|not later than|no doubt|without fail|no matter what)⟩`,
  ),
  // A usual time stated as policy ("orders usually ship within 24 hours") commits to nothing for this client.
  hedge: rx(
    `⟨(?:would|could|might|may|maybe|perhaps|possibly|probably|hopefully|hope|try|trying|attempt|should|ought|likely|i'd|we'd|guess|assume|think|if possible|aim|aiming|estimated|approximately|usually|normally|typically|generally|as a rule|in general|on average|tends? to|ordinarily)⟩`,
  ),
  hedgeExcept: rx(
    `⟨(?:would like to confirm|i'd like to confirm|could you|would you|${SHOULD_EXPECT})⟩`,
  ),
  condition: rx(`⟨(?:if|unless|in case|provided|as long as|once|as soon as)⟩`),
  conditionExcept: rx(
    `⟨if (?:that's|that is|it's|it is|this is) (?:ok|okay|alright|all right|fine|convenient|good)(?: for you| with you)?⟩|⟨if (?:that |this )?(?:works|suits) (?:for )?you⟩|⟨if you don't mind⟩`,
  ),
  reported: rx(
    `⟨(?:you|they|he|she) (?:said|wrote|mentioned|told|asked|claimed|promised|say|write)⟩|⟨(?:as|like) you (?:said|wrote|mentioned|say)⟩|⟨according to (?:you|your)⟩|⟨you were told⟩|⟨your (?:message|email|letter) says⟩`,
  ),
  clauseWords: rx(`⟨(?:but|however|although|though|whereas|so|and|while|because|meanwhile)⟩`),
  subordinate: rx(`⟨that⟩`),
  glue: /^[\s,]*(?:(?:at|by|before|around|about|on|in the|the|no later than)\s*)?[\s,]*$/u,
};
