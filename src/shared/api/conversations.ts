import { z } from 'zod';
import { AttachmentIds, AttachmentRef } from './attachments.ts';
import { CoachOverride } from './coach.ts';
import {
  Channel,
  ConversationStatus,
  Cursor,
  Id,
  Language,
  Priority,
  Tag,
  Timestamp,
  text,
} from './common.ts';
import { CouponCount, DiscountPercent } from './discounts.ts';

export const Direction = z.enum(['inbound', 'outbound', 'note']);
export const InboxView = z.enum(['mine', 'unassigned', 'my_teams', 'all', 'sla_at_risk']);
export const InboxSort = z.enum(['last_activity', 'sla_due']);
export const SlaState = z.enum(['on_track', 'at_risk', 'breached']);

const MAX_BODY_CHARS = 200_000;
const Tags = z.array(Tag).max(30);
const ExternalId = text(500).meta({
  description:
    'The id of the message in its source (e.g. an email Message-ID); unique per workspace',
});
const BodyHtml = z.string().max(MAX_BODY_CHARS).meta({
  description:
    'Not accepted yet: there is no HTML sanitiser, so sending it is a 400. Send body_text.',
});

const Ref = z.object({ id: Id, name: z.string() });

export const ConversationAbilities = z
  .object({ update: z.boolean(), assign: z.boolean(), reply: z.boolean(), note: z.boolean() })
  .meta({ id: 'ConversationAbilities' });

export const Conversation = z
  .object({
    id: Id,
    number: z.number().int(),
    subject: z.string(),
    status: ConversationStatus,
    priority: Priority,
    channel: Channel,
    tags: z.array(z.string()),
    client: Ref,
    assignee: Ref.nullable(),
    team: Ref.nullable(),
    last_message_at: Timestamp,
    last_inbound_at: Timestamp.nullable(),
    last_excerpt: z.string(),
    message_count: z.number().int(),
    sla: z.object({ due_at: Timestamp, state: SlaState }).nullable(),
    first_responded_at: Timestamp.nullable(),
    resolved_at: Timestamp.nullable(),
    closed_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: ConversationAbilities,
  })
  .meta({ id: 'Conversation' });

/** Why a reply was not sent (or why the last attempt failed, while it is retried). */
export const DeliveryErrorCode = z
  .enum([
    'no_mailbox',
    'no_email_address',
    'no_phone_number',
    'no_sms_provider',
    'empty_message',
    'channel_unsupported',
    'server_unreachable',
    'auth_failed',
    'refused',
    'provider_error',
    'not_delivered',
    'other',
  ])
  .meta({ id: 'DeliveryErrorCode' });
export type DeliveryErrorCode = z.infer<typeof DeliveryErrorCode>;

export const Message = z
  .object({
    id: Id,
    conversation_id: Id,
    direction: Direction,
    channel: Channel,
    author: z.object({ kind: z.enum(['user', 'client']), id: Id, name: z.string() }).nullable(),
    body_text: z.string(),
    body_html: z.string().nullable(),
    external_id: z.string().nullable(),
    delivery_state: z.enum(['none', 'queued', 'sent', 'delivered', 'failed']),
    delivery_error: z.string().nullable().meta({
      description:
        'Why sending failed (state failed), or why the last attempt did while it is retried (state queued)',
    }),
    delivery_error_code: DeliveryErrorCode.nullable().meta({
      description: 'delivery_error as a code, for a message in the reader’s language',
    }),
    attachments: z.array(AttachmentRef),
    created_at: Timestamp,
  })
  .meta({ id: 'Message' });

export const ConversationEvent = z
  .object({
    id: Id,
    type: z.string(),
    actor: z.object({
      kind: z.enum(['user', 'client', 'system']),
      id: Id.nullable(),
      name: z.string().nullable(),
    }),
    data: z.record(z.string(), z.unknown()),
    created_at: Timestamp,
  })
  .meta({ id: 'ConversationEvent' });

export const InboxCounts = z
  .object({
    mine: z.number().int(),
    unassigned: z.number().int(),
    my_teams: z.number().int(),
    all: z.number().int(),
    sla_at_risk: z.number().int(),
  })
  .meta({ id: 'InboxCounts' });

const OpeningDiscountRequest = z
  .object({
    reason: text(1000).meta({ description: 'Why the client should have it' }),
    percent: DiscountPercent.optional().meta({
      description: 'Percentage off asked for; default: what the message promises',
    }),
    coupons: CouponCount.optional().meta({
      description: 'Coupons asked for; default: what the message promises',
    }),
  })
  .strict()
  .meta({
    id: 'OpeningDiscountRequest',
    description:
      "An agent's opening message that promises a discount above their authority waits for a supervisor: the conversation is opened without it, the message waits on a discount request with this reason (GET /discount-requests?conversation_id=…), and is sent as the agent once approved",
  });

