import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../migrations/server';
import type { ServerDatabase } from '../../src/server/db/schema';
import { postgresSchema } from './helpers';

const changed = '2026-10-31T08:00:00.000Z';

/**
 * Server migration 0008-kb-review on both dialects, stepped from 0005 with articles already
 * there: they get the revision they already are, a review date, and the change log announces
 * all of it so replicas that upgrade receive it.
 */
describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0008-kb-review on %s', (backend) => {
  let db: Kysely<ServerDatabase>;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  let before = 0;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    db = new Kysely<ServerDatabase>({
      dialect: schema ? new PostgresDialect({ pool: new pg.Pool({ connectionString: schema.url, max: 1 }) }) : new SqliteDialect({ database: new Database(':memory:') }),
    });
    // Kysely finds its bookkeeping tables in any schema it can see: pin them to this test's own.
    const migrationTableSchema = schema ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
    const migrateTo = async (name: string) => {
      const result = await new Migrator({ db, provider: { getMigrations: async () => serverMigrations }, ...(migrationTableSchema ? { migrationTableSchema } : {}) }).migrateTo(name);
      if (result.error) throw result.error;
    };
    await migrateTo('0005-conversation-status-index');
    await db.insertInto('users').values({ id: 'u1', username: 'agent1', display_name: '李婷', agent_no: 'KF1001', role: 'agent', max_concurrent: 4, presence: 'online', updated_at: changed }).execute();
    await db.insertInto('kb_categories').values({ id: 'c1', parent_id: null, name: '服務政策', level: 1, sort: 0 }).execute();
    const article = { category_id: 'c1', notes: '', links: '[]', questions: '["多久到账"]', updated_at: changed };
    await db.insertInto('kb_articles').values({ ...article, id: 'a-pub', title: '退款时效', body: '1-3个工作日', status: 'published', version: 2 }).execute();
    await db.insertInto('kb_articles').values({ ...article, id: 'a-draft', title: '分期付款', body: '满1000元可分期', status: 'draft', version: 1 }).execute();
    before = Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirstOrThrow()).max ?? 0);
    await migrateTo('0008-kb-review');
  });
  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  it('keeps a published article’s version as the start of its history and schedules its review a month on', async () => {
    const revisions = await db.selectFrom('kb_revisions').select(['id', 'article_id', 'version', 'base_version', 'status', 'body', 'author_id']).orderBy('id').execute();
    expect(revisions).toEqual([
      { id: 'a-draft:open', article_id: 'a-draft', version: null, base_version: 0, status: 'draft', body: '满1000元可分期', author_id: null },
      { id: 'a-pub:v2', article_id: 'a-pub', version: 2, base_version: 1, status: 'published', body: '1-3个工作日', author_id: null },
    ]);
    const articles = await db.selectFrom('kb_articles').select(['id', 'version', 'review_every_months', 'review_due_at', 'reviewed_at']).orderBy('id').execute();
    expect(articles).toEqual([
      { id: 'a-draft', version: 0, review_every_months: 1, review_due_at: null, reviewed_at: null },
      // 31 October + 1 month: the last day of November, not 1 December.
      { id: 'a-pub', version: 2, review_every_months: 1, review_due_at: '2026-11-30T08:00:00.000Z', reviewed_at: changed },
    ]);
  });

  it('announces the backfill: revisions to staff only, the articles with their old tags', async () => {
    const entries = await db.selectFrom('change_log').select(['tbl', 'row_id', 'tags']).where('change_no', '>', before).orderBy('change_no').execute();
    expect(entries).toEqual([
      { tbl: 'kb_revisions', row_id: 'a-pub:v2', tags: '|staff|' },
      { tbl: 'kb_articles', row_id: 'a-pub', tags: '|pub|pub|' },
      { tbl: 'kb_revisions', row_id: 'a-draft:open', tags: '|staff|' },
      { tbl: 'kb_articles', row_id: 'a-draft', tags: '|staff|staff|' },
    ]);
  });

  it('allows one open revision per article, any number of published ones', async () => {
    const revision = (id: string, status: 'draft' | 'review' | 'published', version: number | null) => ({
      id,
      article_id: 'a-pub',
      base_version: 2,
      version,
      status,
      category_id: 'c1',
      title: '退款时效',
      body: id,
      notes: '',
      links: '[]',
      questions: '[]',
      change_note: '',
      author_id: 'u1',
      editors: '["u1"]',
      created_at: changed,
      updated_at: changed,
      submitted_at: null,
      submitted_by: null,
      decided_at: null,
      decided_by: null,
      decision_note: null,
      urgent: 0,
      post_reviewed_at: null,
      post_reviewed_by: null,
      post_review_note: null,
    });
    await db.insertInto('kb_revisions').values(revision('r-open', 'draft', null)).execute();
    await expect(db.insertInto('kb_revisions').values(revision('r-second', 'review', null)).execute()).rejects.toThrow();
    await db.insertInto('kb_revisions').values(revision('r-v3', 'published', 3)).execute();
    expect(await db.selectFrom('kb_revisions').select('id').where('article_id', '=', 'a-pub').orderBy('id').execute()).toEqual([{ id: 'a-pub:v2' }, { id: 'r-open' }, { id: 'r-v3' }]);
    await expect(db.updateTable('kb_articles').set({ review_every_months: 25 }).where('id', '=', 'a-pub').execute()).rejects.toThrow();
  });

  it('tags feedback with its reporter', async () => {
    const from = Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirstOrThrow()).max ?? 0);
    await db
      .insertInto('kb_feedback')
      .values({ id: 'f1', article_id: 'a-pub', article_version: 2, kind: 'outdated', comment: '已改', reported_by: 'u1', reported_at: changed, status: 'open', resolved_by: null, resolved_at: null, resolution_note: null })
      .execute();
    await db.updateTable('kb_feedback').set({ status: 'fixed' }).where('id', '=', 'f1').execute();
    expect(await db.selectFrom('change_log').select(['tbl', 'row_id', 'tags']).where('change_no', '>', from).orderBy('change_no').execute()).toEqual([
      { tbl: 'kb_feedback', row_id: 'f1', tags: '|u:u1|' },
      { tbl: 'kb_feedback', row_id: 'f1', tags: '|u:u1|u:u1|' },
    ]);
    await expect(db.insertInto('kb_feedback').values({ id: 'f2', article_id: 'a-pub', article_version: 2, kind: 'rude', comment: 'x', reported_by: 'u1', reported_at: changed, status: 'open' } as never).execute()).rejects.toThrow();
  });
});
