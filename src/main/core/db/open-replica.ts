import Database from 'better-sqlite3';
import { Kysely, Migrator, type MigrationResultSet } from 'kysely';
import { replicaMigrations } from '../../../../migrations/replica';
import type { ReplicaDatabase } from '../../../shared/db/replica-schema';
import { TransactionalSqliteDialect } from '../../../shared/db/transactional-sqlite-dialect';

export interface OpenReplicaOptions {
  /** Path of the SQLite file, or ':memory:'. */
  file: string;
  /**
   * A better-sqlite3 binary built for another runtime. Electron passes one built for its own
   * ABI so node_modules keeps the Node build the tests use.
   */
  nativeBinding?: string | undefined;
}

export interface Replica {
  sqlite: Database.Database;
  db: Kysely<ReplicaDatabase>;
  close(): Promise<void>;
}

export function openReplicaDatabase({ file, nativeBinding }: OpenReplicaOptions): Replica {
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  // WAL: readers never block the writer, and a crash mid-write leaves the last commit intact.
  sqlite.pragma('journal_mode = WAL');
  // FULL, not NORMAL: the outbox may hold the only copy of what the agent typed offline,
  // so a commit must survive power loss, not just an application crash.
  sqlite.pragma('synchronous = FULL');
  // Off on purpose: a replica holds only its user's scope, so a ticket of mine may point at a
  // conversation that is someone else's, and a sync page may end between parent and child.
  // Referential integrity is the central server's job; enforcing it here would wedge sync.
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<ReplicaDatabase>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
  return {
    sqlite,
    db,
    close: async () => {
      await db.destroy();
    },
  };
}

export function replicaMigrator(db: Kysely<ReplicaDatabase>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => replicaMigrations } });
}

/** Applies every pending migration in order; throws with the failing migration's name. */
export async function migrateReplica(db: Kysely<ReplicaDatabase>): Promise<MigrationResultSet> {
  const result = await replicaMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`replica migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}

export const REPLICA_SCHEMA_VERSION = Object.keys(replicaMigrations).sort().at(-1) ?? 'none';
