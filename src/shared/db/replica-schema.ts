import type { Generated } from 'kysely';
import type {
  Channel,
  ContentStatus,
  ConversationStatus,
  OrderStatus,
  Presence,
  Role,
  ScriptCategory,
  ScriptStage,
  SenderKind,
  TicketPriority,
  TicketStatus,
} from '../domain/enums';
import type { ConversationEventKind } from '../handoff/handoff';
import type { FeedbackKind, FeedbackStatus, RevisionStatus } from '../kb/workflow';
import type { AlertRule, ApprovalKind, ApprovalStatus, DeadlineKind, Milestone } from '../tickets/process';

/**
 * Row types of the domain tables, identical on the replica and the central server so the
 * same mutator code runs on both. Timestamps are ISO-8601 UTC strings (they sort as text);
 * JSON columns hold arrays/objects serialised with JSON.stringify.
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  agent_no: string;
  role: Role;
  max_concurrent: number;
  presence: Presence;
  updated_at: string;
}

export interface SkillGroupsTable {
  id: string;
  name: string;
  /** JSON string[]: intent keywords that route conversations here. */
  keywords: string;
  updated_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface CustomersTable {
  id: string;
  name: string;
  phone: string | null;
  id_number: string | null;
  address: string | null;
  value_level: number;
  /** JSON string[] */
  tags: string;
  created_at: string;
  updated_at: string;
}

export interface OrdersTable {
  id: string;
  customer_id: string;
  order_no: string;
  status: OrderStatus;
  amount_fen: number;
  /** JSON {name, quantity}[] */
  items: string;
  placed_at: string;
  updated_at: string;
}

export interface ConversationsTable {
  id: string;
  customer_id: string;
  channel: Channel;
  status: ConversationStatus;
  group_id: string | null;
  assignee_id: string | null;
  subject: string;
  created_at: string;
  updated_at: string;
  last_message_at: string;
  last_message_preview: string;
  /** Time of the oldest customer message not yet answered; null when the agent spoke last. */
  waiting_since: string | null;
  unread_count: number;
  first_response_at: string | null;
  closed_at: string | null;
  /** Queue order, set by the server's routing: 0 normal, 1 high, 2 urgent (賬號被盜). Defaults to 0. */
  priority: Generated<number>;
  /** The customer's satisfaction answer for this chat, 1–5 (replica 0011 / server 0009); null until given. */
  csat_score: Generated<number | null>;
  /** The agent's one-line wrap-up when they ended the chat (replica 0008 / server 0006). */
  summary: Generated<string | null>;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  sender_kind: SenderKind;
  sender_id: string | null;
  body: string;
  channel: Channel;
  created_at: string;
  /** JSON ReplyRule[]: reply-check findings the agent sent anyway (replica 0005 / server 0002); null when none. */
  compliance_overrides: string | null;
  /** 1: an internal note, for agents and supervisors only — never shown or sent to the customer (replica 0008 / server 0006). */
  internal: Generated<number>;
  /** The script the reply was made from, and its version (replica 0009 / server 0007); null when typed freely. */
  script_id: string | null;
  script_version: number | null;
}

/** A colleague invited into a chat, or a supervisor who joined it; open while ended_at is null. */
export interface ConversationParticipantsTable {
  id: string;
  conversation_id: string;
  user_id: string;
  invited_by: string;
  note: string;
  invited_at: string;
  ended_at: string | null;
  ended_by: string | null;
}

/** One step of a chat's hand-over history (append-only): kinds in src/shared/handoff/handoff.ts. */
export interface ConversationEventsTable {
  id: string;
  conversation_id: string;
  kind: ConversationEventKind;
  /** Null for what the server did by itself (a first-response miss). */
  actor_id: string | null;
  from_user_id: string | null;
  to_user_id: string | null;
  to_group_id: string | null;
  reason: string | null;
  note: string | null;
  created_at: string;
}

export interface TicketCategoriesTable {
  id: string;
  parent_id: string | null;
  name: string;
  level: number;
  sort: number;
  /** Retired by an admin (replica 0011 / server 0009): kept for the tickets filed under it, offered for no new one. */
  retired_at: Generated<string | null>;
}

