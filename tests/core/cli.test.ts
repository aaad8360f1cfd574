import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/create-core';
import replyCheckZhCN from '../../src/shared/i18n/locales/zh-CN/reply-check.json';
import { runCli, type CliRun } from '../support/cli-process';
import { fixedClock, silentLog, tempDir } from '../support/replica';


const json = (run: CliRun): unknown => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
};

describe('npm run cli', () => {
  const dir = tempDir('cli');
  const dataDir = join(dir.path, 'replica');
  const inDir = (...args: string[]) => runCli('--data-dir', dataDir, ...args);
  const countArticles = () => {
    const db = new Database(join(dataDir, 'replica.sqlite'), { readonly: true });
    try {
      return (db.prepare('select count(*) as n from kb_articles').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    const core = await createCore({ dataDir, demo: true, clock: fixedClock('2026-11-22T10:00:00.000Z'), log: silentLog });
    // Imports are an editor's change: the replica the CLI writes into is an admin's.
    await core.replica.db.updateTable('sync_state').set({ value: 'u-admin-1' }).where('key', '=', 'user_id').execute();
    await core.close();
  });
  afterAll(() => dir.remove());

  it('imports a JSONL file idempotently, creating categories by path, and finds the articles', async () => {
    const file = join(dir.path, 'articles.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'imp-1', title: '海外倉發貨時效', body: '海外倉商品下單後3個工作日內發出。', category: ['服务政策', '物流配送', '海外仓'], questions: ['海外仓多久发货'] }),
        '',
        JSON.stringify({ id: 'imp-2', title: '积分兑换规则', body: '每100积分抵扣1元。', category: ['产品知识'], questions: [] }),
      ].join('\n'),
    );
    const before = countArticles();
    // 服务政策 › 物流配送 and 产品知识 exist (as 服務政策 …, 產品知識): only 海外仓 is new.
    expect(json(await inDir('kb', 'import', file, '--json'))).toEqual({ total: 2, created: 2, updated: 0, unchanged: 0, categoriesCreated: 1 });
    expect(countArticles()).toBe(before + 2);
    expect(json(await inDir('kb', 'import', file, '--json'))).toEqual({ total: 2, created: 0, updated: 0, unchanged: 2, categoriesCreated: 0 });
    expect(countArticles()).toBe(before + 2);
    writeFileSync(file, JSON.stringify({ id: 'imp-2', title: '积分兑换规则', body: '每100积分抵扣1元，积分年底清零。', category: ['产品知识'] }));
    expect(json(await inDir('kb', 'import', file, '--json'))).toEqual({ total: 1, created: 0, updated: 1, unchanged: 0, categoriesCreated: 0 });
    expect((json(await inDir('kb', 'search', '年底清零', '--json')) as { id: string }[]).map((h) => h.id)).toEqual(['imp-2']);

    const hits = json(await inDir('kb', 'search', '海外仓', '--json')) as { id: string }[];
    expect(hits[0]).toEqual({ id: 'imp-1', title: '海外倉發貨時效', score: expect.any(Number) });
    const table = await inDir('kb', 'search', '海外仓');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/标题/);
    expect(table.stdout).toMatch(/imp-1 +海外倉發貨時效 +服務政策 › 物流配送 › 海外仓/);
  });

  it('refuses a file with a bad line, naming the line, and imports nothing from it', async () => {
    const file = join(dir.path, 'bad.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'bad-1', title: '正常的一行', body: '内容', category: ['服务政策'] }),
        JSON.stringify({ id: 'bad-2', title: '', body: '内容', category: ['服务政策'] }),
        '{not json',
      ].join('\n'),
    );
    const before = countArticles();
    const run = await inDir('kb', 'import', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/第 2 行：字段 title/);
    expect(run.stderr).toMatch(/第 3 行：不是有效的 JSON/);
    expect(run.stderr).not.toMatch(/第 1 行/);
    expect(run.stdout).toBe('');
    expect(countArticles()).toBe(before);
    expect(json(await inDir('kb', 'search', '正常的一行', '--json'))).toEqual([]);
  });

  it('imports through mutations as the replica’s user: an agent’s import is refused line by line and leaves nothing queued', async () => {
    const agentDir = join(dir.path, 'agent-replica');
    const core = await createCore({ dataDir: agentDir, demo: true, clock: fixedClock('2026-11-22T10:00:00.000Z'), log: silentLog });
    await core.close();
    const file = join(dir.path, 'agent.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'ag-1', title: '代理人的文章', body: '内容', category: ['服务政策'] }),
        JSON.stringify({ id: 'ag-2', title: '代理人的草稿', body: '内容', category: ['服务政策'], status: 'draft' }),
      ].join('\n'),
    );
    const run = await runCli('--data-dir', agentDir, 'kb', 'import', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/第 1 行（ag-1）：只有主管和管理员可以编辑知识库/);
    expect(run.stderr).toMatch(/第 2 行（ag-2）：只有主管和管理员可以编辑知识库/);
    const replica = new Database(join(agentDir, 'replica.sqlite'), { readonly: true });
    try {
      expect(replica.prepare(`select count(*) as n from outbox`).get()).toEqual({ n: 0 });
      expect(replica.prepare(`select count(*) as n from kb_articles where id like 'ag-%'`).get()).toEqual({ n: 0 });
    } finally {
      replica.close();
    }
  });

  it('searches across scripts and returns id, title and score, best first', async () => {
    const hits = json(await inDir('kb', 'search', '帳號 密碼', '--json')) as { id: string; title: string; score: number }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => Object.keys(h).sort().join() === 'id,score,title')).toBe(true);
    expect(hits.every((h, i) => i === 0 || (hits[i - 1]?.score ?? 0) >= h.score)).toBe(true);
    expect(hits[0]?.title).toMatch(/[账賬帳][号號]/);
    expect(json(await inDir('kb', 'search', '火星殖民', '--json'))).toEqual([]);
  });

  it('recommends published scripts for a message, soothing first with --emotion angry', async () => {
    const calm = json(await inDir('scripts', 'recommend', '我要退款', '--json')) as { id: string; title: string; score: number }[];
    expect(calm.length).toBeGreaterThan(0);
    expect(calm.every((s) => Object.keys(s).sort().join() === 'id,score,title')).toBe(true);
    expect(calm.some((s) => s.id.startsWith('s-sooth'))).toBe(false);
    expect(calm.map((s) => s.id)).toContain('s-after-02');
    const angry = json(await inDir('scripts', 'recommend', '我要退款', '--emotion', 'angry', '--json')) as { id: string }[];
    expect(angry[0]?.id).toMatch(/^s-sooth-/);
    // Drafts and scripts under review are never recommended.
    const drafts = json(await inDir('scripts', 'recommend', '直播间冲动消费退货', '--json', '--limit', '20')) as { id: string }[];
    expect(drafts.map((s) => s.id)).not.toContain('s-draft-01');
  });

  it('checks a reply and words each finding in zh-CN through i18next', async () => {
    const result = json(await runCli('check-reply', '我们保证全网最低价，请您理解', '--customer-emotion', 'angry', '--refund-limit', '100', '--json')) as {
      findings: { rule: string; start: number; end: number; message: string; suggestion: string }[];
    };
    expect(result.findings.map((f) => f.rule)).toEqual(['absolute_claim', 'absolute_claim', 'forbidden_when_upset']);
    expect(result.findings[0]).toMatchObject({ start: 2, end: 4, message: replyCheckZhCN.absolute_claim.reason.replace('{{term}}', '保证') });
    expect(result.findings.every((f) => f.suggestion.length > 0)).toBe(true);

    const amount = json(await runCli('check-reply', '给您补偿200元', '--refund-limit', '500', '--json')) as { findings: unknown[] };
    expect(amount.findings).toEqual([]);
    const over = json(await runCli('check-reply', '给您补偿200元', '--refund-limit', '100', '--json')) as { findings: { rule: string; message: string }[] };
    expect(over.findings.map((f) => f.rule)).toEqual(['over_authority']);
    expect(over.findings[0]?.message).toContain('200');
    expect(json(await runCli('check-reply', '您好，请问有什么可以帮您？', '--json'))).toEqual({ findings: [] });
  });

  it.each([
    [['frobnicate'], 2, /未知命令「frobnicate」/],
    [['kb', 'frobnicate'], 2, /未知命令「kb frobnicate」/],
    [['kb', 'search'], 2, /缺少参数：查询内容/],
    [['kb', 'import'], 2, /缺少参数：JSONL 文件/],
    [['scripts', 'recommend', '退款', '--emotion', 'furious'], 2, /--emotion 应为 neutral, positive/],
    [['check-reply', '退款', '--refund-limit', 'abc'], 2, /--refund-limit 应为不小于 0 的金额/],
    [['kb', 'search', '退款', '--limit', '0'], 2, /--limit 应为 1 到 50 之间的整数/],
    [['kb', 'search', '退款', '--verbose'], 2, /不支持选项 --verbose/],
    [['kb', 'import', '/nonexistent/articles.jsonl'], 1, /无法读取文件 \/nonexistent\/articles.jsonl/],
  ])('rejects %j with exit %i and a clear message', async (args, code, message) => {
    const run = await inDir(...args);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('refuses a data directory without a replica instead of creating one', async () => {
    const run = await runCli('--data-dir', join(dir.path, 'typo'), 'kb', 'search', '退款');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/没有本地副本/);
  });

  it('prints help', async () => {
    const run = await runCli('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/kb import <文件\.jsonl>/);
    expect(run.stdout).toMatch(/check-reply/);
  });
});
