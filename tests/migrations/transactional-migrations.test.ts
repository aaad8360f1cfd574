import Database from 'better-sqlite3';
import { Kysely, Migrator, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect } from '../../src/shared/db/transactional-sqlite-dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a throwaway schema
type AnyDb = Kysely<any>;

const tables = async (db: AnyDb) =>
  (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' order by name`.execute(db)).rows.map((r) => r.name);

describe('migrations on SQLite are all-or-nothing', () => {
  it('a migration that dies half-way leaves the database exactly as before, so the next start can migrate', async () => {
    const db: AnyDb = new Kysely({ dialect: new TransactionalSqliteDialect({ database: new Database(':memory:') }) });
    let crash = true;
    const migrations: Record<string, Migration> = {
      '0001-a': { up: async (m: AnyDb) => void (await m.schema.createTable('a').addColumn('id', 'text').execute()) },
      '0002-b': {
        up: async (m: AnyDb) => {
          await m.schema.createTable('b').addColumn('id', 'text').execute();
          if (crash) throw new Error('power loss');
        },
      },
    };
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });

    const failed = await migrator.migrateToLatest();
    expect(failed.error).toBeInstanceOf(Error);
    expect(await tables(db)).toEqual([]);

    crash = false;
    const retried = await migrator.migrateToLatest();
    expect(retried.error).toBeUndefined();
    expect(await tables(db)).toEqual(['a', 'b']);
    await db.destroy();
  });
});
