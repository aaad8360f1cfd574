import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../migrations/server';
import type { ServerDatabase } from '../../src/server/db/schema';
import { TransactionalSqliteDialect } from '../../src/shared/db/transactional-sqlite-dialect';
import { postgresSchema } from './helpers';

const now = '2026-11-22T10:00:00.000Z';

describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0009-ticket-admin on %s', (backend) => {
  let db: Kysely<ServerDatabase>;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  let migrator: Migrator;

  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    db = schema
      ? new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: schema.url, max: 2 }) }) })
      : new Kysely<ServerDatabase>({ dialect: new TransactionalSqliteDialect({ database: new Database(':memory:') }) });
    const migrationTableSchema = schema ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
    migrator = new Migrator({ db, provider: { getMigrations: async () => serverMigrations }, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
    expect((await migrator.migrateTo('0005-conversation-status-index')).error).toBeUndefined();

    // What a server of the release before holds: a running clock, a chat with a satisfaction answer, a category.
    await db.insertInto('users').values({ id: 'u1', username: 'agent1', display_name: '李婷', agent_no: 'KF1001', role: 'agent', max_concurrent: 4, presence: 'online', updated_at: now }).execute();
    await db.insertInto('customers').values({ id: 'cu1', name: '张伟', phone: null, id_number: null, address: null, value_level: 3, tags: '[]', created_at: now, updated_at: now }).execute();
    for (const id of ['c1', 'c2']) {
      await db
        .insertInto('conversations')
        .values({ id, customer_id: 'cu1', channel: 'wechat', status: 'closed', group_id: null, assignee_id: 'u1', subject: '退款', created_at: now, updated_at: now, last_message_at: now, last_message_preview: '', waiting_since: null, unread_count: 0, first_response_at: null, closed_at: now })
        .execute();
    }
    await db.insertInto('csat_responses').values({ conversation_id: 'c1', customer_id: 'cu1', score: 4, created_at: now }).execute();
    await db.insertInto('ticket_categories').values({ id: 'tc-1', parent_id: null, name: '訂單服務', level: 1, sort: 0 }).execute();
    await db
      .insertInto('tickets')
      .values({ id: 't1', number: 'GD20261122-0001', customer_id: 'cu1', conversation_id: 'c1', title: '退款', description: '', category_id: null, status: 'in_progress', priority: 'normal', assignee_id: 'u1', created_at: now, updated_at: now, closed_at: null })
      .execute();
    for (const kind of ['escalation_3_statement', 'follow_up_contact']) {
      await db
        .insertInto('ticket_deadlines')
        .values({ id: `t1:${kind}`, ticket_id: 't1', kind: kind as never, started_at: now, due_at: now, warn_at: now, warned_at: null, breached_at: null, met_at: null, updated_at: now } as never)
        .execute();
    }
    expect((await migrator.migrateTo('0009-ticket-admin')).error).toBeUndefined();
  });
  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  it('gives running clocks the standard’s milestone, so recording it stops them as before', async () => {
    const rows = await db.selectFrom('ticket_deadlines').select(['kind', 'met_by']).orderBy('kind').execute();
    expect(rows).toEqual([
      { kind: 'escalation_3_statement', met_by: 'public_statement' },
      { kind: 'follow_up_contact', met_by: 'customer_contacted' },
    ]);
  });

  it('copies the chats’ satisfaction answers onto the synced conversations, and checks new ones are 1–5', async () => {
    const rows = await db.selectFrom('conversations').select(['id', 'csat_score']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'c1', csat_score: 4 },
      { id: 'c2', csat_score: null },
    ]);
    await expect(db.updateTable('conversations').set({ csat_score: 6 }).where('id', '=', 'c2').execute()).rejects.toThrow();
  });

  it('keeps existing categories in use (not retired)', async () => {
    expect(await db.selectFrom('ticket_categories').select(['id', 'retired_at']).execute()).toEqual([{ id: 'tc-1', retired_at: null }]);
  });

  it('records channel surveys once per ticket entry and once per carrying message', async () => {
    await db.insertInto('messages').values({ id: 'm1', conversation_id: 'c1', sender_kind: 'bot', sender_id: null, body: '请确认', channel: 'wechat', created_at: now }).execute();
    const survey = { id: `t1:${now}`, ticket_id: 't1', conversation_id: 'c1', customer_id: 'cu1', channel: 'wechat', message_id: 'm1', sent_at: now, answered_at: null };
    await db.insertInto('channel_surveys').values(survey).execute();
    await expect(db.insertInto('channel_surveys').values(survey).execute()).rejects.toThrow();
    await expect(db.insertInto('channel_surveys').values({ ...survey, id: 't1:later' }).execute()).rejects.toThrow();
  });
});
