import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSchema, startTestServer, TestClient, type TestServer } from './helpers';

const content = (body: string) => ({ categoryId: 'kb-product-member-points', title: '积分获取与使用', body, notes: '', links: [], questions: ['积分怎么用'] });

// Scope is written once per dialect (capture triggers, the open-revision index), so both stores are proven.
describe.each(['SQLite', 'PostgreSQL'] as const)('knowledge-base review on the server (%s)', (backend) => {
  let server: TestServer;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    server = await startTestServer(schema ? { location: { databaseUrl: schema.url } } : {});
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });

  const fresh = async (username: string) => {
    const client = await TestClient.signIn(server.url, username);
    await client.sync();
    return client;
  };
  const row = (client: TestClient, table: string, id: string) => client.replica.get(table)?.get(JSON.stringify([['id', id]]));

  it('agents receive published articles only, never a revision; supervisors receive every draft', async () => {
    const agent = await fresh('agent1');
    const supervisor = await fresh('supervisor1');
    expect(agent.ids('kb_revisions')).toEqual([]);
    expect(agent.ids('kb_articles')).not.toContain('kb-a18');
    expect(agent.ids('kb_articles')).not.toContain('kb-a41');
    expect([...(agent.replica.get('kb_articles')?.values() ?? [])].every((a) => a.status === 'published')).toBe(true);
    expect(supervisor.ids('kb_revisions')).toEqual(expect.arrayContaining(['kb-a09:open', 'kb-a18:open', 'kb-a41:open', 'kb-a04:v1', 'kb-a04:v2']));
    expect(row(supervisor, 'kb_articles', 'kb-a41')).toMatchObject({ status: 'draft', version: 0 });
  });

  it('a draft and its review stay with the editors; the publication reaches the agent as the article’s new version', async () => {
    const agent = await fresh('agent1');
    const supervisor = await TestClient.signIn(server.url, 'supervisor1');
    const admin = await TestClient.signIn(server.url, 'admin');
    const revisionId = randomUUID();
    expect(await supervisor.run('kb.saveDraft', { articleId: 'kb-a29', revisionId, content: content('每消费1元得1积分，积分次年年底清零。'), changeNote: '有效期' })).toMatchObject({ status: 'applied' });
    expect(await supervisor.run('kb.submit', { revisionId })).toMatchObject({ status: 'applied' });
    const whileInReview = await agent.sync();
    expect(whileInReview.flatMap((p) => p.changes).filter((c) => c.table === 'kb_revisions' || c.table === 'kb_articles')).toEqual([]);

    // The server, not the client, decides who may publish.
    expect(await agent.run('kb.publish', { revisionId, note: '' })).toMatchObject({ status: 'rejected', messageKey: 'kb-admin:rejected.reviewers_only' });
    expect(await supervisor.run('kb.publish', { revisionId, note: '' })).toMatchObject({ status: 'rejected', messageKey: 'kb-admin:rejected.own_revision' });
    expect(await admin.run('kb.publish', { revisionId, note: '核对无误' })).toMatchObject({ status: 'applied' });

    const published = (await agent.sync()).flatMap((p) => p.changes);
    expect(published.map((c) => `${c.table}:${c.op}`)).toEqual(['kb_articles:put']);
    expect(row(agent, 'kb_articles', 'kb-a29')).toMatchObject({ version: 2, body: '每消费1元得1积分，积分次年年底清零。', status: 'published' });
    expect(agent.ids('kb_revisions')).toEqual([]);
    const stored = await server.store.db.selectFrom('kb_revisions').select(['id', 'version', 'status']).where('article_id', '=', 'kb-a29').orderBy('version').execute();
    expect(stored).toEqual([
      { id: 'kb-a29:v1', version: 1, status: 'published' },
      { id: revisionId, version: 2, status: 'published' },
    ]);
  });

  it('a new article drafted by a supervisor reaches agents only once published', async () => {
    const agent = await fresh('agent1');
    const supervisor = await TestClient.signIn(server.url, 'supervisor1');
    const admin = await TestClient.signIn(server.url, 'admin');
    const articleId = `kb-new-${randomUUID()}`;
    const revisionId = randomUUID();
    await supervisor.run('kb.saveDraft', { articleId, revisionId, content: { ...content('新文章正文'), title: '新文章' }, changeNote: '' });
    await supervisor.run('kb.submit', { revisionId });
    await agent.sync();
    expect(agent.ids('kb_articles')).not.toContain(articleId);
    await admin.run('kb.publish', { revisionId, note: '' });
    await agent.sync();
    expect(row(agent, 'kb_articles', articleId)).toMatchObject({ version: 1, status: 'published', title: '新文章' });
  });

  it('two supervisors drafting one article offline: the second draft is refused, not merged', async () => {
    const supervisor = await TestClient.signIn(server.url, 'supervisor1');
    const admin = await TestClient.signIn(server.url, 'admin');
    expect(await supervisor.run('kb.saveDraft', { articleId: 'kb-a30', revisionId: randomUUID(), content: content('甲的草稿') })).toMatchObject({ status: 'applied' });
    expect(await admin.run('kb.saveDraft', { articleId: 'kb-a30', revisionId: randomUUID(), content: content('乙的草稿') })).toMatchObject({
      status: 'rejected',
      messageKey: 'kb-admin:rejected.other_open_revision',
    });
    const open = await server.store.db.selectFrom('kb_revisions').select('body').where('article_id', '=', 'kb-a30').where('status', '=', 'draft').execute();
    expect(open).toEqual([{ body: '甲的草稿' }]);
  });

  it('an agent’s feedback reaches the reviewers and its reporter, not other agents', async () => {
    const agent1 = await fresh('agent1');
    const agent2 = await fresh('agent2');
    const supervisor = await fresh('supervisor1');
    const id = randomUUID();
    expect(await agent1.run('kb.feedback', { id, articleId: 'kb-a09', kind: 'outdated', comment: '已改为24小时发货' })).toMatchObject({ status: 'applied' });
    expect(await (await TestClient.signIn(server.url, 'trainee1')).run('kb.feedback', { id: randomUUID(), articleId: 'kb-a09', kind: 'wrong', comment: '试试' })).toMatchObject({
      status: 'rejected',
      messageKey: 'kb-admin:rejected.feedback_forbidden',
    });
    await Promise.all([agent1.sync(), agent2.sync(), supervisor.sync()]);
    expect(agent1.ids('kb_feedback')).toEqual([id]);
    expect(agent2.ids('kb_feedback')).toEqual([]);
    expect(supervisor.ids('kb_feedback')).toContain(id);
    await supervisor.run('kb.resolveFeedback', { feedbackId: id, resolution: 'fixed', note: '新版本已更新' });
    await agent1.sync();
    expect(row(agent1, 'kb_feedback', id)).toMatchObject({ status: 'fixed', resolution_note: '新版本已更新', resolved_by: 'u-sup-1' });
  });
});
