import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/create-core';
import type { KbAdminArticleDetail } from '../../src/shared/contract/kb-admin';
import type { KbSearchHitView } from '../../src/shared/contract/knowledge';
import { freePort } from '../support/server-process';
import { useSyncedWorkstations } from '../support/synced-workstations';
import { runCli } from '../support/cli-process';
import { waitFor } from '../support/wait-for';


describe('knowledge-base review between workstations, the CLI and the server', () => {
  const { workstation, status, settled, stopServer, restartServer, cores, serverUrl, dataPath } = useSyncedWorkstations('kb-review');
  const search = (core: Core, query: string) => core.invoke('kb.search', { query }) as Promise<KbSearchHitView[]>;
  const revisionsOn = async (core: Core) => (await core.replica.db.selectFrom('kb_revisions').select('id').execute()).length;

  it('a supervisor’s edit, published by another reviewer, reaches the agent’s search; the old text and the draft never do', async () => {
    const agent = await workstation('agent', 'agent1');
    const supervisor = await workstation('supervisor', 'supervisor1');
    const admin = await workstation('admin', 'admin');
    expect(await revisionsOn(agent)).toBe(0);
    expect((await search(agent, '质量问题换货')).map((h) => h.id)).toContain('kb-a07');

    const article = (await supervisor.invoke('kbAdmin.article', { articleId: 'kb-a07' })) as KbAdminArticleDetail;
    const current = article.current;
    if (!current) throw new Error('kb-a07 is not published');
    const { revisionId } = (await supervisor.invoke('kbAdmin.saveDraft', {
      articleId: 'kb-a07',
      revisionId: null,
      content: { categoryId: current.categoryId, title: '質量問題上門換新', body: '签收15天内出现质量问题，可申请上门换新，旧件由快递员当场取回。', notes: current.notes, links: current.links, questions: current.questions },
      changeNote: '换货改为上门换新',
    })) as { revisionId: string };
    await supervisor.invoke('kbAdmin.submit', { revisionId });
    await settled(supervisor, 'the draft submitted');
    await waitFor(
      () => admin.invoke('kbAdmin.article', { articleId: 'kb-a07' }) as Promise<KbAdminArticleDetail>,
      (a) => a.open?.status === 'review',
      'the revision in the admin’s review queue',
    );
    // Meanwhile the agent has nothing of it: no revision, and search still answers from version 1.
    await agent.invoke('sync.now', {}).catch(() => undefined);
    expect(await revisionsOn(agent)).toBe(0);
    expect(await search(agent, '上门换新')).toEqual([]);

    await admin.invoke('kbAdmin.publish', { revisionId, note: '' });
    await settled(admin, 'the publication pushed');
    const found = await waitFor(() => search(agent, '上门换新'), (hits) => hits.length > 0, 'the new answer in the agent’s search', 20_000);
    expect(found.map((h) => h.id)).toEqual(['kb-a07']);
    expect(found[0]?.title).toBe('質量問題上門換新');
    expect(await search(agent, '质量问题换货流程')).toEqual([]);
    expect(await revisionsOn(agent)).toBe(0);
    const answer = (await agent.invoke('kb.get', { id: 'kb-a07' })) as { body: string; version: number };
    expect(answer).toMatchObject({ version: 2, body: expect.stringContaining('上门换新') });
  });

  it('kb import --server: a bad line is named and nothing is imported; the fixed file reaches every agent; a second run changes nothing', async () => {
    const agent = cores[0] ?? (await workstation('agent', 'agent1'));
    const cliDir = dataPath('cli-admin');
    const file = dataPath('articles.jsonl');
    const good = JSON.stringify({ id: 'imp-warranty', title: '延保服務說明', body: '购买延保的商品在官方保修期后再享一年免费维修。', category: ['服务政策', '正品保障'], questions: ['延保怎么用'] });
    const bad = JSON.stringify({ id: 'imp-bad', title: '坏行', body: '正文', category: ['服务政策'], links: [{ title: '内部链接', url: 'ftp://intranet' }] });
    writeFileSync(file, [good, bad].join('\n'));
    const args = ['kb', 'import', file, '--server', serverUrl(), '--user', 'admin', '--password', 'demo', '--data-dir', cliDir];

    const refused = await runCli(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/第 2 行：字段 links\.0\.url：链接须为 http\(s\) 地址/);
    expect(refused.stderr).toMatch(/有 1 行错误，未导入任何内容/);
    expect(refused.stdout).toBe('');

    // A supervisor may not publish without review: refused against the server's data, nothing sent.
    writeFileSync(file, good);
    const supervisorRun = await runCli('kb', 'import', file, '--server', serverUrl(), '--user', 'supervisor1', '--password', 'demo', '--data-dir', dataPath('cli-supervisor'));
    expect(supervisorRun.code).toBe(1);
    expect(supervisorRun.stderr).toMatch(/第 1 行（imp-warranty）：只有管理员可以免审直接发布/);

    const wrongPassword = await runCli('kb', 'import', file, '--server', serverUrl(), '--user', 'admin', '--password', 'guess', '--data-dir', dataPath('cli-guess'));
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.stderr).toMatch(/拒绝登录/);

    const imported = await runCli(...args, '--json');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({
      total: 1,
      created: 1,
      updated: 0,
      unchanged: 0,
      categoriesCreated: 0,
      server: { url: serverUrl(), applied: 1, refused: [], queued: 0 },
    });
    const hits = await waitFor(() => search(agent, '延保'), (h) => h.length > 0, 'the imported article in the agent’s search', 20_000);
    expect(hits.map((h) => h.id)).toEqual(['imp-warranty']);
    expect(hits[0]?.categoryPath).toEqual(['服務政策', '正品保障']);

    const again = await runCli(...args, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ total: 1, created: 0, updated: 0, unchanged: 1, server: { applied: 0, refused: [], queued: 0 } });

    const unreachable = await runCli('kb', 'import', file, '--server', `http://127.0.0.1:${await freePort()}`, '--user', 'admin', '--password', 'demo', '--data-dir', dataPath('cli-nowhere'));
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/无法连接 .*，未导入任何内容/);
  });

  it('an editor’s change made offline is queued, shown as pending, and applied by the server once it is back', async () => {
    const supervisor = cores[1] ?? (await workstation('supervisor', 'supervisor1'));
    const admin = cores[2] ?? (await workstation('admin', 'admin'));
    await stopServer();
    await supervisor.invoke('kbAdmin.markReviewed', { articleId: 'kb-a17', note: '离线复审' });
    expect(await supervisor.invoke('kbAdmin.article', { articleId: 'kb-a17' })).toMatchObject({ pending: true, review: 'scheduled', reviewedBy: { id: 'u-sup-1' } });
    await waitFor(() => status(supervisor), (s) => s.connection === 'offline' && s.pendingCount === 1, 'offline with the review pending');

    await restartServer();
    await settled(supervisor, 'the review delivered');
    expect(await supervisor.invoke('kbAdmin.article', { articleId: 'kb-a17' })).toMatchObject({ pending: false, review: 'scheduled' });
    await waitFor(
      () => admin.invoke('kbAdmin.article', { articleId: 'kb-a17' }) as Promise<KbAdminArticleDetail>,
      (a) => a.reviewedBy?.id === 'u-sup-1' && a.review === 'scheduled',
      'the review on the admin’s workstation',
      20_000,
    );
  });
});
