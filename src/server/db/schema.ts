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

export interface ServerDatabase extends DomainTables {
  credentials: CredentialsTable;
  sessions: SessionsTable;
  clients: ClientsTable;
  mutation_rejections: MutationRejectionsTable;
  change_log: ChangeLogTable;
  sync_meta: SyncMetaTable;
}