export interface TicketsTable {
  id: string;
  /** Human-readable number; assigned by the server, null while a ticket created offline is pending. */
  number: string | null;
  customer_id: string;
  conversation_id: string | null;
  title: string;
  description: string;
  category_id: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  assignee_id: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Columns of replica 0007 / server 0004 (SPEC §6). The order the refund or delivery concerns. */
  order_id: Generated<string | null>;
  /** The intent detected in the chat the ticket came from. */
  intent: Generated<string | null>;
  /** 三級問題池 1–3. */
  pool_level: Generated<number>;
  /** 升級 0–3. */
  escalation_level: Generated<number>;
  /** JSON Diagnosis (src/shared/tickets/process.ts). */
  diagnosis: Generated<string>;
  created_by: Generated<string | null>;
  /** When the customer was asked to confirm and rate (待確認). */
  survey_requested_at: Generated<string | null>;
  confirmed_at: Generated<string | null>;
  csat_score: Generated<number | null>;
  nps_score: Generated<number | null>;
}

/** A clock of the service process (SPEC §6), started and watched by the server. */
export interface TicketDeadlinesTable {
  id: string;
  ticket_id: string;
  kind: DeadlineKind;
  started_at: string;
  due_at: string;
  warn_at: string;
  warned_at: string | null;
  breached_at: string | null;
  met_at: string | null;
  updated_at: string;
  /** The milestone that stops this clock, as the server's configuration said when it started it (replica 0011 / server 0009). */
  met_by: Generated<Milestone | null>;
}

