import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { createKbSearch } from '../../src/main/core/search/kb-search';
import { migrationBefore, replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0010-kb-review', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  const article = (id: string, body: string) => ({
    id,
    category_id: 'kb-c1',
    title: '退款到账时效',
    body,
    notes: '',
    links: '[]',
    questions: '["退款多久到账"]',
    status: 'published' as const,
    version: 1,
    updated_at: now,
  });
  const dirty = async () => (await sql<{ article_id: string }>`select article_id from kb_search_dirty order by article_id`.execute(replica.db)).rows.map((r) => r.article_id);

  it('keeps the articles already there, unscheduled until the server’s review dates arrive, and adds empty revision and feedback tables', async () => {
    replica = await replicaAt(migrationBefore('0010-kb-review'));
    await replica.db.insertInto('kb_articles').values(article('kb-before', '原路退回，1-3个工作日')).execute();
    const result = await replicaMigrator(replica.db).migrateTo('0010-kb-review');
    expect(result.error).toBeUndefined();
    const row = await replica.db.selectFrom('kb_articles').selectAll().where('id', '=', 'kb-before').executeTakeFirstOrThrow();
    expect(row).toEqual({ ...article('kb-before', '原路退回，1-3个工作日'), review_every_months: 1, review_due_at: null, reviewed_at: null, reviewed_by: null });
    expect(await replica.db.selectFrom('kb_revisions').selectAll().execute()).toEqual([]);
    expect(await replica.db.selectFrom('kb_feedback').selectAll().execute()).toEqual([]);
  });

  it('still indexes exactly the published text when a new version lands, and leaves the index alone for schedule changes', async () => {
    replica = await replicaAt('0010-kb-review');
    const search = createKbSearch(replica.sqlite);
    await replica.db.insertInto('kb_articles').values(article('kb-1', '原路退回，1-3个工作日到账')).execute();
    expect(search.search('工作日').map((h) => h.id)).toEqual(['kb-1']);

    // A new version arriving by sync rewrites the article row: the old text leaves the index.
    await replica.db.updateTable('kb_articles').set({ body: '原路退回，24小时内到账', version: 2 }).where('id', '=', 'kb-1').execute();
    expect(await dirty()).toEqual(['kb-1']);
    expect(search.search('24小时').map((h) => h.id)).toEqual(['kb-1']);
    expect(search.search('工作日')).toEqual([]);

    await replica.db.updateTable('kb_articles').set({ review_due_at: now, reviewed_at: now, review_every_months: 3 }).where('id', '=', 'kb-1').execute();
    expect(await dirty()).toEqual([]);

    // Revisions are never searched, whatever their text.
    await replica.db
      .insertInto('kb_revisions')
      .values({ id: 'r1', article_id: 'kb-1', base_version: 2, version: null, status: 'draft', category_id: 'kb-c1', title: '退款到账时效', body: '草稿：即时到账', author_id: 'u1', created_at: now, updated_at: now } as never)
      .execute();
    expect(search.search('即时到账')).toEqual([]);
  });

  it('records before-images with the new columns and of the new tables, so a rebase can take a local change back', async () => {
    replica = await replicaAt('0010-kb-review');
    await replica.db.insertInto('kb_articles').values({ ...article('kb-1', '正文'), review_due_at: now }).execute();
    await sql`update undo_capture set mutation_seq = 7 where id = 1`.execute(replica.db);
    await replica.db.updateTable('kb_articles').set({ review_due_at: null }).where('id', '=', 'kb-1').execute();
    await replica.db
      .insertInto('kb_feedback')
      .values({ id: 'f1', article_id: 'kb-1', article_version: 1, kind: 'wrong', comment: '不对', reported_by: 'u1', reported_at: now, status: 'open', resolved_by: null, resolved_at: null, resolution_note: null })
      .execute();
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(replica.db);

    const entries = await replica.db.selectFrom('undo_log').selectAll().orderBy('id').execute();
    expect(entries.map((e) => [e.mutation_seq, e.table_name, e.row_key, e.old_row === null])).toEqual([
      [7, 'kb_articles', JSON.stringify({ id: 'kb-1' }), false],
      [7, 'kb_feedback', JSON.stringify({ id: 'f1' }), true],
    ]);
    expect(JSON.parse(entries[0]?.old_row ?? '{}')).toMatchObject({ id: 'kb-1', review_due_at: now, review_every_months: 1 });
  });

  it('queues a pulled new version for the index: the sync engine’s upsert of an article the replica already has', async () => {
    replica = await replicaAt('0010-kb-review');
    const search = createKbSearch(replica.sqlite);
    await replica.db.insertInto('kb_articles').values(article('kb-1', '原路退回，1-3个工作日到账')).execute();
    search.refresh();
    // As RowWriter.put writes a row from a sync page (src/main/core/sync/rebase.ts).
    const upsert = replica.sqlite.prepare(`insert into kb_articles (id, category_id, title, body, notes, links, questions, status, version, updated_at)
      values (@id, @category_id, @title, @body, @notes, @links, @questions, @status, @version, @updated_at)
      on conflict (id) do update set body = excluded.body, version = excluded.version`);
    upsert.run({ ...article('kb-1', '原路退回，24小时内到账'), version: 2 });
    upsert.run({ ...article('kb-1', '原路退回，12小时内到账'), version: 3 });
    expect(await dirty()).toEqual(['kb-1']);
    expect(search.search('12小时').map((h) => h.id)).toEqual(['kb-1']);
    expect(search.search('24小时')).toEqual([]);
  });

  it('adds triggers for the new tables and recreates the article undo and search triggers', async () => {
    const triggers = async (r: Replica) => (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by name`.execute(r.db)).rows;
    const old = await replicaAt(migrationBefore('0010-kb-review'));
    const earlier = await triggers(old);
    await old.close();
    replica = await replicaAt('0010-kb-review');
    const later = await triggers(replica);
    const added = later.filter((t) => !earlier.some((e) => e.name === t.name)).map((t) => t.name);
    expect(added).toEqual(['undo_kb_feedback_delete', 'undo_kb_feedback_insert', 'undo_kb_feedback_update', 'undo_kb_revisions_delete', 'undo_kb_revisions_insert', 'undo_kb_revisions_update']);
    const changed = later.filter((t) => earlier.some((e) => e.name === t.name && e.sql !== t.sql)).map((t) => t.name);
    expect(changed).toEqual(['kb_articles_search_delete', 'kb_articles_search_insert', 'kb_articles_search_update', 'undo_kb_articles_delete', 'undo_kb_articles_update']);
  });
});
