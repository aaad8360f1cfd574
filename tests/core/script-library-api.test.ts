import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type ConversationSummary } from '../../src/shared/contract';
import type { ReplyRuleGroupView, ReviewQueueItemView, ScriptDetailView, ScriptLibraryItemView } from '../../src/shared/contract/scripts';
import type { ReplyFinding } from '../../src/shared/text/reply-check';
import { createCore, type Core } from '../../src/main/core/create-core';
import { fixedClock, silentLog } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';

/** The offline demo replica, signed in as `userId`: the library and rules work without a server. */
async function signedInAs(userId: string): Promise<Core> {
  const core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock(NOW), log: silentLog });
  await core.replica.db.updateTable('sync_state').set({ value: userId }).where('key', '=', 'user_id').execute();
  return core;
}

async function refusal(promise: Promise<unknown>): Promise<ApiError['data']> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return (error as ApiError).data;
}

const outbox = (core: Core) => core.replica.db.selectFrom('outbox').select(['name', 'status']).orderBy('seq').execute();

describe('script library and reply rules in the core, offline', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  it('tells an agent the library is not theirs', async () => {
    const agent = await signedInAs('u-agent-1');
    cores.push(agent);
    expect(await refusal(agent.invoke('scripts.library', {}))).toMatchObject({ code: 'rejected', messageKey: 'script-admin:error.staff_only' });
    expect(await refusal(agent.invoke('scripts.draft', { title: '新话术', body: '您好', category: 'general', stage: null, keywords: [] }))).toMatchObject({ messageKey: 'script-admin:error.staff_only' });
    expect(await outbox(agent)).toEqual([]);
  });

  it('lists the demo library for a supervisor and queues their new version for the server', async () => {
    const supervisor = await signedInAs('u-sup-1');
    cores.push(supervisor);
    const library = (await supervisor.invoke('scripts.library', {})) as ScriptLibraryItemView[];
    expect(library.find((s) => s.scriptId === 's-after-02')).toMatchObject({ state: 'in_force', versionInForce: 1, openVersion: { version: 2, status: 'review', authorName: '孙志强' } });
    expect(library.find((s) => s.scriptId === 's-draft-01')).toMatchObject({ state: 'unpublished', versionInForce: null, openVersion: { status: 'draft' } });
    const queue = (await supervisor.invoke('scripts.reviewQueue', {})) as ReviewQueueItemView[];
    expect(queue.find((q) => q.scriptId === 's-after-02')).toMatchObject({ version: 2, mine: true, versionInForce: 1 });

    const history = (await supervisor.invoke('scripts.detail', { scriptId: 's-after-03' })) as ScriptDetailView;
    expect(history.versions.map((v) => [v.version, v.status, v.authorName])).toEqual([
      [2, 'published', '孙志强'],
      [1, 'published', '孙志强'],
    ]);

    const created = (await supervisor.invoke('scripts.draft', { title: '节日问候', body: '{{customerName}}您好，节日快乐！', category: 'general', stage: 'opening', keywords: ['节日', ' 节日 ', ''] })) as { scriptId: string; versionId: string };
    const detail = (await supervisor.invoke('scripts.detail', { scriptId: created.scriptId })) as ScriptDetailView;
    expect(detail).toMatchObject({ state: 'unpublished', versions: [{ version: 1, status: 'draft', keywords: ['节日'], authorName: '孙志强' }] });
    const problem = await refusal(supervisor.invoke('scripts.edit', { ...created, title: '节日问候', body: '您好{{nick}}', category: 'general', stage: null, keywords: [] }));
    expect(problem).toMatchObject({ messageKey: 'script-admin:error.unknown_placeholder', messageParams: { name: 'nick' } });
    await supervisor.invoke('scripts.submit', created);
    expect(await outbox(supervisor)).toEqual([
      { name: 'script.draft', status: 'pending' },
      { name: 'script.submit', status: 'pending' },
    ]);
  });

  it('an admin’s word edit changes this workstation’s check at once, offline, and waits in the outbox', async () => {
    const admin = await signedInAs('u-admin-1');
    cores.push(admin);
    const chat = ((await admin.invoke('conversation.list', {})) as ConversationSummary[])[0] ?? { id: 'c-001' };
    const check = async (text: string) => ((await admin.invoke('reply.check', { conversationId: chat.id, text })) as { findings: ReplyFinding[] }).findings.map((f) => f.rule);
    expect(await check('这事我管不着')).toEqual([]);
    await admin.invoke('replyRules.update', { family: 'cold', groupId: 'not_my_job', addTerms: ['管不着'] });
    expect(await check('这事我管不着')).toEqual(['cold']);
    const groups = (await admin.invoke('replyRules.list', {})) as ReplyRuleGroupView[];
    expect(groups.find((g) => g.groupId === 'not_my_job')).toMatchObject({ builtIn: true, edited: { version: 1, byName: '周建国' }, terms: expect.arrayContaining(['管不着']) });
    await admin.invoke('replyRules.reset', { family: 'cold', groupId: 'not_my_job' });
    expect(await check('这事我管不着')).toEqual([]);
    expect(await outbox(admin)).toEqual([
      { name: 'replyRule.update', status: 'pending' },
      { name: 'replyRule.reset', status: 'pending' },
    ]);
  });
});
