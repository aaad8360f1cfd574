import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect, withPreparedStatementCache } from '../../src/shared/db/transactional-sqlite-dialect';

/** Counts what reaches better-sqlite3's prepare. */
function countingDatabase() {
  const sqlite = new Database(':memory:');
  const prepared: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  return {
    sqlite,
    prepared,
    database: { close: () => sqlite.close(), prepare: (text: string) => (prepared.push(text), prepare(text)) },
  };
}

describe('kysely over SQLite keeps its statements prepared', () => {
  it('the same query is prepared once however often it runs, and gives each run its own answer', async () => {
    const { sqlite, prepared, database } = countingDatabase();
    sqlite.exec('create table notes (id integer primary key, body text)');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a throwaway schema
    const db = new Kysely<any>({ dialect: new TransactionalSqliteDialect({ database }) });
    for (let i = 1; i <= 5; i++) await db.insertInto('notes').values({ id: i, body: `第${i}条` }).execute();
    const bodies = [];
    for (let i = 1; i <= 5; i++) bodies.push((await db.selectFrom('notes').select('body').where('id', '=', i).executeTakeFirstOrThrow()).body);
    expect(bodies).toEqual(['第1条', '第2条', '第3条', '第4条', '第5条']);
    expect(prepared.filter((text) => text.startsWith('insert'))).toHaveLength(1);
    expect(prepared.filter((text) => text.startsWith('select'))).toHaveLength(1);
    await db.destroy();
  });

  it('a kept statement sees a changed schema', async () => {
    const { sqlite, database } = countingDatabase();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a throwaway schema
    const db = new Kysely<any>({ dialect: new TransactionalSqliteDialect({ database }) });
    sqlite.exec("create table t (a text); insert into t values ('x')");
    expect((await sql`select * from t`.execute(db)).rows).toEqual([{ a: 'x' }]);
    sqlite.exec("alter table t add column b text default 'y'");
    expect((await sql`select * from t`.execute(db)).rows).toEqual([{ a: 'x', b: 'y' }]);
    await db.destroy();
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const { prepared, database } = countingDatabase();
    const cached = withPreparedStatementCache(database, 2);
    for (const text of ['select 1', 'select 2', 'select 1', 'select 3', 'select 1', 'select 2']) cached.prepare(text);
    // "select 2" was the least recently used when "select 3" came, so it had to be prepared again.
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
    cached.close();
  });

  it('a statement still iterating is not handed out again', () => {
    const { sqlite, database } = countingDatabase();
    sqlite.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const cached = withPreparedStatementCache(database);
    const rows = cached.prepare('select n from t').iterate([]);
    expect(rows.next().value).toEqual({ n: 1 });
    // better-sqlite3 would refuse to run the busy statement; a second one runs beside it.
    expect(cached.prepare('select n from t').all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }]);
    cached.close();
  });
});
