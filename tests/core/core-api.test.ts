import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type ConversationSummary, type CoreEvent, type MessageView } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/create-core';
import { fixedClock, silentLog, tempDir } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';

async function demoCore(dataDir = ':memory:'): Promise<Core> {
  return createCore({ dataDir, demo: true, clock: fixedClock(NOW), log: silentLog });
}

const list = (core: Core) => core.invoke('conversation.list', {}) as Promise<ConversationSummary[]>;
const messages = (core: Core, conversationId: string) => core.invoke('message.list', { conversationId }) as Promise<MessageView[]>;

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('desktop core API', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('signs in the demo agent and lists their active chats, longest-waiting first', async () => {
    const core = await demoCore();
    cleanups.push(() => core.close());
    const session = (await core.invoke('session.get', {})) as { user: { id: string; agentNo: string } };
    expect(session.user.id).toBe('u-agent-1');

    const conversations = await list(core);
    const active = conversations.filter((c) => c.status === 'active');
    expect(active).toHaveLength(5);
    expect(active.every((c) => c.assigneeId === 'u-agent-1')).toBe(true);
    const waiting = active.filter((c) => c.waitingSince !== null).map((c) => Date.parse(c.waitingSince ?? ''));
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting).toEqual([...waiting].sort((a, b) => a - b));
    // Queued chats of the agent's groups are visible; other agents' chats are not.
    expect(conversations.some((c) => c.status === 'queued')).toBe(true);
    expect(conversations.every((c) => c.assigneeId === 'u-agent-1' || c.status === 'queued')).toBe(true);
  });

  it('sends a reply: the message is stored, shown as pending, queued once, and the change is announced', async () => {
    const core = await demoCore();
    cleanups.push(() => core.close());
    const events: CoreEvent[] = [];
    core.subscribe((event) => events.push(event));
    const target = (await list(core)).find((c) => c.status === 'active' && c.waitingSince !== null);
    if (!target) throw new Error('demo data has no waiting chat');

    const { id } = (await core.invoke('message.send', { conversationId: target.id, body: '  您好，我是客服小李，马上为您查询。 ' })) as { id: string };

    const sent = (await messages(core, target.id)).at(-1);
    expect(sent).toMatchObject({ id, body: '您好，我是客服小李，马上为您查询。', senderKind: 'agent', pending: true });
    const after = (await list(core)).find((c) => c.id === target.id);
    expect(after).toMatchObject({ waitingSince: null, unreadCount: 0, pendingCount: 1, lastMessagePreview: '您好，我是客服小李，马上为您查询。' });
    const status = (await core.invoke('sync.status', {})) as { pendingCount: number };
    expect(status.pendingCount).toBe(1);
    expect(events.flatMap((e) => e.tables)).toEqual(expect.arrayContaining(['messages', 'conversations', 'outbox']));
  });

  it('refuses an empty reply with a translatable reason and writes nothing', async () => {
    const core = await demoCore();
    cleanups.push(() => core.close());
    const target = (await list(core)).find((c) => c.status === 'active');
    if (!target) throw new Error('no active chat');
    const before = await messages(core, target.id);

    const error = await rejection(core.invoke('message.send', { conversationId: target.id, body: '   ' }));
    expect(error.data.code).toBe('invalid_input');
    expect(error.data.issues?.[0]?.messageKey).toBe('errors:message.empty');
    expect(await messages(core, target.id)).toHaveLength(before.length);
    expect(((await core.invoke('sync.status', {})) as { pendingCount: number }).pendingCount).toBe(0);
  });

  it('refuses a reply to a closed conversation and to one that does not exist', async () => {
    const core = await demoCore();
    cleanups.push(() => core.close());
    const closed = (await list(core)).find((c) => c.status === 'closed');
    if (!closed) throw new Error('no closed chat');
    expect((await rejection(core.invoke('message.send', { conversationId: closed.id, body: '还在吗？' }))).data).toMatchObject({ code: 'rejected', messageKey: 'errors:conversation.closed' });
    expect((await rejection(core.invoke('message.send', { conversationId: 'missing', body: '你好' }))).data).toMatchObject({ code: 'rejected', messageKey: 'errors:conversation.not_found' });
  });

  it('refuses unknown channels and malformed input', async () => {
    const core = await demoCore();
    cleanups.push(() => core.close());
    expect((await rejection(core.invoke('ticket.delete', {}))).data.code).toBe('unknown_channel');
    expect((await rejection(core.invoke('message.list', { conversationId: 42 }))).data.code).toBe('invalid_input');
  });

  it('opening a chat clears its unread count once, without queueing anything when already read', async () => {
    const core = await demoCore();
    cleanups.push(() => core.close());
    const unread = (await list(core)).find((c) => c.unreadCount > 0);
    if (!unread) throw new Error('no unread chat');
    await core.invoke('conversation.markRead', { conversationId: unread.id });
    await core.invoke('conversation.markRead', { conversationId: unread.id });
    expect((await list(core)).find((c) => c.id === unread.id)?.unreadCount).toBe(0);
    expect(((await core.invoke('sync.status', {})) as { pendingCount: number }).pendingCount).toBe(1);
  });

  it('keeps replies, pending changes and drafts across a restart, and never reseeds over them', async () => {
    const dir = tempDir('core-restart');
    cleanups.push(() => dir.remove());
    let core = await demoCore(dir.path);
    const [first, second] = (await list(core)).filter((c) => c.status === 'active');
    if (!first || !second) throw new Error('need two active chats');
    const { id } = (await core.invoke('message.send', { conversationId: first.id, body: '已为您登记退款申请' })) as { id: string };
    await core.invoke('draft.save', { conversationId: second.id, body: '半句话还没写完' });
    await core.close();

    core = await demoCore(dir.path);
    cleanups.push(() => core.close());
    expect((await messages(core, first.id)).filter((m) => m.id === id)).toEqual([expect.objectContaining({ pending: true })]);
    expect(await core.invoke('draft.get', { conversationId: second.id })).toMatchObject({ body: '半句话还没写完' });
    expect(((await core.invoke('sync.status', {})) as { pendingCount: number }).pendingCount).toBe(1);
  });

  it('a sent reply replaces the draft it came from', async () => {
    const core = await demoCore();
    cleanups.push(() => core.close());
    const target = (await list(core)).find((c) => c.status === 'active');
    if (!target) throw new Error('no active chat');
    await core.invoke('draft.save', { conversationId: target.id, body: '草稿' });
    await core.invoke('message.send', { conversationId: target.id, body: '草稿' });
    expect(await core.invoke('draft.get', { conversationId: target.id })).toMatchObject({ body: '', updatedAt: null });
  });
});