/** A refund or compensation: approved at once within the actor's authority, else a supervisor decides. */
export interface ApprovalsTable {
  id: string;
  ticket_id: string;
  kind: ApprovalKind;
  amount_fen: number;
  order_id: string | null;
  reason: string;
  status: ApprovalStatus;
  /** 1 when it was within the requester's own authority. */
  within_limit: number;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

/** 權限邊界: a row for a user overrides the row for their role. */
export interface AuthorityLimitsTable {
  id: string;
  role: Role | null;
  user_id: string | null;
  kind: ApprovalKind;
  max_fen: number;
  updated_at: string;
}

/** A follow-up the owner must act on (contact the customer within 1 h), raised by the server's rules. */
export interface TicketAlertsTable {
  id: string;
  ticket_id: string;
  rule: AlertRule;
  raised_at: string;
  contact_due_at: string;
  done_at: string | null;
  done_by: string | null;
  done_note: string | null;
}

export interface TicketEventsTable {
  id: string;
  ticket_id: string;
  actor_id: string | null;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  note: string | null;
  created_at: string;
}

export interface ScriptsTable {
  id: string;
  title: string;
  body: string;
  category: ScriptCategory;
  stage: ScriptStage | null;
  /** JSON string[] */
  keywords: string;
  status: ContentStatus;
  version: number;
  usage_count: number;
  updated_at: string;
}

/** Workflow state of one script version (SPEC §4): draft → review → published, or back with a reason. */
export type ScriptVersionStatus = 'draft' | 'review' | 'rejected' | 'published' | 'retired';

/**
 * Every version of every script (replica 0009 / server 0007). A script is in force while
 * `scripts` has its row, which holds the content of its published version.
 */
export interface ScriptVersionsTable {
  id: string;
  script_id: string;
  version: number;
  title: string;
  body: string;
  category: ScriptCategory;
  stage: ScriptStage | null;
  /** JSON string[] */
  keywords: string;
  /** The author's note on what this version changes. */
  change_note: string;
  status: ScriptVersionStatus;
  author_id: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  reviewer_id: string | null;
  reviewed_at: string | null;
  /** Why the reviewer sent it back. */
  review_note: string | null;
  published_at: string | null;
}

/** How one script version did, counted by the server's triggers from the messages sent with it. */
export interface ScriptUsageTable {
  /** `${script_id}@${version}` */
  id: string;
  script_id: string;
  version: number;
  /** Sent messages made from it. */
  uses: number;
  /** Chats it was used in. */
  chats: number;
  /** Of those, chats whose customer rated the service, and rated it 4 or 5 of 5. */
  rated_chats: number;
  good_chats: number;
  last_used_at: string | null;
}

export type ReplyRuleFamily = 'absolute_claim' | 'vague' | 'cold' | 'forbidden_when_upset' | 'over_authority';

/** An admin's version of one word group of the reply check, replacing the built-in one (or added). */
export interface ReplyRuleGroupsTable {
  /** `${family}/${group_id}` */
  id: string;
  family: ReplyRuleFamily;
  group_id: string;
  /** JSON string[]: the words found; either Chinese script. */
  terms: string;
  /** JSON string[]: longer words containing a term that are fine. */
  except_words: string;
  suggestion_hans: string | null;
  suggestion_hant: string | null;
  /** 0: the group is switched off. */
  enabled: number;
  /** 1 when it replaces a group of resources/lexicons/reply-rules.json. */
  built_in: number;
  /** Edits so far: 1 after the first. */
  version: number;
  updated_by: string;
  updated_at: string;
}

export interface KbCategoriesTable {
  id: string;
  parent_id: string | null;
  name: string;
  level: number;
  sort: number;
}

export interface KbArticlesTable {
  id: string;
  category_id: string;
  title: string;
  body: string;
  notes: string;
  /** JSON {title, url}[] */
  links: string;
  /** JSON string[]: alternative phrasings of the question. */
  questions: string;
  /** 'published' once any version is; what agents receive and search. */
  status: ContentStatus;
  /** The published version shown here; 0 while never published. */
  version: number;
  updated_at: string;
  /** Columns of replica 0010 / server 0008 (docs/knowledge-base.md): the review schedule. */
  review_every_months: Generated<number>;
  review_due_at: Generated<string | null>;
  /** Last published or confirmed unchanged, and by whom. */
  reviewed_at: Generated<string | null>;
  reviewed_by: Generated<string | null>;
}

/** One proposed or published version of a KB article (src/shared/kb/workflow.ts). */
export interface KbRevisionsTable {
  id: string;
  article_id: string;
  /** The published version it was written from; 0 for a new article. */
  base_version: number;
  /** Its version number once published. */
  version: number | null;
  status: RevisionStatus;
  category_id: string;
  title: string;
  body: string;
  notes: string;
  /** JSON {title, url}[] */
  links: string;
  /** JSON string[] */
  questions: string;
  change_note: string;
  /** null for versions from before versioning. */
  author_id: string | null;
  /** JSON string[]: everyone who wrote any of it. */
  editors: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  submitted_by: string | null;
  decided_at: string | null;
  decided_by: string | null;
  /** The reviewer's note, a rejection's reason or an urgent update's reason. */
  decision_note: string | null;
  /** 1: published at once by an admin, to be reviewed after the fact. */
  urgent: number;
  post_reviewed_at: string | null;
  post_reviewed_by: string | null;
  post_review_note: string | null;
}

/** An agent telling the reviewers that an answer is wrong or outdated. */
export interface KbFeedbackTable {
  id: string;
  article_id: string;
  /** The version the agent read. */
  article_version: number;
  kind: FeedbackKind;
  comment: string;
  reported_by: string;
  reported_at: string;
  status: FeedbackStatus;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
}

export interface DomainTables {
  users: UsersTable;
  skill_groups: SkillGroupsTable;
  group_members: GroupMembersTable;
  customers: CustomersTable;
  orders: OrdersTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  conversation_participants: ConversationParticipantsTable;
  conversation_events: ConversationEventsTable;
  ticket_categories: TicketCategoriesTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  ticket_deadlines: TicketDeadlinesTable;
  approvals: ApprovalsTable;
  authority_limits: AuthorityLimitsTable;
  ticket_alerts: TicketAlertsTable;
  scripts: ScriptsTable;
  kb_categories: KbCategoriesTable;
  kb_articles: KbArticlesTable;
  script_versions: ScriptVersionsTable;
  script_usage: ScriptUsageTable;
  reply_rule_groups: ReplyRuleGroupsTable;
  kb_revisions: KbRevisionsTable;
  kb_feedback: KbFeedbackTable;
}

/** Local-only tables of the desktop replica: never synced as rows. */
export interface OutboxTable {
  seq: Generated<number>;
  mutation_id: string;
  name: string;
  /** JSON of the validated mutation arguments. */
  args: string;
  created_at: string;
  status: 'pending' | 'rejected';
  error: string | null;
}

export interface SyncStateTable {
  key: string;
  value: string;
}

export interface DraftsTable {
  conversation_id: string;
  body: string;
  updated_at: string;
  /** The script the draft was made from (migration 0009). */
  script_id: string | null;
  script_version: number | null;
}

/** Set to a mutation's outbox seq while it runs locally, so triggers can tag its undo images. */
export interface UndoCaptureTable {
  id: number;
  mutation_seq: number | null;
}

/** Before-images of rows touched by pending local mutations (migration 0002). */
export interface UndoLogTable {
  id: Generated<number>;
  mutation_seq: number;
  table_name: string;
  /** JSON object of the primary key columns. */
  row_key: string;
  /** JSON object of the whole row before the change; null when the mutation inserted it. */
  old_row: string | null;
}

export interface ReplicaDatabase extends DomainTables {
  outbox: OutboxTable;
  sync_state: SyncStateTable;
  drafts: DraftsTable;
  undo_capture: UndoCaptureTable;
  undo_log: UndoLogTable;
}

export type DomainTableName = keyof DomainTables;

/** Primary key columns of every domain table: what sync changes and undo images are keyed by. */
export const DOMAIN_TABLE_KEYS: Record<DomainTableName, readonly string[]> = {
  users: ['id'],
  skill_groups: ['id'],
  group_members: ['group_id', 'user_id'],
  customers: ['id'],
  orders: ['id'],
  conversations: ['id'],
  messages: ['id'],
  conversation_participants: ['id'],
  conversation_events: ['id'],
  ticket_categories: ['id'],
  tickets: ['id'],
  ticket_events: ['id'],
  ticket_deadlines: ['id'],
  approvals: ['id'],
  authority_limits: ['id'],
  ticket_alerts: ['id'],
  scripts: ['id'],
  kb_categories: ['id'],
  kb_articles: ['id'],
  script_versions: ['id'],
  script_usage: ['id'],
  reply_rule_groups: ['id'],
  kb_revisions: ['id'],
  kb_feedback: ['id'],
};

/**
 * Every domain table, parents before children: the order of bootstrap pages and of puts within
 * a page on the server, and (reversed) the order a replica empties its tables in.
 */
export const DOMAIN_TABLES_PARENTS_FIRST: readonly DomainTableName[] = [
  'users',
  'skill_groups',
  'group_members',
  'customers',
  'orders',
  'conversations',
  'messages',
  'conversation_participants',
  'conversation_events',
  'ticket_categories',
  'tickets',
  'ticket_events',
  'ticket_deadlines',
  'approvals',
  'authority_limits',
  'ticket_alerts',
  'scripts',
  'kb_categories',
  'kb_articles',
  'script_versions',
  'script_usage',
  'reply_rule_groups',
  'kb_revisions',
  'kb_feedback',
];

/** History rows never change once written (SQLite/PostgreSQL triggers refuse updates). */
export const APPEND_ONLY_TABLES: ReadonlySet<DomainTableName> = new Set(['messages', 'ticket_events', 'conversation_events']);
export type ReplicaTableName = keyof ReplicaDatabase;

export const REPLICA_TABLE_NAMES = [
  ...DOMAIN_TABLES_PARENTS_FIRST,
  'outbox',
  'sync_state',
  'drafts',
  'undo_capture',
  'undo_log',
] as const satisfies readonly ReplicaTableName[];

// Fails to compile when a table is added to ReplicaDatabase but not to the lists above.
type MissingTable = Exclude<ReplicaTableName, (typeof REPLICA_TABLE_NAMES)[number]>;
export const REPLICA_TABLES_COMPLETE: MissingTable extends never ? true : MissingTable = true;
