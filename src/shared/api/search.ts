import { z } from 'zod';
import { ConversationStatus, Cursor, Id, Language, Timestamp } from './common.ts';
import { Direction } from './conversations.ts';
import { KnowledgeState, KnowledgeVisibility } from './knowledge.ts';

export const SearchType = z
  .enum(['conversation', 'message', 'client', 'article'])
  .meta({ id: 'SearchType' });
export type SearchType = z.infer<typeof SearchType>;

/** What `status` filters by: a conversation's status, or an article version's state. */
export const SearchStatus = z.enum([...ConversationStatus.options, ...KnowledgeState.options]);
export type SearchStatus = z.infer<typeof SearchStatus>;

/**
 * A list parameter given repeated (`type=client&type=article`), as a comma
 * list (`type=client,article`) or both; each value checked against the
 * allowed ones, the error naming the parameter.
 */
function listParam<T extends string>(values: readonly T[], what: string) {
  return z
    .union([z.string().max(200), z.array(z.string().max(200)).max(20)])
    .transform((raw, ctx): T[] => {
      const items = (Array.isArray(raw) ? raw : [raw])
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean);
      const wrong = items.filter((v) => !(values as readonly string[]).includes(v));
      if (items.length === 0 || wrong.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be ${what}: ${values.join(', ')}${wrong.length ? ` (not ${wrong.join(', ')})` : ''}`,
        });
        return z.NEVER;
      }
      return [...new Set(items)] as T[];
    });
}

export const SearchQuery = z
  .object({
    q: z.string().trim().min(1, 'must not be empty').max(200).meta({
      description:
        'What to look for. Words are stemmed in each document\'s language (english, spanish, hungarian, romanian, russian; Kazakh and undetected texts word by word, with suffixes stripped from the query), so another form of a word finds it; every word must match. Client names, emails and phone numbers match with typos. "#123" finds conversation 123.',
      example: 'kedvezmény',
    }),
    type: listParam(SearchType.options, 'one or more of').optional().meta({
      description:
        'Which kinds of results: conversation, message, client, article; repeat the parameter or give a comma list. All when left out.',
    }),
    status: listParam(SearchStatus.options, 'one or more of').optional().meta({
      description:
        'Conversation statuses (new, open, pending, on_hold, resolved, closed: conversations and their messages) and article states (draft, published); repeat or comma list. A type none of the given values applies to is left out (clients have no status).',
    }),
    assignee_id: Id.optional().meta({
      description:
        'Conversations assigned to this user, and their messages; clients and articles, having no assignee, are left out.',
    }),
    from: Timestamp.optional().meta({
      description: 'Only results whose updated_at is at or after this time',
    }),
    to: Timestamp.optional().meta({
      description: 'Only results whose updated_at is before this time',
    }),
    limit: z.coerce.number().int().min(1).max(50).default(20),
    cursor: Cursor.meta({ description: 'next_cursor of the previous page' }),
  })
  .strict()
  .refine((v) => !v.from || !v.to || Date.parse(v.from) < Date.parse(v.to), {
    path: ['to'],
    message: 'must be after from',
  });
export type SearchQuery = z.infer<typeof SearchQuery>;

const Ref = z.object({ id: Id, name: z.string() });

export const SearchItem = z
  .object({
    type: SearchType,
    id: Id.meta({
      description:
        'The id of the conversation, message, client or article (an article once, by its best-matching language version)',
    }),
    title: z.string().meta({
      description:
        "Plain text: the conversation's subject (a message's conversation's), the client's name, the article version's title",
    }),
    snippet: z.string().meta({
      description:
        "HTML: the matching part of the text (a conversation's whole subject, a message's or article's best fragments, a client's name or matched email or phone) with the matched words in <mark>…</mark>. Everything else is HTML-escaped, so the snippet can be inserted as HTML as it is; markup-like tags in a message or article body are left out of its fragments.",
    }),
    conversation_id: Id.nullable().meta({ description: 'Conversations and messages' }),
    conversation_number: z.number().int().nullable(),
    client: Ref.nullable().meta({
      description: 'The client of a conversation or message; the client itself for a client',
    }),
    status: SearchStatus.nullable().meta({
      description:
        "A conversation's status (a message's conversation's), an article version's state (draft or published); null for a client",
    }),
    assignee: Ref.nullable(),
    direction: Direction.nullable().meta({
      description: 'Messages: inbound, outbound or note (internal, agents only)',
    }),
    visibility: KnowledgeVisibility.nullable().meta({ description: 'Articles' }),
    language: Language.nullable().meta({
      description:
        "The language the text was indexed in (an article version's language; detected for conversations and messages); null when unknown and for clients",
    }),
    slug: z.string().nullable().meta({ description: 'Articles' }),
    updated_at: Timestamp.meta({ description: "A message's sent time; the others' last change" }),
    score: z.number().meta({
      description:
        'Relevance, 0..1 (6 decimals); results come by score, then type (conversation, message, client, article), then id',
    }),
  })
  .meta({ id: 'SearchItem' });
export type SearchItem = z.infer<typeof SearchItem>;

export const SearchPage = z
  .object({ items: z.array(SearchItem), next_cursor: z.string().nullable() })
  .meta({ id: 'SearchPage' });
