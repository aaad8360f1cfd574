import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type ChannelOutput } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/create-core';
import { migrateReplica, openReplicaDatabase, type Replica } from '../../src/main/core/db/open-replica';
import { createKbSearch, RANK_WINDOW, type KbSearch } from '../../src/main/core/search/kb-search';
import { fixedClock, silentLog } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';

interface ArticleFixture {
  id: string;
  title: string;
  body?: string;
  questions?: string[];
  notes?: string;
  status?: 'draft' | 'review' | 'published';
  category?: string;
}

describe('knowledge-base search', () => {
  let replica: Replica;
  let kb: KbSearch;

  beforeEach(async () => {
    replica = openReplicaDatabase({ file: ':memory:' });
    await migrateReplica(replica.db);
    replica.sqlite.exec(`insert into kb_categories (id, parent_id, name, level, sort) values
      ('c1', null, '服務政策', 1, 0), ('c2', 'c1', '退換貨與退款', 2, 0), ('c3', 'c2', '退款時效', 3, 0)`);
    kb = createKbSearch(replica.sqlite);
  });
  afterEach(async () => replica.close());

  const insert = (...articles: ArticleFixture[]) => {
    const statement = replica.sqlite.prepare(
      `insert into kb_articles (id, category_id, title, body, notes, links, questions, status, version, updated_at)
       values (?, ?, ?, ?, ?, '[]', ?, ?, 1, ?)`,
    );
    for (const a of articles) {
      statement.run(a.id, a.category ?? 'c3', a.title, a.body ?? '', a.notes ?? '', JSON.stringify(a.questions ?? []), a.status ?? 'published', NOW);
    }
  };
  const ids = (query: string, options?: Parameters<KbSearch['search']>[1]) => kb.search(query, options).map((h) => h.id);

  it('finds a two-character term (退款), which FTS5 trigram matching cannot', () => {
    insert({ id: 'refund', title: '到账时效', body: '审核通过后退款原路退回。' }, { id: 'other', title: '物流说明', body: '快递一般三天送达。' });
    expect(ids('退款')).toEqual(['refund']);
    expect(ids('送达')).toEqual(['other']);
  });

  it('matches traditional and simplified both ways, 帳號/賬號/账号 included', () => {
    insert(
      { id: 'hant-tw', title: '帳號被鎖定怎麼辦', body: '連續輸錯密碼五次後帳號會被鎖定。' },
      { id: 'hant-hk', title: '賬號安全設定', body: '請開啟登錄保護。' },
      { id: 'hans', title: '账号注销须知', body: '注销后订单记录无法恢复。' },
      { id: 'unrelated', title: '发票抬头', body: '企业抬头需填写税号。' },
    );
    for (const query of ['账号', '帳號', '賬號', '帐号']) {
      expect(ids(query).sort(), query).toEqual(['hans', 'hant-hk', 'hant-tw']);
    }
    expect(ids('發票')).toEqual(['unrelated']);
    expect(ids('訂單記錄')).toEqual(['hans']);
  });

  it('requires every term of a multi-term query, and ranks articles with more of them first in "any" mode', () => {
    insert(
      { id: 'both', title: '退款与物流', body: '退款需要等物流签收后处理。' },
      { id: 'refund-only', title: '退款规则', body: '退款原路退回。' },
      { id: 'logistics-only', title: '物流规则', body: '物流三天内更新。' },
    );
    expect(ids('退款 物流')).toEqual(['both']);
    expect(ids('退款 發票')).toEqual([]);
    const any = ids('退款 物流', { match: 'any' });
    expect(any[0]).toBe('both');
    expect(any.sort()).toEqual(['both', 'logistics-only', 'refund-only']);
  });

  it('matches a longer term as a phrase, not as scattered characters', () => {
    insert({ id: 'phrase', title: 'A', body: '请查看退款流程说明。' }, { id: 'scattered', title: 'B', body: '退款之前请了解售后流程。' });
    expect(ids('退款流程')).toEqual(['phrase']);
    expect(ids('退款 流程').sort()).toEqual(['phrase', 'scattered']);
  });

  it('ranks a title match above an alternative phrasing, and both above the body', () => {
    insert(
      { id: 'body', title: '售后说明', body: '开票请在订单页申请发票,发票会发到邮箱,发票可报销。' },
      { id: 'question', title: '订单页功能', questions: ['怎么开发票'], body: '在订单页可以申请售后。' },
      { id: 'title', title: '电子发票开具', body: '订单完成后可以申请。' },
      // Articles without the term, as in any real knowledge base: bm25 weighs terms by their rarity.
      ...Array.from({ length: 10 }, (_, i) => ({ id: `filler-${i}`, title: `物流说明${i}`, body: '快递三天内送达。' })),
    );
    const hits = kb.search('发票');
    expect(hits.map((h) => h.id)).toEqual(['title', 'question', 'body']);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Infinity);
    expect(hits[1]?.score).toBeGreaterThan(hits[2]?.score ?? Infinity);
    expect(hits[1]?.score).toBeGreaterThanOrEqual(1);
    expect(hits[2]?.score).toBeLessThan(1);
  });

  it('keeps title matches on top even when thousands of newer articles mention the term in their body', () => {
    insert({ id: 'old-title', title: '价保规则', body: '下单后七天内降价可申请。' });
    insert(...Array.from({ length: RANK_WINDOW + 50 }, (_, i) => ({ id: `body-${i}`, title: `说明${i}`, body: `本商品支持价保服务,详情见规则页。第${i}号。` })));
    const hits = kb.search('价保', { limit: 5 });
    expect(hits).toHaveLength(5);
    expect(hits[0]?.id).toBe('old-title');
  });

  it('follows edits and deletes after a bulk load, which merges the index', () => {
    insert(...Array.from({ length: 1200 }, (_, i) => ({ id: `bulk-${i}`, title: `物流说明${i}`, body: '快递三天内送达。' })));
    expect(kb.refresh()).toBe(1200);
    expect(ids('物流说明8')).toEqual(['bulk-8']);
    replica.sqlite.prepare(`update kb_articles set title = '发票抬头', body = '企业抬头需填写税号。' where id = 'bulk-7'`).run();
    replica.sqlite.prepare(`delete from kb_articles where id = 'bulk-8'`).run();
    expect(ids('发票')).toEqual(['bulk-7']);
    expect(ids('物流说明7')).toEqual([]);
    expect(ids('物流说明8')).toEqual([]);
    expect(ids('物流说明9')).toEqual(['bulk-9']);
    expect(ids('送达')).toHaveLength(10);
  });

  it('shows published articles only', () => {
    insert(
      { id: 'draft', title: '退款新规(草稿)', status: 'draft' },
      { id: 'review', title: '退款新规(审核中)', status: 'review' },
      { id: 'live', title: '退款规则' },
    );
    expect(ids('退款')).toEqual(['live']);
    replica.sqlite.prepare(`update kb_articles set status = 'published' where id = 'review'`).run();
    expect(ids('退款').sort()).toEqual(['live', 'review']);
    replica.sqlite.prepare(`update kb_articles set status = 'draft' where id = 'live'`).run();
    expect(ids('退款')).toEqual(['review']);
  });

  it('follows inserts, updates and deletes made by any writer', () => {
    insert({ id: 'a1', title: '积分规则', body: '积分每年年底清零。' });
    expect(ids('积分')).toEqual(['a1']);
    replica.sqlite.prepare(`update kb_articles set title = '会员等级', body = '等级按消费金额计算。' where id = 'a1'`).run();
    expect(ids('积分')).toEqual([]);
    expect(ids('会员')).toEqual(['a1']);
    replica.sqlite.prepare(`update kb_articles set questions = '["积分怎么用"]' where id = 'a1'`).run();
    expect(ids('积分')).toEqual(['a1']);
    replica.sqlite.prepare(`delete from kb_articles where id = 'a1'`).run();
    expect(ids('会员')).toEqual([]);
    expect(replica.sqlite.prepare('select count(*) as n from kb_search_docs').get()).toEqual({ n: 0 });
  });

  it('finds single characters wherever they stand, Latin words in any case and width', () => {
    insert({ id: 'crash', title: 'APP闪退排查', body: '请先更新到最新版本后申请退' }, { id: 'none', title: '物流', body: '快递' });
    expect(ids('闪')).toEqual(['crash']);
    // 退 ends the run 申请退: it is found through the run's tail token.
    expect(ids('退')).toEqual(['crash']);
    expect(ids('app')).toEqual(['crash']);
    expect(ids('ＡＰＰ閃退')).toEqual(['crash']);
    expect(ids('iphone')).toEqual([]);
  });

  it('treats query syntax characters as separators and needs at least one word', () => {
    insert({ id: 'x', title: '退款', body: '退款' });
    expect(kb.search('  ,。!?  ')).toEqual([]);
    expect(ids('"退款"*')).toEqual(['x']);
    // "OR" is just a word here, not FTS5's operator: no article has it, so nothing matches.
    expect(ids('退款" OR "x')).toEqual([]);
  });

  it('gives a snippet around the first match in the article’s own script, and the category path', () => {
    insert({ id: 'a', title: '到賬時效', body: `${'一'.repeat(40)}信用卡退款以發卡銀行入賬時間為準。${'二'.repeat(80)}` });
    const [hit] = kb.search('退款');
    expect(hit?.snippet).toContain('信用卡退款');
    expect(hit?.snippet.startsWith('…')).toBe(true);
    expect(hit?.snippet.endsWith('…')).toBe(true);
    expect(hit?.categoryPath).toEqual(['服務政策', '退換貨與退款', '退款時效']);
  });
});

