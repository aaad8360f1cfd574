import { SqliteAdapter, SqliteDialect, type DialectAdapter, type SqliteDatabase, type SqliteDialectConfig, type SqliteStatement } from 'kysely';

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Distinct statements kept prepared per connection; `in (…)` lists of every length each count as one. */
export const PREPARED_STATEMENTS_KEPT = 500;

/**
 * kysely prepares every query anew; at a few dozen statements per push and per pull that was a
 * fifth of the central server's CPU time in the live benchmark. The same SQL text gets the same
 * prepared statement (SQLite re-prepares it by itself after a schema change); the least recently
 * used one goes when the cache is full. A statement busy in a streamed query is not reused:
 * better-sqlite3 refuses to run a statement that is still iterating.
 */
export function withPreparedStatementCache(database: SqliteDatabase, capacity = PREPARED_STATEMENTS_KEPT): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql: string) {
      const cached = cache.get(sql);
      const statement = cached && !(cached as { busy?: boolean }).busy ? cached : database.prepare(sql);
      // Map order is the recency order: the statement just used moves to the end.
      cache.delete(sql);
      cache.set(sql, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

/**
 * kysely's SQLite adapter says DDL is not transactional, so its migrator runs migrations
 * outside a transaction and a crash (kill -9, power loss) mid-migration leaves a half-built
 * schema that the next start cannot migrate ("table already exists"). SQLite's DDL is
 * transactional: with this dialect all pending migrations commit together or not at all.
 * Its connection keeps statements prepared (see withPreparedStatementCache).
 */
export class TransactionalSqliteDialect extends SqliteDialect {
  constructor(config: SqliteDialectConfig & { database: SqliteDatabase }) {
    super({ ...config, database: withPreparedStatementCache(config.database) });
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
