import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrations } from '../../migrations/replica';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { createKbSearch } from '../../src/main/core/search/kb-search';
import { replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';
const THIS = '0003-kb-search';
/** Whatever migration precedes this one when the test runs. */
const PREVIOUS = Object.keys(replicaMigrations)
  .sort()
  .filter((name) => name < THIS)
  .at(-1);

describe('replica migration 0003-kb-search', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  async function insertArticles() {
    await replica.db.insertInto('kb_categories').values({ id: 'c1', parent_id: null, name: '服務政策', level: 1, sort: 0 }).execute();
    const article = { category_id: 'c1', notes: '', links: '[]', version: 1, updated_at: now };
    await replica.db
      .insertInto('kb_articles')
      .values([
        { ...article, id: 'a1', title: '退款多久到賬', body: '審核通過後原路退回。', questions: '["錢什麼時候退回來"]', status: 'published' },
        { ...article, id: 'a2', title: '账号被盗怎么办', body: '立即修改密码。', questions: '[]', status: 'published' },
        { ...article, id: 'a3', title: '退款新规', body: '草稿。', questions: '[]', status: 'draft' },
      ])
      .execute();
  }

  const tableNames = async () =>
    (await sql<{ name: string }>`select name from sqlite_master where type in ('table', 'trigger') and name like 'kb_%'`.execute(replica.db)).rows.map((r) => r.name);

  it('indexes the articles that existed before it, published only, in both scripts', async () => {
    expect(PREVIOUS).toBeDefined();
    replica = await replicaAt(PREVIOUS ?? '');
    await insertArticles();
    expect(await tableNames()).not.toContain('kb_search_dirty');

    const result = await replicaMigrator(replica.db).migrateTo(THIS);
    expect(result.error).toBeUndefined();
    expect(await tableNames()).toEqual(expect.arrayContaining(['kb_search_dirty', 'kb_search_docs', 'kb_search_head', 'kb_search_all', 'kb_articles_search_insert']));

    const kb = createKbSearch(replica.sqlite);
    expect(kb.search('退款').map((h) => h.id)).toEqual(['a1']);
    expect(kb.search('帳號').map((h) => h.id)).toEqual(['a2']);
    expect(kb.search('钱什么时候').map((h) => h.id)).toEqual(['a1']);
    expect(kb.search('草稿')).toEqual([]);
    const pending = await sql<{ n: number }>`select count(*) as n from kb_search_dirty`.execute(replica.db);
    expect(pending.rows[0]?.n).toBe(0);
  });

  it('queues articles written after it through triggers, without any application code', async () => {
    replica = await replicaAt(THIS);
    await insertArticles();
    const queued = await sql<{ article_id: string }>`select article_id from kb_search_dirty order by article_id`.execute(replica.db);
    expect(queued.rows.map((r) => r.article_id)).toEqual(['a1', 'a2', 'a3']);

    const kb = createKbSearch(replica.sqlite);
    expect(kb.refresh()).toBe(3);
    // Only columns the index reads queue an article again.
    await replica.db.updateTable('kb_articles').set({ version: 2 }).where('id', '=', 'a1').execute();
    expect(kb.refresh()).toBe(0);
    await replica.db.updateTable('kb_articles').set({ body: '三個工作日內到賬。' }).where('id', '=', 'a1').execute();
    expect(kb.refresh()).toBe(1);
    expect(kb.search('工作日').map((h) => h.id)).toEqual(['a1']);
  });
});
