import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../migrations/server';
import type { ServerDatabase } from '../../src/server/db/schema';
import { postgresSchema, startTestServer, TestClient, type TestServer } from './helpers';

const now = '2026-11-22T10:00:00.000Z';

/**
 * Server migration 0002-compliance-overrides on both dialects. The database is stepped through
 * its history on one connection: the change-capture triggers of 0001 fire before the column
 * exists (PostgreSQL compiles and caches its trigger functions per session) and again after, so
 * the test shows they keep capturing messages without being recreated.
 */
describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0002-compliance-overrides on %s', (backend) => {
  let db: Kysely<ServerDatabase>;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    db = new Kysely<ServerDatabase>({
      dialect: schema
        ? new PostgresDialect({ pool: new pg.Pool({ connectionString: schema.url, max: 1 }) })
        : new SqliteDialect({ database: new Database(':memory:') }),
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  const migrateTo = async (name: string) => {
    const result = await new Migrator({ db, provider: { getMigrations: async () => serverMigrations } }).migrateTo(name);
    if (result.error) throw result.error;
  };
  const message = (id: string) => ({ id, conversation_id: 'c1', sender_kind: 'agent' as const, sender_id: 'u1', body: '我们是全网最低价', channel: 'web' as const, created_at: now });

  it('adds a nullable column that earlier messages leave empty, and messages with it are still captured and append-only', async () => {
    await migrateTo('0001-initial');
    await db.insertInto('users').values({ id: 'u1', username: 'agent1', display_name: '李婷', agent_no: 'KF1001', role: 'agent', max_concurrent: 4, presence: 'online', updated_at: now }).execute();
    await db.insertInto('customers').values({ id: 'cu1', name: '张伟', phone: null, id_number: null, address: null, value_level: 3, tags: '[]', created_at: now, updated_at: now }).execute();
    await db
      .insertInto('conversations')
      .values({ id: 'c1', customer_id: 'cu1', channel: 'web', status: 'active', group_id: null, assignee_id: 'u1', subject: '价格', created_at: now, updated_at: now, last_message_at: now, last_message_preview: '', waiting_since: null, unread_count: 0, first_response_at: null, closed_at: null })
      .execute();
    await db.insertInto('messages').values(message('m-before')).execute();

    await migrateTo('0002-compliance-overrides');
    await db.insertInto('messages').values({ ...message('m-after'), compliance_overrides: '["absolute_claim"]' }).execute();

    const rows = await db.selectFrom('messages').select(['id', 'compliance_overrides']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'm-after', compliance_overrides: '["absolute_claim"]' },
      { id: 'm-before', compliance_overrides: null },
    ]);
    const logged = await db.selectFrom('change_log').select(['tbl', 'row_id', 'tags']).where('tbl', '=', 'messages').orderBy('change_no').execute();
    expect(logged).toEqual([
      { tbl: 'messages', row_id: 'm-before', tags: '|u:u1|' },
      { tbl: 'messages', row_id: 'm-after', tags: '|u:u1|' },
    ]);
    await expect(db.updateTable('messages').set({ compliance_overrides: null }).where('id', '=', 'm-after').execute()).rejects.toThrow(/append-only/);
  });
});

describe('compliance overrides over the sync protocol', () => {
  let server: TestServer;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  afterEach(async () => {
    await server?.close();
    await schema?.drop();
    schema = undefined;
  });

  it.each(['SQLite', 'PostgreSQL'] as const)('a send-anyway pushed by one client reaches another client’s pull with its overrides (%s)', async (backend) => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    server = await startTestServer(schema ? { location: { databaseUrl: schema.url } } : {});
    const writer = await TestClient.signIn(server.url, 'agent1');
    const reader = await TestClient.signIn(server.url, 'agent1');
    await reader.sync();

    const send = writer.nextSend('c-001', '我保证明天一定到');
    const args = send.args as { id: string };
    const clean = writer.nextSend('c-001', '已为您催促仓库');
    const pushed = await writer.push([{ ...send, args: { ...args, overrides: ['over_authority'] } }, clean]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    await reader.sync();
    const rows = reader.replica.get('messages');
    expect(rows?.get(JSON.stringify([['id', args.id]]))?.compliance_overrides).toBe('["over_authority"]');
    expect(rows?.get(JSON.stringify([['id', (clean.args as { id: string }).id]]))?.compliance_overrides).toBeNull();
  });

  it('refuses overrides that are not reply-check rules or that repeat one', async () => {
    server = await startTestServer();
    const client = await TestClient.signIn(server.url, 'agent1');
    const bad = [['made_up_rule'], ['vague', 'vague']].map((overrides) => {
      const send = client.nextSend('c-001', '您好');
      return { ...send, args: { ...(send.args as object), overrides } };
    });
    const response = await client.push(bad);
    expect(response.results).toEqual([
      { seq: 1, status: 'rejected', messageKey: 'errors:mutation.invalid_args' },
      { seq: 2, status: 'rejected', messageKey: 'errors:mutation.invalid_args' },
    ]);
  });
});
