import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationSummary, MessageView } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/create-core';
import { LARGE_PAGE_ROWS, rebase, RowWriter, type RebaseInput } from '../../src/main/core/sync/rebase';
import { fixedClock, silentLog } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';

describe('rebase of pending mutations onto server state', () => {
  let core: Core;
  afterEach(async () => core.close());

  async function setup() {
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock(NOW), log: silentLog });
    const conversations = (await core.invoke('conversation.list', {})) as ConversationSummary[];
    const target = conversations.find((c) => c.status === 'active' && c.waitingSince !== null);
    if (!target) throw new Error('no waiting chat');
    const { id } = (await core.invoke('message.send', { conversationId: target.id, body: '马上为您处理' })) as { id: string };
    const outbox = await core.replica.db.selectFrom('outbox').select(['seq']).execute();
    return { target, messageId: id, seq: outbox[0]?.seq ?? -1 };
  }

  const run = (input: Partial<RebaseInput>) =>
    rebase(
      core.replica.db,
      core.replica.sqlite,
      new RowWriter(core.replica.sqlite),
      { changes: [], clear: false, lastMutationSeq: 0, rejected: [], syncState: {}, ...input },
      NOW,
      silentLog,
    );
  const messages = (conversationId: string) => core.invoke('message.list', { conversationId }) as Promise<MessageView[]>;
  const conversation = async (id: string) => ((await core.invoke('conversation.list', {})) as ConversationSummary[]).find((c) => c.id === id);

  it('a pending mutation survives a rebase with nothing new from the server', async () => {
    const { target, messageId } = await setup();
    await run({});
    expect((await messages(target.id)).filter((m) => m.id === messageId)).toEqual([expect.objectContaining({ pending: true })]);
    expect((await conversation(target.id))?.waitingSince).toBeNull();
  });

  it('a rejected mutation is taken back entirely and kept visible with its reason', async () => {
    const { target, messageId, seq } = await setup();
    await run({ lastMutationSeq: seq, rejected: [{ seq, messageKey: 'errors:conversation.closed' }] });
    expect(await core.replica.db.selectFrom('messages').select('id').where('id', '=', messageId).execute()).toEqual([]);
    expect((await messages(target.id)).filter((m) => m.id === messageId)).toEqual([
      expect.objectContaining({ body: '马上为您处理', pending: false, rejectedReason: 'errors:conversation.closed' }),
    ]);
    // The conversation is back as it was: the customer is still waiting.
    expect((await conversation(target.id))?.waitingSince).toBe(target.waitingSince);
    const outbox = await core.replica.db.selectFrom('outbox').selectAll().execute();
    expect(outbox).toEqual([expect.objectContaining({ seq, status: 'rejected', error: 'errors:conversation.closed' })]);
  });

  it('an acknowledged mutation leaves the outbox and the server row replaces the optimistic one', async () => {
    const { target, messageId, seq } = await setup();
    const serverTime = '2026-11-22T10:00:05.000Z';
    await run({
      lastMutationSeq: seq,
      changes: [
        { table: 'messages', op: 'put', key: { id: messageId }, row: { id: messageId, conversation_id: target.id, sender_kind: 'agent', sender_id: 'u-agent-1', body: '马上为您处理', channel: target.channel, created_at: serverTime } },
      ],
    });
    const sent = (await messages(target.id)).filter((m) => m.id === messageId);
    expect(sent).toEqual([expect.objectContaining({ pending: false, createdAt: serverTime })]);
    expect(await core.replica.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
    expect(await core.replica.db.selectFrom('undo_log').selectAll().execute()).toEqual([]);
  });

  it('pending mutations replay on top of newer server rows', async () => {
    const { target, messageId } = await setup();
    // Meanwhile the customer wrote again: the server's conversation row says so.
    await run({
      changes: [
        { table: 'messages', op: 'put', key: { id: 'srv-1' }, row: { id: 'srv-1', conversation_id: target.id, sender_kind: 'customer', sender_id: target.customerId, body: '还要等多久？', channel: target.channel, created_at: '2026-11-22T09:59:59.000Z' } },
      ],
    });
    const ids = (await messages(target.id)).map((m) => m.id);
    expect(ids).toContain('srv-1');
    expect(ids).toContain(messageId);
  });

  it('a server delete removes a row that left this replica’s scope', async () => {
    const { target } = await setup();
    await run({ changes: [{ table: 'conversations', op: 'delete', key: { id: target.id } }, ...(await messages(target.id)).map((m) => ({ table: 'messages', op: 'delete' as const, key: { id: m.id } }))] });
    expect(await conversation(target.id)).toBeUndefined();
  });

  it('a re-bootstrap empties a full replica a slice at a time: the console keeps running while it clears', async () => {
    await setup();
    const sqlite = core.replica.sqlite;
    const conversationId = (sqlite.prepare('select id from conversations limit 1').get() as { id: string }).id;
    const insert = sqlite.prepare(`insert into messages (id, conversation_id, sender_kind, body, channel, created_at) values (?, ?, 'customer', '还在吗', 'web', ?)`);
    sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`m-bulk-${i}`, conversationId, NOW);
    })();
    const total = (sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n;

    // What the UI's next request would see on this connection while the rebase is under way.
    const seen: number[] = [];
    let done = false;
    const look = () => {
      if (done) return;
      seen.push((sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n);
      setImmediate(look);
    };
    setImmediate(look);
    await run({ clear: true });
    done = true;

    expect(seen.some((n) => n > 0 && n < total)).toBe(true);
    expect((sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n).toBe(0);
  });
  it('a live page of a few rows is applied in one go; a large page lets the rest of the process run before its commit', async () => {
    const { target } = await setup();
    const customerMessage = (id: string) => ({
      table: 'messages',
      op: 'put' as const,
      key: { id },
      row: { id, conversation_id: target.id, sender_kind: 'customer', sender_id: target.customerId, body: '在吗？', channel: target.channel, created_at: NOW },
    });
    // Work queued behind the page (the UI's next request, another chat's poke) runs only once the page is in, for a reply,
    // even when its rows are slow to write (a statement prepared for the first time, a GC on a busy machine): here 5 ms each.
    let queuedRan = false;
    setImmediate(() => (queuedRan = true));
    let clock = performance.now();
    const slowClock = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 5));
    await run({ changes: [customerMessage('srv-live'), customerMessage('srv-live-2')] }).finally(() => slowClock.mockRestore());
    expect(queuedRan).toBe(false);
    expect((await messages(target.id)).map((m) => m.id)).toContain('srv-live');
    await new Promise((resolve) => setImmediate(resolve));

    // A bootstrap page is long work: the event loop gets a turn before its commit at the latest.
    queuedRan = false;
    setImmediate(() => (queuedRan = true));
    await run({ changes: Array.from({ length: LARGE_PAGE_ROWS }, (_, i) => customerMessage(`srv-page-${i}`)) });
    expect(queuedRan).toBe(true);
  });
});
