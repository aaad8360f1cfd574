import { SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * kysely's SQLite adapter says DDL is not transactional, so its migrator runs migrations
 * outside a transaction and a crash (kill -9, power loss) mid-migration leaves a half-built
 * schema that the next start cannot migrate ("table already exists"). SQLite's DDL is
 * transactional: with this dialect all pending migrations commit together or not at all.
 */
export class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
