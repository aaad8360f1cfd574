import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, SyncStatusView } from '../../src/shared/contract';
import type { ScriptDetailView, ScriptLibraryItemView } from '../../src/shared/contract/scripts';
import type { ReplyFinding } from '../../src/shared/text/reply-check';
import { createCore, type Core } from '../../src/main/core/create-core';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';
import { silentLog, tempDir } from '../support/replica';
import { waitFor } from '../support/wait-for';

const root = resolve(import.meta.dirname, '../..');

/** Real workstations (createCore with sync) of an admin, a supervisor and an agent against `npm run server`. */
describe('script review and reply rules across workstations', () => {
  const dir = tempDir('script-review');
  let server: ServerProcess;
  const cores: Core[] = [];

  beforeAll(async () => {
    server = await startServerProcess(join(dir.path, 'server'), await freePort());
  });
  afterAll(async () => {
    for (const core of cores) await core.close();
    await server.stop();
    dir.remove();
  });

  const status = (core: Core) => core.invoke('sync.status', {}) as Promise<SyncStatusView>;
  async function workstation(username: string): Promise<Core> {
    const core = await createCore({
      dataDir: join(dir.path, username),
      log: silentLog,
      sync: { serverUrl: server.url, credentials: { username, password: 'demo' }, maxBackoffMs: 300 },
    });
    cores.push(core);
    await waitFor(() => status(core), (s) => s.connection === 'online' && s.pendingCount === 0, `${username} online`);
    return core;
  }
  const settled = (core: Core) => waitFor(() => status(core), (s) => s.pendingCount === 0 && s.rejectedCount === 0, 'everything pushed');
  const check = async (core: Core, conversationId: string, text: string) => ((await core.invoke('reply.check', { conversationId, text })) as { findings: ReplyFinding[] }).findings;

  it('an admin’s new word changes the reply check of an agent’s workstation after sync, and the CLI on that replica', async () => {
    const admin = await workstation('admin');
    const agent = await workstation('agent1');
    const chat = ((await agent.invoke('conversation.list', {})) as ConversationSummary[]).find((c) => c.status === 'active');
    if (!chat) throw new Error('no active chat');
    const reply = '这个活动我没听说过';
    expect(await check(agent, chat.id, reply)).toEqual([]);

    await expect(admin.invoke('replyRules.update', { family: 'cold', groupId: 'dont_know', addTerms: ['不知道'] })).rejects.toMatchObject({
      data: { code: 'rejected', messageKey: 'script-admin:rules.error.already_listed', messageParams: { word: '不知道', existing: '不知道' } },
    });
    await expect(agent.invoke('replyRules.update', { family: 'cold', groupId: 'dont_know', addTerms: ['没听说过'] })).rejects.toMatchObject({ data: { messageKey: 'script-admin:rules.error.admin_only' } });
    await admin.invoke('replyRules.update', { family: 'cold', groupId: 'dont_know', addTerms: ['没听说过'] });
    await settled(admin);

    const found = await waitFor(() => check(agent, chat.id, reply), (f) => f.length > 0, 'the new word on the agent’s workstation');
    expect(found.map((f) => [f.rule, reply.slice(f.start, f.end)])).toEqual([['cold', '没听说过']]);

    await agent.close();
    cores.splice(cores.indexOf(agent), 1);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli/main.ts'), 'check-reply', '我沒聽說過這個活動', '--data-dir', join(dir.path, 'agent1'), '--json'], { cwd: root, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect((JSON.parse(cli.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toEqual(['cold']);
  });

  it('a supervisor’s version approved by an admin replaces what the agent uses, and a reply made from it is counted for its version', async () => {
    const supervisor = await workstation('supervisor1');
    const admin = cores[0] ?? (await workstation('admin'));
    const agent = await workstation('agent1');

    await expect(agent.invoke('scripts.library', {})).rejects.toMatchObject({ data: { messageKey: 'script-admin:error.staff_only' } });
    const library = (await supervisor.invoke('scripts.library', {})) as ScriptLibraryItemView[];
    expect(library.find((s) => s.scriptId === 's-after-02')).toMatchObject({ state: 'in_force', versionInForce: 1, openVersion: { version: 2, status: 'review', authorName: '孙志强' } });

    const { versionId } = await (async () => {
      const ids = (await supervisor.invoke('scripts.draft', { scriptId: 's-close-01', title: '标准结束语', body: '感谢您的耐心，{{customerName}}，祝您生活愉快！', category: 'general', stage: 'closing', keywords: ['再见'], changeNote: '称呼客户' })) as {
        versionId: string;
      };
      await supervisor.invoke('scripts.submit', { scriptId: 's-close-01', versionId: ids.versionId });
      return ids;
    })();
    await expect(supervisor.invoke('scripts.approve', { scriptId: 's-close-01', versionId })).rejects.toMatchObject({ data: { messageKey: 'script-admin:error.own_version' } });
    await settled(supervisor);
    await waitFor(() => admin.invoke('scripts.reviewQueue', {}) as Promise<{ versionId: string }[]>, (q) => q.some((v) => v.versionId === versionId), 'the version in the admin’s queue');
    await admin.invoke('scripts.approve', { scriptId: 's-close-01', versionId, note: '' });
    await settled(admin);

    const inUse = await waitFor(
      () => agent.invoke('scripts.list', {}) as Promise<{ id: string; version: number; body: string }[]>,
      (list) => list.find((s) => s.id === 's-close-01')?.version === 2,
      'version 2 on the agent’s workstation',
    );
    expect(inUse.find((s) => s.id === 's-close-01')?.body).toBe('感谢您的耐心，{{customerName}}，祝您生活愉快！');

    const chat = ((await agent.invoke('conversation.list', {})) as ConversationSummary[]).find((c) => c.status === 'active');
    if (!chat) throw new Error('no active chat');
    await agent.invoke('message.send', { conversationId: chat.id, body: '感谢您的耐心，祝您生活愉快！', script: { id: 's-close-01', version: 2 } });
    await settled(agent);
    const detail = await waitFor(
      () => supervisor.invoke('scripts.detail', { scriptId: 's-close-01' }) as Promise<ScriptDetailView>,
      (d) => (d.versions.find((v) => v.version === 2)?.usage.uses ?? 0) > 0,
      'the use counted',
    );
    expect(detail.versions.map((v) => [v.version, v.status, v.usage.uses])).toEqual([
      [2, 'published', 1],
      [1, 'published', 0],
    ]);
  });
});
