import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResultSet } from 'kysely';
import { TransactionalSqliteDialect } from '../../shared/db/transactional-sqlite-dialect';
import pg from 'pg';
import { serverMigrations } from '../../../migrations/server';
import { highWaterMark } from '../sync/change-log';
import type { ServerDatabase } from './schema';

export type StoreDialect = 'sqlite' | 'postgres';

export type StoreLocation = { sqliteFile: string } | { databaseUrl: string };

export interface StoreLog {
  warn(message: string): void;
}

export interface Store {
  dialect: StoreDialect;
  db: Kysely<ServerDatabase>;
  /**
   * For work that only reads and must not queue behind writes: pulls and pokes. On a SQLite
   * file, a read-only connection of its own — in WAL mode it reads the last committed state
   * without waiting for the write connection, which a routing pass may hold for tens of
   * milliseconds. Elsewhere (PostgreSQL's pool, an in-memory SQLite nobody else can open)
   * the same object as `db`. It never sees uncommitted writes of `db`, so nothing that must
   * read its own transaction's writes belongs here.
   */
  readDb: Kysely<ServerDatabase>;
  /**
   * `listener(changeNo)` runs whenever changes up to `changeNo` are committed: on SQLite for
   * writes of this process, on PostgreSQL for writes of every instance sharing the database.
   */
  onCommitted(listener: (changeNo: number) => void): () => void;
  /** Tell listeners after a transaction of this process that may have written changes. */
  afterWrite(): Promise<void>;
  close(): Promise<void>;
}

/** Where `npm run server` keeps its SQLite store inside `--data-dir`. */
export const SQLITE_FILE_NAME = 'server.sqlite';

export function storeLocation(dataDir: string, databaseUrl: string | undefined): StoreLocation {
  if (databaseUrl) return { databaseUrl };
  mkdirSync(dataDir, { recursive: true });
  return { sqliteFile: join(dataDir, SQLITE_FILE_NAME) };
}

/** Opens the store and brings its schema up to date before anything else touches it. */
export async function openStore(location: StoreLocation, log: StoreLog): Promise<Store> {
  if ('sqliteFile' in location) return openSqlite(location.sqliteFile);
  return migrated(await openPostgres(location.databaseUrl, log));
}

async function migrated(store: Store): Promise<Store> {
  try {
    await migrateServer(store.db, store.dialect);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export async function migrateServer(db: Kysely<ServerDatabase>, dialect: StoreDialect): Promise<MigrationResultSet> {
  // kysely looks for its bookkeeping tables in every schema it can see: on a PostgreSQL shared
  // with another schema that has them, it would skip creating ours. Pin them to our own schema.
  const migrationTableSchema =
    dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => serverMigrations },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`server migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}

class Listeners {
  readonly #set = new Set<(changeNo: number) => void>();
  add(listener: (changeNo: number) => void): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }
  emit(changeNo: number): void {
    for (const listener of this.#set) listener(changeNo);
  }
}

async function openSqlite(file: string): Promise<Store> {
  const sqlite = new Database(file);
  // WAL keeps readers off the writer's back; FULL makes an acknowledged push survive power loss.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<ServerDatabase>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
  const listeners = new Listeners();
  const writer = await migrated({
    dialect: 'sqlite',
    db,
    readDb: db,
    onCommitted: (listener) => listeners.add(listener),
    // One process owns the file, so it alone knows when something was committed.
    afterWrite: async () => listeners.emit(await highWaterMark(db)),
    close: () => db.destroy(),
  });
  // `:memory:` is another, empty database on every connection: there the writer reads too.
  if (file === ':memory:' || file === '') return writer;
  // Opened after the migrations, on the final schema. Being a second Kysely instance, it has a
  // connection lock of its own: its transactions never queue behind the writer's.
  let reader: Database.Database;
  try {
    reader = new Database(file, { readonly: true });
  } catch (error) {
    await writer.close();
    throw error;
  }
  // A WAL reader waits only in rare moments (the WAL being restarted or recovered), never for a
  // write transaction; there it must wait as the writer would, not fail.
  reader.pragma('busy_timeout = 5000');
  const readDb = new Kysely<ServerDatabase>({ dialect: new TransactionalSqliteDialect({ database: reader }) });
  return {
    ...writer,
    readDb,
    // Called once the write has committed, so the reader sees it, and the announcement does not
    // wait for whatever write transaction (a routing pass) holds the writer by then.
    afterWrite: async () => listeners.emit(await highWaterMark(readDb)),
    close: async () => {
      await readDb.destroy();
      await db.destroy();
    },
  };
}

// int8 (counts, change numbers) would otherwise arrive as strings; ours stay far below 2^53.
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

async function openPostgres(connectionString: string, log: StoreLog): Promise<Store> {
  const pool = new pg.Pool({ connectionString, types: pgTypes, max: 10 });
  pool.on('error', (error) => log.warn(`postgres pool: ${error.message}`));
  const db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Listeners();
  let listener: PgListener;
  try {
    listener = await PgListener.start(connectionString, db, listeners, log);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    dialect: 'postgres',
    db,
    readDb: db,
    onCommitted: (fn) => listeners.add(fn),
    // The numbering trigger NOTIFYs at commit, for this instance and every other one.
    afterWrite: async () => {},
    close: async () => {
      await listener.stop();
      await db.destroy();
    },
  };
}

/**
 * The one connection that LISTENs on the schema's channel. NOTIFY is sent by the change
 * numbering trigger at commit, so every instance hears about every committed change. After a
 * lost connection it reconnects and reports the current high-water mark, covering whatever
 * notifications it missed meanwhile.
 */
class PgListener {
  #client: pg.Client | null = null;
  #stopped = false;
  #retryTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly connectionString: string,
    private readonly db: Kysely<ServerDatabase>,
    private readonly listeners: Listeners,
    private readonly log: StoreLog,
  ) {}

  static async start(connectionString: string, db: Kysely<ServerDatabase>, listeners: Listeners, log: StoreLog): Promise<PgListener> {
    const listener = new PgListener(connectionString, db, listeners, log);
    await listener.#connect();
    return listener;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, types: pgTypes });
    client.on('error', (error) => {
      this.log.warn(`postgres listener: ${error.message}`);
      this.#lost(client);
    });
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      const changeNo = Number(message.payload);
      if (Number.isSafeInteger(changeNo)) this.listeners.emit(changeNo);
    });
    try {
      await client.connect();
      const schema = await client.query<{ schema: string | null }>('select current_schema() as schema');
      const name = schema.rows[0]?.schema;
      if (!name) throw new Error('postgres: no current schema (check search_path in DATABASE_URL)');
      await client.query(`listen ${pg.escapeIdentifier(`cs_sync_${name}`)}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
  }

  #lost(client: pg.Client): void {
    if (this.#stopped || this.#client !== client) return;
    this.#client = null;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    this.#retryLater();
  }

  #retryLater(): void {
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#stopped) return;
      this.#connect()
        .then(async () => this.listeners.emit(await highWaterMark(this.db)))
        .catch((error: unknown) => {
          this.log.warn(`postgres listener reconnect failed: ${error instanceof Error ? error.message : String(error)}`);
          this.#retryLater();
        });
    }, 1000);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}
