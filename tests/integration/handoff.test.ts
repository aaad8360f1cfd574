import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/create-core';
import type { ConversationHandoffView, ConversationSummary, MessageView, UserView } from '../../src/shared/contract';
import { useSyncedWorkstations } from '../support/synced-workstations';
import { waitFor } from '../support/wait-for';

describe('a transfer between two synced workstations', () => {
  const { workstation, status, settled, stopServer, restartServer } = useSyncedWorkstations('handoff');
  const list = (core: Core) => core.invoke('conversation.list', {}) as Promise<ConversationSummary[]>;

  it('written offline by 李婷, pending in her slot, reaches 王浩然 with the note once she is back online', async () => {
    const agent1 = await workstation('agent1', 'agent1');
    const agent2 = await workstation('agent2', 'agent2');
    // 王浩然 starts his shift with his demo chats wrapped up, and goes online.
    for (const id of ['c-011', 'c-012', 'c-013']) await agent2.invoke('conversation.close', { conversationId: id });
    await agent2.invoke('presence.set', { presence: 'online' });
    await settled(agent2, 'agent2 on duty');
    await waitFor(
      () => agent1.invoke('handoff.directory', {}) as Promise<{ colleagues: { id: string; presence: UserView['presence'] }[] }>,
      (d) => d.colleagues.some((c) => c.id === 'u-agent-2' && c.presence === 'online'),
      '王浩然 online as 李婷 sees it',
    );
    await waitFor(() => list(agent1), (chats) => chats.find((c) => c.id === 'c-001')?.place === 'slot', 'c-001 in 李婷’s slots');

    await stopServer();
    const note = '客户要退款：订单未发货，已核实支付成功；退款页报错 E102，需技术同事看后台';
    const { id } = (await agent1.invoke('conversation.transfer', { conversationId: 'c-001', target: { kind: 'agent', userId: 'u-agent-2' }, reason: 'specialist', note })) as { id: string };
    await waitFor(() => status(agent1), (s) => s.connection === 'offline' && s.pendingCount === 1, 'offline with the transfer pending');
    expect((await list(agent1)).find((c) => c.id === 'c-001')).toMatchObject({ place: 'slot', transferPendingTo: '王浩然' });
    expect(((await agent1.invoke('conversation.handoff', { conversationId: 'c-001' })) as ConversationHandoffView).pendingTransfer).toMatchObject({ id, pending: true, note });

    await restartServer();
    await settled(agent1, 'the transfer delivered');
    await waitFor(() => list(agent1), (chats) => !chats.some((c) => c.id === 'c-001'), 'c-001 gone from 李婷’s console');

    const arrived = await waitFor(() => list(agent2), (chats) => chats.some((c) => c.id === 'c-001'), 'c-001 on 王浩然’s console');
    expect(arrived.find((c) => c.id === 'c-001')).toMatchObject({ place: 'slot', assigneeId: 'u-agent-2', transferredFrom: '李婷', waitingSince: expect.any(String) });
    const view = (await agent2.invoke('conversation.handoff', { conversationId: 'c-001' })) as ConversationHandoffView;
    expect(view).toMatchObject({ role: 'owner', arrival: { id, fromName: '李婷', toName: '王浩然', reason: 'specialist', note, pending: false } });
    const messages = (await agent2.invoke('message.list', { conversationId: 'c-001' })) as MessageView[];
    expect(messages.filter((m) => m.senderKind === 'customer').length).toBeGreaterThan(0);
    // The customer was told, in the chat, why and how long.
    expect(messages.filter((m) => m.senderKind === 'bot').at(-1)?.body).toContain('已为您转接给客服 王浩然，预计 30 秒内回复您');

    // 王浩然 answers; 李婷 no longer can.
    await agent2.invoke('message.send', { conversationId: 'c-001', body: '您好，我是王浩然，退款页的问题我来处理。' });
    await settled(agent2, 'the answer delivered');
    await expect(agent1.invoke('message.send', { conversationId: 'c-001', body: '还在吗' })).rejects.toMatchObject({ data: { code: 'rejected' } });
  });
});
