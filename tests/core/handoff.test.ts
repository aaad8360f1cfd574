import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { ApiError, type ConversationHandoffView, type ConversationSummary, type HandoffDirectoryView, type MessageView, type WrapUpDraft } from '../../src/shared/contract';
import { fixedClock, silentLog } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return (error as ApiError).data.messageKey;
};

describe('handing chats over on the workstation (no server: every change waits in the outbox)', () => {
  let core: Core;
  beforeEach(async () => {
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock(NOW), log: silentLog });
  });
  afterEach(() => core.close());

  const list = async () => (await core.invoke('conversation.list', {})) as ConversationSummary[];
  const chat = async (id: string) => (await list()).find((c) => c.id === id);
  const handoff = (conversationId: string) => core.invoke('conversation.handoff', { conversationId }) as Promise<ConversationHandoffView>;
  const messages = (conversationId: string) => core.invoke('message.list', { conversationId }) as Promise<MessageView[]>;
  const pending = () => core.replica.db.selectFrom('outbox').select(['name', 'status']).where('status', '=', 'pending').execute();
  const online = (...ids: string[]) => core.replica.db.updateTable('users').set({ presence: 'online' }).where('id', 'in', ids).execute();

  it('refuses a transfer of a chat that is not the agent’s own, or to a colleague known to be away, and queues nothing', async () => {
    expect(await rejection(core.invoke('conversation.transfer', { conversationId: 'c-011', target: { kind: 'agent', userId: 'u-agent-4' }, reason: 'other', note: '接手' }))).toBe('errors:conversation.not_assignee');
    expect(await rejection(core.invoke('conversation.transfer', { conversationId: 'c-001', target: { kind: 'agent', userId: 'u-agent-2' }, reason: 'other', note: '接手' }))).toBe('errors:transfer.colleague_not_online');
    expect(await rejection(core.invoke('conversation.transfer', { conversationId: 'c-001', target: { kind: 'group', groupId: 'g-tech' }, reason: 'other', note: '   ' }))).toBe('errors:api.invalid_input');
    expect(await pending()).toEqual([]);
    expect(await chat('c-001')).toMatchObject({ assigneeId: 'u-agent-1', place: 'slot', transferPendingTo: null });
  });

  it('keeps a transferred chat in its slot, marked pending with whom it is for, with the note in its history', async () => {
    await online('u-agent-2');
    const note = '客户要退款，订单未发货；已核实支付记录，需要技术同事查退款页报错';
    const { id } = (await core.invoke('conversation.transfer', { conversationId: 'c-001', target: { kind: 'agent', userId: 'u-agent-2' }, reason: 'specialist', note })) as { id: string };
    expect(await pending()).toEqual([{ name: 'conversation.transfer', status: 'pending' }]);
    expect(await chat('c-001')).toMatchObject({ assigneeId: 'u-agent-2', status: 'active', place: 'slot', transferPendingTo: '王浩然' });
    const view = await handoff('c-001');
    expect(view.pendingTransfer).toMatchObject({ id, kind: 'transfer', fromName: '李婷', toName: '王浩然', reason: 'specialist', note, pending: true });
    expect(view.arrival).toBeNull();
    const history = (await messages('c-001')).filter((m) => m.event !== null);
    expect(history).toEqual([expect.objectContaining({ id, senderKind: 'system', internal: true, pending: true, event: expect.objectContaining({ toName: '王浩然' }) })]);

    const toGroup = (await core.invoke('conversation.transfer', { conversationId: 'c-002', target: { kind: 'group', groupId: 'g-tech' }, reason: 'department', note: '地址修改要技术处理' })) as { id: string };
    expect(await chat('c-002')).toMatchObject({ status: 'queued', assigneeId: null, place: 'slot', transferPendingTo: '技術支持' });
    expect((await handoff('c-002')).pendingTransfer?.id).toBe(toGroup.id);
  });

  it('writes internal notes that leave the customer’s clocks alone; an invitee writes only notes', async () => {
    const before = await chat('c-001');
    if (!before?.waitingSince) throw new Error('demo chat c-001 should be waiting');
    await core.invoke('message.send', { conversationId: 'c-001', body: '内部：这位客户上周投诉过', internal: true });
    const after = await chat('c-001');
    expect(after).toMatchObject({ waitingSince: before.waitingSince, lastMessagePreview: before.lastMessagePreview });
    expect((await messages('c-001')).at(-1)).toMatchObject({ body: '内部：这位客户上周投诉过', internal: true, pending: true });

    // 王浩然 invited 李婷 into his chat (as the server would have synced it).
    await core.replica.db.insertInto('conversation_participants').values({ id: 'p1', conversation_id: 'c-011', user_id: 'u-agent-1', invited_by: 'u-agent-2', note: '帮看看闪退', invited_at: NOW, ended_at: null, ended_by: null }).execute();
    expect(await chat('c-011')).toMatchObject({ place: 'invited', assigneeId: 'u-agent-2' });
    expect(await handoff('c-011')).toMatchObject({ role: 'invitee', ownerName: '王浩然', invitation: { invitedByName: '王浩然', note: '帮看看闪退' } });
    expect(await rejection(core.invoke('message.send', { conversationId: 'c-011', body: '您好' }))).toBe('errors:handoff.invitee_notes_only');
    await core.invoke('message.send', { conversationId: 'c-011', body: '先让客户清缓存', internal: true });
    await core.invoke('conversation.endInvite', { conversationId: 'c-011', userId: 'u-agent-1' });
    expect(await chat('c-011')).toBeUndefined();
  });

  it('invites a colleague at their desk, at most once, and shows them in the chat', async () => {
    expect(await rejection(core.invoke('conversation.invite', { conversationId: 'c-003', userId: 'u-agent-4' }))).toBe('errors:invite.colleague_away');
    await core.replica.db.updateTable('users').set({ presence: 'busy' }).where('id', '=', 'u-agent-4').execute();
    await core.invoke('conversation.invite', { conversationId: 'c-003', userId: 'u-agent-4', note: '帮忙查物流' });
    expect(await rejection(core.invoke('conversation.invite', { conversationId: 'c-003', userId: 'u-agent-4' }))).toBe('errors:invite.already_in');
    expect((await handoff('c-003')).participants).toEqual([expect.objectContaining({ displayName: '黄嘉欣', invitedByName: '李婷', note: '帮忙查物流', pending: true })]);
  });

  it('ends a chat with a summary started from its topic, intent and tickets', async () => {
    const draft = (await core.invoke('conversation.wrapUp', { conversationId: 'c-001' })) as WrapUpDraft;
    expect(draft).toMatchObject({ conversationId: 'c-001', subject: '未发货订单申请退款', intent: 'refund' });
    expect(await rejection(core.invoke('conversation.close', { conversationId: 'c-001', summary: 'x'.repeat(201) }))).toBe('errors:api.invalid_input');
    await core.invoke('conversation.close', { conversationId: 'c-001', summary: '未发货订单已退款' });
    expect(await chat('c-001')).toMatchObject({ status: 'closed', place: 'ended' });
    expect((await handoff('c-001')).summary).toBe('未发货订单已退款');
    expect((await messages('c-001')).at(-1)).toMatchObject({ event: expect.objectContaining({ kind: 'closed', note: '未发货订单已退款', pending: true }) });
  });

  it('lists colleagues and groups from the replica when the server cannot be asked, loads unknown', async () => {
    const directory = (await core.invoke('handoff.directory', {})) as HandoffDirectoryView;
    expect(directory.live).toBe(false);
    expect(directory.colleagues.map((c) => c.displayName)).toEqual(expect.arrayContaining(['王浩然', '陈雅琪', '黄嘉欣', '孙志强']));
    expect(directory.colleagues.some((c) => c.id === 'u-agent-1' || c.role === 'trainee' || c.role === 'admin')).toBe(false);
    expect(directory.colleagues.every((c) => c.active === null)).toBe(true);
    expect(directory.groups.find((g) => g.id === 'g-tech')).toEqual({ id: 'g-tech', name: '技術支持', queued: null, online: null, freePlaces: null });
  });
});