describe('knowledge channels of the core', () => {
  let core: Core;
  beforeEach(async () => {
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock(NOW), log: silentLog });
  });
  afterEach(async () => core.close());

  it('kb.search finds the demo article across scripts and kb.get returns it whole', async () => {
    const hits = (await core.invoke('kb.search', { query: '發票' })) as ChannelOutput<'kb.search'>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h, i) => i === 0 || (hits[i - 1]?.score ?? 0) >= h.score)).toBe(true);
    const first = hits[0];
    expect(first?.title).toMatch(/[发發]票/);
    const article = (await core.invoke('kb.get', { id: first?.id })) as ChannelOutput<'kb.get'>;
    expect(article.title).toBe(first?.title);
    expect(article.categoryPath).toEqual(first?.categoryPath);
    expect(article.questions.length).toBeGreaterThan(0);
  });

  it('kb.get hides an unpublished article from an agent', async () => {
    core.replica.sqlite.prepare(`update kb_articles set status = 'draft' where id = 'kb-a01'`).run();
    const error = await core.invoke('kb.get', { id: 'kb-a01' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).data.code).toBe('not_found');
    const hits = (await core.invoke('kb.search', { query: '七天无理由退货规则' })) as ChannelOutput<'kb.search'>;
    expect(hits.map((h) => h.id)).not.toContain('kb-a01');
  });

  it('refuses an empty query and an out-of-range limit', async () => {
    await expect(core.invoke('kb.search', { query: '   ' })).rejects.toMatchObject({ data: { code: 'invalid_input' } });
    await expect(core.invoke('kb.search', { query: '退款', limit: 0 })).rejects.toMatchObject({ data: { code: 'invalid_input' } });
  });

  it('scripts.list gives an agent published scripts only', async () => {
    const scripts = (await core.invoke('scripts.list', { statuses: ['draft', 'review', 'published'] })) as ChannelOutput<'scripts.list'>;
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((s) => s.status === 'published')).toBe(true);
    const consult = (await core.invoke('scripts.list', { category: 'consult' })) as ChannelOutput<'scripts.list'>;
    expect(consult.length).toBeGreaterThan(0);
    expect(consult.every((s) => s.category === 'consult')).toBe(true);
  });

  it('scripts.recommend reads the conversation: soothing first for the angry 12315 customer, the script in context after', async () => {
    // c-019: a refund half a month late, 12315 and Weibo threats; the customer is tagged 高投訴風險.
    const angry = (await core.invoke('scripts.recommend', { conversationId: 'c-019', emotion: 'angry' })) as ChannelOutput<'scripts.recommend'>;
    expect(angry[0]?.category).toBe('soothing');
    expect(angry.map((s) => s.id)).toContain('s-comp-03');
    const calm = (await core.invoke('scripts.recommend', { conversationId: 'c-011' })) as ChannelOutput<'scripts.recommend'>;
    expect(calm[0]?.id).toBe('s-tech-01');
    expect(calm.some((s) => s.category === 'soothing')).toBe(false);
    await expect(core.invoke('scripts.recommend', { conversationId: 'nope' })).rejects.toMatchObject({ data: { code: 'not_found' } });
  });
});