const NewMessagePart = z
  .object({
    body_text: text(MAX_BODY_CHARS),
    body_html: BodyHtml.optional(),
    external_id: ExternalId.optional(),
    coach_override: CoachOverride.optional().meta({
      description:
        "An agent's opening message is checked as any reply (the coach, discount authority): a supervisor's reason to send it although the coach blocks it",
    }),
    discount_request: OpeningDiscountRequest.optional(),
  })
  .strict();

export const NewConversationBody = z
  .object({
    client_id: Id.optional(),
    client: z
      .object({
        name: text(200).optional(),
        email: z.email().max(320).optional(),
        phone: text(50).optional(),
        language: Language.optional(),
      })
      .strict()
      .optional(),
    subject: z.string().trim().max(500).default(''),
    channel: Channel,
    direction: z.enum(['inbound', 'outbound']),
    message: NewMessagePart,
    priority: Priority.optional(),
    team_id: Id.nullable().optional(),
    assignee_id: Id.nullable().optional(),
    tags: Tags.optional(),
    assign: z.literal('round_robin').optional(),
  })
  .strict();

export const PatchConversationBody = z
  .object({
    status: ConversationStatus,
    priority: Priority,
    assignee_id: Id.nullable(),
    team_id: Id.nullable(),
    tags: Tags,
    add_tags: Tags,
    remove_tags: Tags,
  })
  .partial()
  .strict();

export const AssignBody = z.object({ team_id: Id.optional() }).strict();

export const NewMessageBody = z
  .object({
    direction: Direction,
    body_text: text(MAX_BODY_CHARS),
    body_html: BodyHtml.optional(),
    external_id: ExternalId.optional(),
    channel: Channel.optional(),
    attachment_ids: AttachmentIds.optional(),
    coach_override: CoachOverride.optional(),
  })
  .strict();

const STATUS_LIST =
  /^(new|open|pending|on_hold|resolved|closed)(,(new|open|pending|on_hold|resolved|closed))*$/;

export const ConversationListQuery = z
  .object({
    view: InboxView.default('all'),
    status: z
      .string()
      .regex(STATUS_LIST, 'must be a comma-separated list of statuses')
      .optional()
      .meta({ description: 'Comma-separated statuses, e.g. open,pending' }),
    priority: Priority.optional(),
    tag: Tag.optional(),
    team_id: Id.optional(),
    assignee_id: Id.optional(),
    client_id: Id.optional(),
    channel: Channel.optional(),
    q: z.string().trim().max(200).optional().meta({
      description:
        'Search: a conversation number ("#123" or "123"), words of the subject, or the client\'s name, email or phone',
    }),
    sort: InboxSort.default('last_activity'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: Cursor,
  })
  .strict();

export const MessageListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: Cursor.meta({
      description: 'next_cursor (older messages) or prev_cursor (newer ones) of a page',
    }),
    around: Id.optional().meta({
      description:
        'A message of the conversation: the page holds it, up to half the limit of messages newer than it and the rest older (a link to one message opens in one request)',
    }),
  })
  .strict()
  .refine((q) => !(q.around && q.cursor), {
    path: ['around'],
    message: 'cannot be combined with cursor: around starts a list, cursor continues one',
  });
export type MessageListQuery = z.infer<typeof MessageListQuery>;

/** A page of messages, newest first, with a cursor each way (a page around a message has both). */
export const MessagePage = z.object({
  items: z.array(Message),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: 'Older messages: pass it as cursor; null when the oldest is here' }),
  prev_cursor: z
    .string()
    .nullable()
    .meta({ description: 'Newer messages: pass it as cursor; null when the newest is here' }),
});

export const EventListQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: Cursor })
  .strict();

export const MAX_BULK_IDS = 100;

export const BulkConversationsBody = z
  .object({
    ids: z.array(Id).min(1).max(MAX_BULK_IDS),
    set: z
      .object({
        status: ConversationStatus,
        priority: Priority,
        assignee_id: Id.nullable(),
        team_id: Id.nullable(),
        add_tags: Tags,
        remove_tags: Tags,
      })
      .partial()
      .strict()
      .refine((s) => Object.keys(s).length > 0, 'give at least one change'),
  })
  .strict();

export const BulkResultItem = z
  .object({
    id: Id,
    result: z.enum(['updated', 'unchanged', 'not_found', 'conflict', 'invalid']),
    conversation: Conversation.optional(),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        fields: z.record(z.string(), z.string()).optional(),
      })
      .optional(),
  })
  .meta({ id: 'BulkConversationResult' });

export const BulkConversationsResult = z
  .object({ results: z.array(BulkResultItem) })
  .meta({ id: 'BulkConversationsResult' });
