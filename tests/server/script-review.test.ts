import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSchema, startTestServer, TestClient, type TestServer } from './helpers';

/** A new version of a demo script, as the library's editor sends it. */
const content = (body: string) => ({ title: '标准开场白', body, category: 'general', stage: 'opening', keywords: ['您好', '开场'], changeNote: '更口语化' });

// The usage triggers are written once per dialect, so the workflow and the counting are proven on both stores.
describe.each(['SQLite', 'PostgreSQL'] as const)('script review and usage on %s', (backend) => {
  let server: TestServer;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  let agent: TestClient;
  let supervisor: TestClient;
  let admin: TestClient;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    server = await startTestServer(schema ? { location: { databaseUrl: schema.url } } : {});
    agent = await TestClient.signIn(server.url, 'agent1');
    supervisor = await TestClient.signIn(server.url, 'supervisor1');
    admin = await TestClient.signIn(server.url, 'admin');
    await agent.sync();
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });

  const db = () => server.store.db;
  const versions = (scriptId: string) => db().selectFrom('script_versions').select(['version', 'status', 'body', 'author_id', 'reviewer_id', 'review_note']).where('script_id', '=', scriptId).orderBy('version').execute();
  const inForce = (scriptId: string) => db().selectFrom('scripts').select(['version', 'body', 'status']).where('id', '=', scriptId).executeTakeFirst();
  const rejected = (messageKey: string) => expect.objectContaining({ status: 'rejected', messageKey });
  const agentScript = (scriptId: string) => agent.replica.get('scripts')?.get(JSON.stringify([['id', scriptId]]));

  it('a supervisor’s new version goes through review to another reviewer; agents use the version in force until it is approved', async () => {
    const original = await inForce('s-open-02');
    expect(original).toMatchObject({ version: 1, status: 'published' });
    const versionId = randomUUID();
    expect(await agent.run('script.draft', { scriptId: 's-open-02', versionId, ...content('您好，我是{{agentName}}，请问有什么可以帮您？') })).toEqual(rejected('script-admin:error.staff_only'));
    expect((await supervisor.run('script.draft', { scriptId: 's-open-02', versionId, ...content('您好，我是{{agentName}}，请问有什么可以帮您？') })).status).toBe('applied');
    expect((await admin.run('script.draft', { scriptId: 's-open-02', versionId: randomUUID(), ...content('另一个版本') }))).toEqual(rejected('script-admin:error.open_draft'));

    const ref = { scriptId: 's-open-02', versionId };
    expect(await admin.run('script.approve', ref)).toEqual(rejected('script-admin:error.not_in_review'));
    expect(await admin.run('script.edit', { ...ref, ...content('不是我写的') })).toEqual(rejected('script-admin:error.not_author'));
    expect((await supervisor.run('script.edit', { ...ref, ...content('您好，我是{{agentName}}，工号{{agentNo}}，请问有什么可以帮您？') })).status).toBe('applied');
    expect((await supervisor.run('script.submit', ref)).status).toBe('applied');
    expect(await supervisor.run('script.edit', { ...ref, ...content('审核中不能改') })).toEqual(rejected('script-admin:error.not_editable'));

    // In review: the agent still has version 1, and never the draft.
    await agent.sync();
    expect(agentScript('s-open-02')).toMatchObject({ version: 1, body: original?.body });
    expect(agent.replica.get('script_versions')?.size ?? 0).toBe(0);

    expect(await agent.run('script.approve', ref)).toEqual(rejected('script-admin:error.staff_only'));
    expect(await supervisor.run('script.approve', ref)).toEqual(rejected('script-admin:error.own_version'));
    expect(await admin.run('script.reject', { ...ref, reason: '   ' })).toEqual(rejected('script-admin:error.reason_required'));
    expect((await admin.run('script.reject', { ...ref, reason: '请补充工号' })).status).toBe('applied');
    expect((await versions('s-open-02')).at(-1)).toMatchObject({ status: 'rejected', reviewer_id: 'u-admin-1', review_note: '请补充工号' });
    expect((await supervisor.run('script.submit', ref)).status).toBe('applied');
    expect((await admin.run('script.approve', ref)).status).toBe('applied');

    expect(await inForce('s-open-02')).toEqual({ version: 2, status: 'published', body: '您好，我是{{agentName}}，工号{{agentNo}}，请问有什么可以帮您？' });
    expect(await versions('s-open-02')).toEqual([
      expect.objectContaining({ version: 1, status: 'published', body: original?.body }),
      expect.objectContaining({ version: 2, status: 'published', author_id: 'u-sup-1', reviewer_id: 'u-admin-1' }),
    ]);
    await agent.sync();
    expect(agentScript('s-open-02')).toMatchObject({ version: 2, body: '您好，我是{{agentName}}，工号{{agentNo}}，请问有什么可以帮您？' });
    expect(agent.replica.get('script_versions')?.size ?? 0).toBe(0);
  });

  it('a withdrawn version can be changed again, a draft discarded; published versions cannot be touched', async () => {
    const versionId = randomUUID();
    const ref = { scriptId: 's-open-03', versionId };
    expect((await supervisor.run('script.draft', { ...ref, ...content('{{agentName}}为您服务') })).status).toBe('applied');
    expect((await supervisor.run('script.submit', ref)).status).toBe('applied');
    expect(await admin.run('script.withdraw', ref)).toEqual(rejected('script-admin:error.not_author'));
    expect((await supervisor.run('script.withdraw', ref)).status).toBe('applied');
    expect(await admin.run('script.reject', { ...ref, reason: '不在审核中' })).toEqual(rejected('script-admin:error.not_in_review'));
    expect((await admin.run('script.discard', ref)).status).toBe('applied');
    expect((await versions('s-open-03')).map((v) => v.version)).toEqual([1]);
    expect(await admin.run('script.discard', { scriptId: 's-open-03', versionId: 's-open-03@v1' })).toEqual(rejected('script-admin:error.not_editable'));
    expect(await supervisor.run('script.draft', { scriptId: 's-open-03', versionId: randomUUID(), ...content('您好，{{nickname}}') })).toEqual(rejected('script-admin:error.unknown_placeholder'));
  });

  it('a retired script leaves agents’ replicas with its versions kept, and comes back as it was', async () => {
    expect(await agent.run('script.retire', { scriptId: 's-gen-01' })).toEqual(rejected('script-admin:error.staff_only'));
    expect((await supervisor.run('script.retire', { scriptId: 's-gen-01' })).status).toBe('applied');
    expect(await inForce('s-gen-01')).toBeUndefined();
    expect(await versions('s-gen-01')).toEqual([expect.objectContaining({ version: 1, status: 'retired' })]);
    await agent.sync();
    expect(agentScript('s-gen-01')).toBeUndefined();
    expect(await supervisor.run('script.retire', { scriptId: 's-gen-01' })).toEqual(rejected('script-admin:error.not_in_force'));
    expect((await admin.run('script.restore', { scriptId: 's-gen-01' })).status).toBe('applied');
    expect(await admin.run('script.restore', { scriptId: 's-gen-01' })).toEqual(rejected('script-admin:error.in_force'));
    await agent.sync();
    expect(agentScript('s-gen-01')).toMatchObject({ version: 1 });
  });

  it('counts a reply made from a script once, however often its push is retried, and the chat’s rating for it', async () => {
    const usage = () => db().selectFrom('script_usage').selectAll().where('script_id', '=', 's-after-02').execute();
    expect(await usage()).toEqual([]);
    const send = agent.next('message.send', { id: randomUUID(), conversationId: 'c-001', body: '已为您提交退款申请', script: { id: 's-after-02', version: 1 } });
    expect((await agent.push([send])).results).toEqual([{ seq: send.seq, status: 'applied' }]);
    // The response was lost: the workstation sends the same mutation again.
    expect((await agent.push([send])).results).toEqual([{ seq: send.seq, status: 'duplicate' }]);
    expect(await usage()).toEqual([expect.objectContaining({ id: 's-after-02@1', version: 1, uses: 1, chats: 1, rated_chats: 0, good_chats: 0 })]);

    expect((await agent.run('message.send', { id: randomUUID(), conversationId: 'c-001', body: '退款进度我会同步给您', script: { id: 's-after-02', version: 1 } })).status).toBe('applied');
    expect(await usage()).toEqual([expect.objectContaining({ uses: 2, chats: 1 })]);

    // A made-up script is not counted, and the reply still goes out.
    const invented = randomUUID();
    expect((await agent.run('message.send', { id: invented, conversationId: 'c-001', body: '您好', script: { id: 's-nope', version: 1 } })).status).toBe('applied');
    expect(await db().selectFrom('messages').select(['script_id', 'script_version']).where('id', '=', invented).executeTakeFirst()).toEqual({ script_id: null, script_version: null });
    expect(await db().selectFrom('script_usage').select('id').where('script_id', '=', 's-nope').execute()).toEqual([]);

    const customerId = (await db().selectFrom('conversations').select('customer_id').where('id', '=', 'c-001').executeTakeFirstOrThrow()).customer_id;
    await db().insertInto('csat_responses').values({ conversation_id: 'c-001', customer_id: customerId, score: 5, created_at: new Date().toISOString() }).execute();
    expect(await usage()).toEqual([expect.objectContaining({ uses: 2, chats: 1, rated_chats: 1, good_chats: 1 })]);

    // Usage is the staff's: an agent's replica never holds it.
    await agent.sync();
    expect(agent.replica.get('script_usage')?.size ?? 0).toBe(0);
    await supervisor.sync();
    expect(supervisor.ids('script_usage')).toContain('s-after-02@1');
  });

  it('the demo seeds a version in review, a script with two versions, and replies that used scripts', async () => {
    expect((await versions('s-after-02')).map((v) => [v.version, v.status])).toEqual([
      [1, 'published'],
      [2, 'review'],
    ]);
    expect((await versions('s-after-03')).map((v) => [v.version, v.status])).toEqual([
      [1, 'published'],
      [2, 'published'],
    ]);
    expect(await inForce('s-after-03')).toMatchObject({ version: 2 });
    expect(await db().selectFrom('script_usage').select(['id', 'uses']).where('script_id', '=', 's-done-01').execute()).toEqual([{ id: 's-done-01@1', uses: 2 }]);
  });

  it('admins edit the reply check’s word lists for every workstation; bad words are refused with the reason', async () => {
    const edit = { family: 'cold', groupId: 'dont_know' };
    expect(await agent.run('replyRule.update', { ...edit, addTerms: ['没听说过'] })).toEqual(rejected('script-admin:rules.error.admin_only'));
    expect(await supervisor.run('replyRule.update', { ...edit, addTerms: ['没听说过'] })).toEqual(rejected('script-admin:rules.error.admin_only'));
    expect(await admin.run('replyRule.update', { ...edit, addTerms: ['不知道'] })).toEqual(rejected('script-admin:rules.error.already_listed'));
    expect(await admin.run('replyRule.update', { ...edit, addTerms: ['啊'] })).toEqual(rejected('script-admin:rules.error.too_short'));
    expect((await admin.run('replyRule.update', { ...edit, addTerms: ['没听说过'] })).status).toBe('applied');
    const row = await db().selectFrom('reply_rule_groups').selectAll().where('id', '=', 'cold/dont_know').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ family: 'cold', group_id: 'dont_know', built_in: 1, version: 1, updated_by: 'u-admin-1' });
    expect(JSON.parse(row.terms)).toContain('没听说过');

    await agent.sync();
    expect(agent.ids('reply_rule_groups')).toEqual(['cold/dont_know']);
    expect((await admin.run('replyRule.reset', edit)).status).toBe('applied');
    await agent.sync();
    expect(agent.ids('reply_rule_groups')).toEqual([]);
  });
});
