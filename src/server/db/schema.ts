import type { ColumnType } from 'kysely';
import type { DomainTables } from '../../shared/db/replica-schema';

/** Server-only tables (migrations/server/0001-initial.ts); the domain tables are shared with the replica. */
export interface CredentialsTable {
  user_id: string;
  /** `scrypt$N$r$p$salt$hash`, salt and hash base64url. */
  password_hash: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the bearer token, base64url. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ClientsTable {
  client_id: string;
  user_id: string;
  last_seq: number;
  updated_at: string;
}

export interface MutationRejectionsTable {
  client_id: string;
  seq: number;
  user_id: string;
  name: string;
  message_key: string;
  created_at: string;
}

/** Written only by the capture triggers; change numbers are assigned by the database. */
export interface ChangeLogTable {
  change_no: ColumnType<number, never, never>;
  tbl: string;
  row_id: string;
  row_id2: string | null;
  tags: string;
  created_ms: ColumnType<number, never, never>;
}

export interface SyncMetaTable {
  key: 'purged_through' | 'last_change_no';
  value: number;
}

/** Server-only routing tables (migrations/server/0003-routing.ts); docs/routing.md. */
export interface ConversationLifecycleTable {
  conversation_id: string;
  locale: 'zh-CN' | 'zh-TW' | 'en';
  phase: 'bot' | 'human';
  bot_waiting_since: string | null;
  handed_over_at: string | null;
  queued_at: string | null;
  assigned_at: string | null;
  sla_reported_at: string | null;
  /** JSON string[] of user ids. */
  missed_by: ColumnType<string, string | undefined, string>;
  reminded_at: string | null;
}

export interface AgentRoutingTable {
  user_id: string;
  last_assigned_at: string;
}

export interface WidgetSessionsTable {
  /** SHA-256 of the customer's token, base64url. */
  token_hash: string;
  customer_id: string;
  locale: string;
  created_at: string;
}

export interface ChannelCustomersTable {
  channel: string;
  external_id: string;
  customer_id: string;
}

export interface InboundMessagesTable {
  channel: string;
  external_id: string;
  message_id: string;
  conversation_id: string;
  created_at: string;
}

/** Rows are inserted by the trigger of migration 0003, never by application code. */
export interface OutboundDeliveriesTable {
  message_id: string;
  conversation_id: string;
  channel: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface CsatResponsesTable {
  conversation_id: string;
  customer_id: string;
  score: number;
  created_at: string;
}

/** Server-only tables of migrations/server/0004-ticket-process.ts. */
export interface TicketCountersTable {
  /** Local date 'YYYYMMDD' of the numbering time zone. */
  day: string;
  last_no: number;
}

export type AuditActorKind = 'user' | 'customer' | 'channel' | 'system';

/** Append-only (triggers refuse update and delete). */
export interface AuditLogTable {
  id: ColumnType<number, never, never>;
  created_at: string;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  /** JSON. */
  detail: string;
  outcome: 'applied' | 'rejected';
  message_key: string | null;
  client_id: string | null;
  seq: number | null;
}

/** Closing surveys sent through a customer's channel (migrations/server/0009-ticket-admin.ts). */
export interface ChannelSurveysTable {
  /** `<ticket id>:<survey_requested_at>`. */
  id: string;
  ticket_id: string;
  conversation_id: string;
  customer_id: string;
  channel: string;
  /** The bot message that asked, delivered like any reply. */
  message_id: string;
  sent_at: string;
  /** When the customer said solved or not; scores alone leave it open. */
  answered_at: string | null;
}

export interface ServerDatabase extends DomainTables {
  credentials: CredentialsTable;
  sessions: SessionsTable;
  clients: ClientsTable;
  mutation_rejections: MutationRejectionsTable;
  change_log: ChangeLogTable;
  sync_meta: SyncMetaTable;
  conversation_lifecycle: ConversationLifecycleTable;
  agent_routing: AgentRoutingTable;
  widget_sessions: WidgetSessionsTable;
  channel_customers: ChannelCustomersTable;
  inbound_messages: InboundMessagesTable;
  outbound_deliveries: OutboundDeliveriesTable;
  csat_responses: CsatResponsesTable;
  ticket_counters: TicketCountersTable;
  audit_log: AuditLogTable;
  channel_surveys: ChannelSurveysTable;
}
