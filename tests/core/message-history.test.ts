import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary, CoreEvent, MessagePage, MessageView } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/create-core';
import { rebase, RowWriter } from '../../src/main/core/sync/rebase';
import { fixedClock, silentLog } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';

describe('a chat history in pages, and refused replies', () => {
  let core: Core;
  afterEach(async () => core.close());

  async function setup() {
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock(NOW), log: silentLog });
    const conversations = (await core.invoke('conversation.list', {})) as ConversationSummary[];
    const [chat, other] = conversations.filter((c) => c.status === 'active');
    if (!chat || !other) throw new Error('two active chats expected');
    return { chat, other };
  }

  /** `count` older customer messages, a minute apart, ending a day before NOW. */
  async function addHistory(chat: ConversationSummary, count: number) {
    const start = Date.parse(NOW) - 86_400_000 - count * 60_000;
    const rows = Array.from({ length: count }, (_, i) => ({
      id: `old-${String(i).padStart(4, '0')}`,
      conversation_id: chat.id,
      sender_kind: 'customer' as const,
      sender_id: chat.customerId,
      body: `旧消息 ${i}`,
      channel: chat.channel,
      created_at: new Date(start + i * 60_000).toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 100) await core.replica.db.insertInto('messages').values(rows.slice(i, i + 100)).execute();
  }

  const page = (input: Record<string, unknown>) => core.invoke('message.page', input) as Promise<MessagePage>;
  const all = (conversationId: string) => core.invoke('message.list', { conversationId }) as Promise<MessageView[]>;

  it('pages back from the newest message to the first, every message once and in order', async () => {
    const { chat } = await setup();
    await addHistory(chat, 250);
    const everything = await all(chat.id);
    const seen: MessageView[] = [];
    let before: { createdAt: string; id: string } | undefined;
    let pages = 0;
    for (;;) {
      const result = await page({ conversationId: chat.id, limit: 100, ...(before ? { before } : {}) });
      pages++;
      seen.unshift(...result.messages);
      if (!result.hasOlder) break;
      const oldest = result.messages[0];
      if (!oldest) throw new Error('a page with older messages cannot be empty');
      before = { createdAt: oldest.createdAt, id: oldest.id };
    }
    expect(pages).toBe(Math.ceil(everything.length / 100));
    expect(seen.map((m) => m.id)).toEqual(everything.map((m) => m.id));
    expect(seen[0]?.id).toBe('old-0000');
  });

  it('refuses a page size beyond the limit', async () => {
    const { chat } = await setup();
    await expect(page({ conversationId: chat.id, limit: 10_000 })).rejects.toMatchObject({ data: { code: 'invalid_input' } });
  });

  it('shows a refused reply where it was sent, sends it again as a new message with the same text, and can dismiss one', async () => {
    const { chat } = await setup();
    const { id } = (await core.invoke('message.send', { conversationId: chat.id, body: '马上为您处理', overrides: ['absolute_claim'] })) as { id: string };
    const outbox = await core.replica.db.selectFrom('outbox').select('seq').where('name', '=', 'message.send').executeTakeFirstOrThrow();
    // The server turned it down: the rebase takes the message back; the outbox keeps the refusal.
    await rebase(core.replica.db, core.replica.sqlite, new RowWriter(core.replica.sqlite), { changes: [], clear: false, lastMutationSeq: outbox.seq, rejected: [{ seq: outbox.seq, messageKey: 'errors:conversation.closed' }], syncState: {} }, NOW, silentLog);
    const latest = await page({ conversationId: chat.id });
    expect(latest.messages.at(-1)).toMatchObject({ id, body: '马上为您处理', rejectedReason: 'errors:conversation.closed', pending: false });

    const events: CoreEvent[] = [];
    const unsubscribe = core.subscribe((event) => events.push(event));
    const retried = (await core.invoke('message.retry', { id })) as { id: string };
    unsubscribe();
    expect(retried.id).not.toBe(id);
    const after = (await page({ conversationId: chat.id })).messages;
    expect(after.some((m) => m.id === id)).toBe(false);
    expect(after.at(-1)).toMatchObject({ id: retried.id, body: '马上为您处理', pending: true, rejectedReason: null, complianceOverrides: ['absolute_claim'] });
    // Only this chat is named as changed, so only its history is refetched.
    expect(events.every((e) => e.conversations?.length === 1 && e.conversations[0] === chat.id)).toBe(true);
    // Done once: the refusal is gone.
    await expect(core.invoke('message.retry', { id })).rejects.toMatchObject({ data: { code: 'not_found', messageKey: 'console-extra:errors.notRefused' } });

    // A second refusal, dismissed: gone from the chat and from the outbox, nothing queued.
    const second = await core.replica.db.selectFrom('outbox').select('seq').where('status', '=', 'pending').executeTakeFirstOrThrow();
    await rebase(core.replica.db, core.replica.sqlite, new RowWriter(core.replica.sqlite), { changes: [], clear: false, lastMutationSeq: second.seq, rejected: [{ seq: second.seq, messageKey: 'errors:conversation.not_assignee' }], syncState: {} }, NOW, silentLog);
    await core.invoke('message.dismiss', { id: retried.id });
    expect((await page({ conversationId: chat.id })).messages.some((m) => m.id === retried.id)).toBe(false);
    expect(await core.replica.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });

  it('keeps the refused reply when sending it again fails locally', async () => {
    const { chat } = await setup();
    const { id } = (await core.invoke('message.send', { conversationId: chat.id, body: '请稍等' })) as { id: string };
    const outbox = await core.replica.db.selectFrom('outbox').select('seq').executeTakeFirstOrThrow();
    await rebase(core.replica.db, core.replica.sqlite, new RowWriter(core.replica.sqlite), { changes: [], clear: false, lastMutationSeq: outbox.seq, rejected: [{ seq: outbox.seq, messageKey: 'errors:conversation.closed' }], syncState: {} }, NOW, silentLog);
    // The chat has since been closed here too: the new send is refused on the spot.
    await core.replica.db.updateTable('conversations').set({ status: 'closed' }).where('id', '=', chat.id).execute();
    await expect(core.invoke('message.retry', { id })).rejects.toMatchObject({ data: { code: 'rejected' } });
    expect((await page({ conversationId: chat.id })).messages.at(-1)).toMatchObject({ id, body: '请稍等', rejectedReason: 'errors:conversation.closed' });
  });

  it('a rebase names the chats its rows and replayed replies belong to', async () => {
    const { chat, other } = await setup();
    await core.invoke('message.send', { conversationId: chat.id, body: '好的' });
    const result = await rebase(
      core.replica.db,
      core.replica.sqlite,
      new RowWriter(core.replica.sqlite),
      {
        changes: [{ table: 'messages', op: 'put', key: { id: 'srv-9' }, row: { id: 'srv-9', conversation_id: other.id, sender_kind: 'customer', sender_id: other.customerId, body: '在吗', channel: other.channel, created_at: NOW } }],
        clear: false,
        lastMutationSeq: 0,
        rejected: [],
        syncState: {},
      },
      NOW,
      silentLog,
    );
    expect(result.conversations?.sort()).toEqual([chat.id, other.id].sort());
    // A row it cannot place (a message deleted by key alone) makes it say "any chat".
    const unknown = await rebase(core.replica.db, core.replica.sqlite, new RowWriter(core.replica.sqlite), { changes: [{ table: 'messages', op: 'delete', key: { id: 'srv-9' } }], clear: false, lastMutationSeq: 0, rejected: [], syncState: {} }, NOW, silentLog);
    expect(unknown.conversations).toBeUndefined();
  });
});
