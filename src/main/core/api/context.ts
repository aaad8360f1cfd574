import type { Kysely } from 'kysely';
import type { ReplicaDatabase, ReplicaTableName } from '../../../shared/db/replica-schema';
import type { MutationActor } from '../../../shared/mutations';
import type { SettingsStore } from '../settings-store';
import type { SyncSnapshot } from '../sync/sync-engine';

export interface Clock {
  now(): Date;
}

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export interface HandlerContext {
  db: Kysely<ReplicaDatabase>;
  clock: Clock;
  dataDir: string;
  settings: SettingsStore;
  /** The signed-in user of this replica. */
  actor(): Promise<MutationActor>;
  tablesChanged(tables: readonly ReplicaTableName[]): void;
  /** The sync engine's state, or null when the replica works without a server. */
  syncStatus(): SyncSnapshot | null;
  /** Push and pull now; resolves when done or failed (the state says which). */
  syncNow(): Promise<void>;
}

export const parseJsonArray = (value: string): string[] => {
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
};
