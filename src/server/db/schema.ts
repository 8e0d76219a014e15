// Kysely's view of the tables in migrations/. Ids (int8) arrive as strings and
// timestamps as Date on both engines (see database.ts).
import type { ColumnType, Generated } from 'kysely';

type Id = ColumnType<string, string | number | bigint, string | number | bigint>;
type GeneratedId = ColumnType<string, never, never>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type Role = 'agent' | 'supervisor' | 'admin';
export type Channel = 'email' | 'chat' | 'sms' | 'phone' | 'web' | 'api';
export type ConversationStatus = 'new' | 'open' | 'pending' | 'on_hold' | 'resolved' | 'closed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type Direction = 'inbound' | 'outbound' | 'note';
export type SlaTargetKind = 'first_response' | 'next_response' | 'resolution';
export type ClientTier = 'regular' | 'premium' | 'key';

export interface WorkspacesTable {
  id: GeneratedId;
  name: string;
  slug: string;
  time_zone: Generated<string>;
  default_language: Generated<string>;
  conversation_seq: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface UsersTable {
  workspace_id: Id;
  id: GeneratedId;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  language: Generated<string>;
  is_available: Generated<boolean>;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface TeamsTable {
  workspace_id: Id;
  id: GeneratedId;
  name: string;
  supervisor_id: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface TeamMembersTable {
  workspace_id: Id;
  team_id: Id;
  user_id: Id;
  last_assigned_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface InvitationsTable {
  workspace_id: Id;
  id: GeneratedId;
  email: string;
  name: string | null;
  role: Role;
  token_hash: string;
  invited_by_id: Id | null;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  workspace_id: Id;
  user_id: Id;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  workspace_id: Id;
  id: GeneratedId;
  user_id: Id;
  name: string;
  token_hash: string;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface ClientsTable {
  workspace_id: Id;
  id: GeneratedId;
  kind: Generated<'person' | 'company'>;
  name: string;
  company_id: Id | null;
  language: string | null;
  time_zone: string | null;
  tier: Generated<ClientTier>;
  is_vip: Generated<boolean>;
  tags: Generated<string[]>;
  custom_fields: Json<Record<string, unknown>>;
  merged_into_id: Id | null;
  deleted_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  /** search_fold(name): lower-case, accents and Kazakh letters folded (0002_client_search). */
  search_name: ColumnType<string, never, never>;
}

export interface ClientIdentitiesTable {
  workspace_id: Id;
  id: GeneratedId;
  client_id: Id;
  kind: 'email' | 'phone' | 'chat';
  value: string;
  created_at: CreatedAt;
}

/** The distinct words of a workspace's client names, kept by triggers (0036). */
export interface ClientNameWordsTable {
  workspace_id: Id;
  word: string;
}

export interface ClientFieldDefinitionsTable {
  workspace_id: Id;
  id: GeneratedId;
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'select';
  options: Generated<string[]>;
  created_at: CreatedAt;
}

export interface ClientNotesTable {
  workspace_id: Id;
  id: GeneratedId;
  client_id: Id;
  author_id: Id | null;
  body: string;
  created_at: CreatedAt;
}

export interface BusinessHours {
  [day: string]: [string, string][];
}

export interface BusinessCalendarsTable {
  workspace_id: Id;
  id: GeneratedId;
  name: string;
  time_zone: string;
  hours: Json<BusinessHours>;
  holidays: Json<{ date: string; name: string }[]>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface SlaPoliciesTable {
  workspace_id: Id;
  id: GeneratedId;
  name: string;
  position: Generated<number>;
  match_priorities: Generated<string[]>;
  match_tiers: Generated<string[]>;
  match_vip: boolean | null;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  calendar_id: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ConversationsTable {
  workspace_id: Id;
  id: GeneratedId;
  number: number;
  subject: Generated<string>;
  client_id: Id;
  channel: Channel;
  status: Generated<ConversationStatus>;
  priority: Generated<Priority>;
  team_id: Id | null;
  assignee_id: Id | null;
  tags: Generated<string[]>;
  sla_policy_id: Id | null;
  sla_due_at: NullableTimestamp;
  first_responded_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  last_message_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_inbound_at: NullableTimestamp;
  /** The subject's folded words for the inbox search (0012_inbox_search.sql); written by the database. */
  subject_words: ColumnType<string, never, never>;
  last_excerpt: Generated<string>;
  message_count: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  /** The SMS provider the client wrote through (0019_sms.sql); replies leave from its number. */
  sms_provider_id: Generated<string | null>;
  /** 0030: the language of the subject and first message (search stems with it); null: unknown. */
  language: Generated<string | null>;
}

export interface SlaTargetsTable {
  workspace_id: Id;
  conversation_id: Id;
  kind: SlaTargetKind;
  target_minutes: number;
  started_at: Timestamp;
  due_at: NullableTimestamp;
  warn_at: NullableTimestamp;
  remaining_minutes: number | null;
  paused_at: NullableTimestamp;
  met_at: NullableTimestamp;
  warned_at: NullableTimestamp;
  breached_at: NullableTimestamp;
}

export interface MessagesTable {
  workspace_id: Id;
  id: GeneratedId;
  conversation_id: Id;
  direction: Direction;
  channel: Channel;
  author_user_id: Id | null;
  author_client_id: Id | null;
  body_text: string;
  body_html: string | null;
  external_id: string | null;
  delivery_state: Generated<DeliveryState>;
  /** 0015: why the last delivery attempt failed (null once sent). */
  delivery_error: string | null;
  /** 0032: delivery_error as a code (DeliveryErrorCode), worded by the agent app. */
  delivery_error_code: string | null;
  delivery_updated_at: NullableTimestamp;
  created_at: CreatedAt;
  /** 0027: the reply coach's rule ids the reply triggered when sent; null when not checked. */
  coach_rules: string[] | null;
  /** 0030: the language of the body (search stems with it); null: unknown. */
  language: Generated<string | null>;
}

/** Where an outbound message is on its way to the client (see channels/delivery.ts). */
export type DeliveryState = 'none' | 'queued' | 'sent' | 'delivered' | 'failed';

export interface EventsTable {
  workspace_id: Id;
  id: GeneratedId;
  type: string;
  actor_kind: 'user' | 'client' | 'system';
  actor_user_id: Id | null;
  conversation_id: Id | null;
  client_id: Id | null;
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface NotificationsTable {
  workspace_id: Id;
  id: GeneratedId;
  user_id: Id;
  kind: string;
  conversation_id: Id | null;
  data: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  read_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface EscalationsTable {
  workspace_id: Id;
  id: GeneratedId;
  conversation_id: Id;
  reason: string;
  detail: Json<Record<string, unknown>>;
  from_user_id: Id | null;
  to_user_id: Id | null;
  to_team_id: Id | null;
  dedupe_key: string | null;
  /** 0010: what a person passes on, how, and their hand-off note. */
  scope: Generated<'conversation' | 'excerpt'>;
  excerpt: string | null;
  method: 'handoff' | 'call' | 'email' | null;
  note: Generated<string>;
  /** 0031: why, as a countable category (reason keeps the free text). */
  category: Generated<
    | 'cannot_answer'
    | 'outside_authority'
    | 'difficult_client'
    | 'complaint'
    | 'technical'
    | 'other'
    | 'sla_breach'
  >;
  created_at: CreatedAt;
}

export type CallbackStatus = 'scheduled' | 'done' | 'failed' | 'cancelled';

export interface CallbacksTable {
  workspace_id: Id;
  id: GeneratedId;
  client_id: Id;
  conversation_id: Id | null;
  phone: string;
  window_start: Timestamp;
  window_end: NullableTimestamp;
  responsible_id: Id;
  status: Generated<CallbackStatus>;
  attempts: Generated<number>;
  outcome: Generated<string>;
  note: Generated<string>;
  created_by_id: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  /** 0020: when the due and the overdue reminder went out (cleared when re-dated). */
  due_notified_at: NullableTimestamp;
  overdue_notified_at: NullableTimestamp;
}

export type PromiseState = 'proposed' | 'open' | 'kept' | 'broken' | 'dismissed';
export type PromiseKind = 'callback' | 'delivery' | 'reply' | 'other';
export type PromiseDueBasis = 'duration' | 'clock' | 'day-part' | 'day-end';

/** 0028: a commitment an agent's reply made to a client, proposed, tracked, kept or broken. */
export interface PromisesTable {
  workspace_id: Id;
  id: GeneratedId;
  conversation_id: Id;
  client_id: Id;
  agent_id: Id;
  message_id: Id;
  text_start: number;
  text_end: number;
  kind: PromiseKind;
  text: string;
  due_text: Generated<string>;
  due_basis: PromiseDueBasis;
  due_at: Timestamp;
  state: Generated<PromiseState>;
  remind_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  confirmed_by_id: Id | null;
  settled_at: NullableTimestamp;
  settled_by_id: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

/** 0028: a promise re-dated by a delay notice to the client. */
export interface PromiseRedatesTable {
  workspace_id: Id;
  id: GeneratedId;
  promise_id: Id;
  from_due_at: Timestamp;
  to_due_at: Timestamp;
  message_id: Id | null;
  by_id: Id | null;
  created_at: CreatedAt;
}

export type CallDirection = 'inbound' | 'outbound';
export type CallOutcome = 'answered' | 'no_answer' | 'busy' | 'voicemail' | 'failed';

/** 0020: the call log. */
/** An SMS gateway of a workspace (0019_sms.sql); secrets sealed (security/secrets.ts). */
export interface SmsProvidersTable {
  workspace_id: Id;
  id: GeneratedId;
  name: string;
  kind: Generated<'generic_http'>;
  phone_number: string;
  send_url: string;
  auth_header_name: string | null;
  auth_header_value_sealed: string | null;
  webhook_secret_sealed: string;
  default_team_id: Id | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface CallsTable {
  workspace_id: Id;
  id: GeneratedId;
  direction: CallDirection;
  phone: string;
  duration_seconds: Generated<number>;
  outcome: CallOutcome;
  notes: Generated<string>;
  client_id: Id;
  conversation_id: Id | null;
  agent_id: Id | null;
  callback_id: Id | null;
  started_at: Timestamp;
  external_id: string | null;
  created_by_id: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface TagsTable {
  workspace_id: Id;
  id: GeneratedId;
  name: string;
  color: Generated<string>;
  description: Generated<string>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface CannedResponsesTable {
  workspace_id: Id;
  id: GeneratedId;
  title: string;
  shortcut: string;
  language: string;
  folder: Generated<string>;
  body: string;
  usage_count: Generated<number>;
  created_by: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type KnowledgeVisibility = 'public' | 'internal';
export type KnowledgeState = 'draft' | 'published';

export interface KnowledgeCategoriesTable {
  workspace_id: Id;
  id: GeneratedId;
  slug: string;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface KnowledgeCategoryTranslationsTable {
  workspace_id: Id;
  category_id: Id;
  language: string;
  name: string;
  description: Generated<string>;
}

export interface KnowledgeArticlesTable {
  workspace_id: Id;
  id: GeneratedId;
  category_id: Id;
  visibility: KnowledgeVisibility;
  position: Generated<number>;
  slug: string;
  created_by: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface KnowledgeArticleVersionsTable {
  workspace_id: Id;
  article_id: Id;
  language: string;
  title: string;
  body_markdown: string;
  body_html: string;
  body_text: string;
  meta_description: Generated<string>;
  state: KnowledgeState;
  published_at: NullableTimestamp;
  revision_id: Id | null;
  updated_by: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  /** Generated from title, meta description and body_text; never written. */
  search_vector: ColumnType<string, never, never>;
}

export interface KnowledgeArticleRevisionsTable {
  workspace_id: Id;
  id: GeneratedId;
  article_id: Id;
  language: string;
  title: string;
  body_markdown: string;
  meta_description: Generated<string>;
  state: KnowledgeState;
  restored_from_id: Id | null;
  author_id: Id | null;
  created_at: CreatedAt;
}

export interface KnowledgeVotesTable {
  workspace_id: Id;
  id: GeneratedId;
  article_id: Id;
  language: string;
  helpful: boolean;
  comment: string | null;
  voter_key: string;
  client_id: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface AttachmentsTable {
  workspace_id: Id;
  id: GeneratedId;
  message_id: Id | null;
  filename: string;
  content_type: string;
  /** int8: arrives as a string on both engines. */
  size_bytes: ColumnType<string, number, number>;
  sha256: string;
  storage_key: string;
  uploaded_by: Id | null;
  created_at: CreatedAt;
  /** 0026: an email's inline image, as its HTML names it (cid:), without the angle brackets. */
  content_id: string | null;
}

/** 0016: an email mailbox; passwords are sealed (security/secrets.ts). */
export interface MailboxesTable {
  workspace_id: Id;
  id: GeneratedId;
  name: string;
  address: string;
  default_team_id: Id | null;
  default_language: Generated<string>;
  signature: Generated<string>;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_secure: Generated<boolean>;
  smtp_user: string | null;
  smtp_password_sealed: string | null;
  imap_host: string | null;
  imap_port: number | null;
  imap_secure: Generated<boolean>;
  imap_user: string | null;
  imap_password_sealed: string | null;
  imap_folder: Generated<string>;
  imap_enabled: Generated<boolean>;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type InboundEmailStatus = 'received' | 'processed' | 'ignored' | 'failed';

/** 0016: a raw inbound email, stored before it is parsed. */
export interface InboundEmailsTable {
  workspace_id: Id;
  id: GeneratedId;
  mailbox_id: Id;
  source: 'smtp' | 'imap';
  raw: Buffer;
  size_bytes: number;
  received_at: CreatedAt;
  status: Generated<InboundEmailStatus>;
  error: string | null;
  attempts: Generated<number>;
  message_id_header: string | null;
  conversation_id: Id | null;
  message_id: Id | null;
  processed_at: NullableTimestamp;
}

/** 0017: where the IMAP poller is in a mailbox folder, and how its last poll went. */
export interface MailboxImapStateTable {
  workspace_id: Id;
  mailbox_id: Id;
  folder: string;
  /** bigint (UIDVALIDITY is 32-bit unsigned); read as a string. */
  uid_validity: Id | null;
  last_uid: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  last_polled_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
}

/** 0017: the acknowledgement of a new request, at most one per conversation. */
export interface EmailAcknowledgementsTable {
  workspace_id: Id;
  conversation_id: Id;
  state: 'sending' | 'sent' | 'skipped';
  message_id_header: string | null;
  reason: string | null;
  claimed_at: Date;
  sent_at: Date | null;
}

export interface ChatSettingsTable {
  workspace_id: Id;
  enabled: Generated<boolean>;
  prechat_form: Generated<boolean>;
  greetings: ColumnType<Record<string, string>, string | undefined, string>;
  allowed_origins: Generated<string[]>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ChatTranscriptRequestsTable {
  workspace_id: Id;
  id: GeneratedId;
  conversation_id: Id;
  email: string;
  language: string;
  created_at: CreatedAt;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PortalSettingsTable {
  workspace_id: Id;
  share_company_requests: Generated<boolean>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PortalSignInLinksTable {
  workspace_id: Id;
  id: GeneratedId;
  request_key: string;
  client_id: Id;
  email: string;
  language: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  sent_at: NullableTimestamp;
  used_at: NullableTimestamp;
}

export interface PortalSessionsTable {
  id: string;
  workspace_id: Id;
  client_id: Id;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ConversationRatingsTable {
  workspace_id: Id;
  conversation_id: Id;
  client_id: Id;
  score: number;
  comment: Generated<string>;
  source: Generated<'portal' | 'survey'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PortalDeflectionsTable {
  workspace_id: Id;
  id: GeneratedId;
  article_id: Id | null;
  language: string;
  client_id: Id | null;
  view_key: string;
  created_at: CreatedAt;
}

/** 0027: a workspace's phrase rule: its change to a default, or a rule of its own. */
export interface CoachRulesTable {
  workspace_id: Id;
  rule_id: string;
  kind: 'default' | 'own';
  language: string;
  pattern: string | null;
  except_patterns: string[] | null;
  /** Written as JSON text. */
  why: ColumnType<Record<string, string> | null, string | null, string | null>;
  rewrite: string | null;
  rewrite_scope: 'sentence' | 'match' | 'none' | null;
  policy: 'hint' | 'warn' | 'block' | null;
  enabled: boolean | null;
  created_by: Id | null;
  updated_by: Id | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface CoachJargonTable {
  workspace_id: Id;
  id: GeneratedId;
  term: string;
  plain: string | null;
  language: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type CoachCheckPolicy = 'hint' | 'warn' | 'block' | 'off';

export interface CoachSettingsTable {
  workspace_id: Id;
  introduction: CoachCheckPolicy;
  client_name: CoachCheckPolicy;
  jargon: CoachCheckPolicy;
  updated_at: Generated<Date>;
}

/** 0029: a percentage limit (numeric: a string on PostgreSQL, a number on PGlite). */
type Percent = ColumnType<string | number, number | string, number | string>;
export type DiscountRequestStatus = 'pending' | 'approved' | 'denied' | 'cancelled';

/** 0029: how large a discount a role may promise on its own (null: no limit). */
export interface DiscountRoleLimitsTable {
  workspace_id: Id;
  role: Role;
  max_percent: Percent | null;
  max_coupons: number | null;
  updated_at: Generated<Date>;
  updated_by_id: Id | null;
}

/** 0029: one user's discount authority where it differs from their role's (null: the role's). */
export interface DiscountUserLimitsTable {
  workspace_id: Id;
  user_id: Id;
  max_percent: Percent | null;
  max_coupons: number | null;
  updated_at: Generated<Date>;
  updated_by_id: Id | null;
}

/** 0029: a request for a supervisor's approval of a discount above the requester's authority. */
export interface DiscountRequestsTable {
  workspace_id: Id;
  id: GeneratedId;
  conversation_id: Id;
  requester_id: Id;
  percent: Percent;
  coupons: number;
  reason: string;
  reply_text: string | null;
  limit_percent: Percent | null;
  limit_coupons: number | null;
  status: Generated<DiscountRequestStatus>;
  decided_by_id: Id | null;
  decided_at: NullableTimestamp;
  decision_comment: string | null;
  used_message_id: Id | null;
  used_at: NullableTimestamp;
  /** 0034: why the waiting reply was not sent on approval. */
  reply_not_sent: DiscountReplyNotSent | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type DiscountReplyNotSent =
  'conversation_closed' | 'coach_blocked' | 'exceeds_approval' | 'requester_inactive';

/** 0029: a discount a sent reply promised the client. */
export interface ClientDiscountsTable {
  workspace_id: Id;
  id: GeneratedId;
  client_id: Id;
  conversation_id: Id;
  message_id: Id;
  agent_id: Id;
  percent: Percent | null;
  coupons: number;
  text: Generated<string>;
  request_id: Id | null;
  approved_by_id: Id | null;
  created_at: CreatedAt;
}

export interface DB {
  chat_settings: ChatSettingsTable;
  chat_transcript_requests: ChatTranscriptRequestsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  clients: ClientsTable;
  client_identities: ClientIdentitiesTable;
  client_name_words: ClientNameWordsTable;
  client_field_definitions: ClientFieldDefinitionsTable;
  client_notes: ClientNotesTable;
  business_calendars: BusinessCalendarsTable;
  sla_policies: SlaPoliciesTable;
  conversations: ConversationsTable;
  sla_targets: SlaTargetsTable;
  messages: MessagesTable;
  events: EventsTable;
  notifications: NotificationsTable;
  escalations: EscalationsTable;
  callbacks: CallbacksTable;
  mailboxes: MailboxesTable;
  inbound_emails: InboundEmailsTable;
  mailbox_imap_state: MailboxImapStateTable;
  email_acknowledgements: EmailAcknowledgementsTable;
  calls: CallsTable;
  sms_providers: SmsProvidersTable;
  tags: TagsTable;
  canned_responses: CannedResponsesTable;
  attachments: AttachmentsTable;
  knowledge_categories: KnowledgeCategoriesTable;
  knowledge_category_translations: KnowledgeCategoryTranslationsTable;
  knowledge_articles: KnowledgeArticlesTable;
  knowledge_article_versions: KnowledgeArticleVersionsTable;
  knowledge_article_revisions: KnowledgeArticleRevisionsTable;
  knowledge_votes: KnowledgeVotesTable;
  portal_settings: PortalSettingsTable;
  portal_sign_in_links: PortalSignInLinksTable;
  portal_sessions: PortalSessionsTable;
  conversation_ratings: ConversationRatingsTable;
  portal_deflections: PortalDeflectionsTable;
  coach_rules: CoachRulesTable;
  coach_jargon: CoachJargonTable;
  coach_settings: CoachSettingsTable;
  promises: PromisesTable;
  promise_redates: PromiseRedatesTable;
  discount_role_limits: DiscountRoleLimitsTable;
  discount_user_limits: DiscountUserLimitsTable;
  discount_requests: DiscountRequestsTable;
  client_discounts: ClientDiscountsTable;
}
