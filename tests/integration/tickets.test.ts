import { describe, expect, it } from 'vitest';
import type { ApprovalView, AuditEntryView, ConversationSummary, TicketDetail, TicketDraft, TicketSummary } from '../../src/shared/contract';
import { useSyncedWorkstations } from '../support/synced-workstations';
import { waitFor } from '../support/wait-for';

describe('tickets between workstations and the server', () => {
  const { workstation, status, settled, stopServer, restartServer } = useSyncedWorkstations('tickets');

  it('a chat becomes a ticket, a refund above the limit requested offline stays pending, and the supervisor’s approval reaches the agent', async () => {
    const agent = await workstation('agent', 'agent1');
    const supervisor = await workstation('supervisor', 'supervisor1');
    const chats = (await agent.invoke('conversation.list', {})) as ConversationSummary[];
    const chat = chats.find((c) => c.id === 'c-001');
    if (!chat) throw new Error('demo chat c-001 missing');

    const draft = (await agent.invoke('ticket.draft', { conversationId: chat.id })) as TicketDraft;
    expect(draft).toMatchObject({ customerId: chat.customerId, conversationId: chat.id, title: chat.subject });
    const { id } = (await agent.invoke('ticket.create', { ...draft, poolLevel: 2 })) as { id: string };
    expect(((await agent.invoke('ticket.get', { ticketId: id })) as TicketDetail).pending).toBe(true);
    await settled(agent, 'ticket pushed');
    const numbered = await waitFor(
      () => agent.invoke('ticket.get', { ticketId: id }) as Promise<TicketDetail>,
      (t) => t.number !== null && t.deadlines.length === 1,
      'the server’s number and L2 clock on the agent’s workstation',
    );
    expect(numbered).toMatchObject({ status: 'open', poolLevel: 2, pending: false, authorityFen: { refund: 10_000 } });
    expect(numbered.deadlines[0]).toMatchObject({ kind: 'pool_l2_feedback', metAt: null });

    await stopServer();
    await agent.invoke('approval.request', { ticketId: id, kind: 'refund', amountFen: 15_000, orderId: null, reason: '商品质量问题，客户要求全额退款' });
    await waitFor(() => status(agent), (s) => s.connection === 'offline' && s.pendingCount === 1, 'offline with the request pending');
    const offline = (await agent.invoke('ticket.get', { ticketId: id })) as TicketDetail;
    expect(offline.approvals).toEqual([expect.objectContaining({ amountFen: 15_000, status: 'pending', withinLimit: false, pending: true })]);

    await restartServer();
    await settled(agent, 'the request delivered');
    const waiting = await waitFor(
      () => supervisor.invoke('approval.list', { status: 'pending' }) as Promise<ApprovalView[]>,
      (list) => list.some((a) => a.ticketId === id),
      'the request on the supervisor’s list',
    );
    const approval = waiting.find((a) => a.ticketId === id);
    if (!approval) throw new Error('approval');
    await supervisor.invoke('approval.decide', { approvalId: approval.id, decision: 'approved', note: '老客户，同意退款' });

    const decided = await waitFor(
      () => agent.invoke('ticket.get', { ticketId: id }) as Promise<TicketDetail>,
      (t) => t.approvals[0]?.status === 'approved',
      'the approval on the agent’s workstation',
    );
    expect(decided.approvals[0]).toMatchObject({ decidedByName: expect.any(String), decisionNote: '老客户，同意退款', pending: false });
    expect(decided.events.map((e) => e.kind)).toEqual(['created', 'approval_requested', 'approval_decided']);

    const mine = (await agent.invoke('ticket.list', {})) as TicketSummary[];
    expect(mine.find((t) => t.id === id)).toMatchObject({ number: numbered.number, pendingApprovals: 0 });

    // The refusal of an illegal move comes back to the workstation that tried it.
    await expect(agent.invoke('ticket.transition', { ticketId: id, to: 'closed', note: '' })).rejects.toMatchObject({ data: { messageKey: 'errors:ticket.illegal_transition' } });

    const audit = (await supervisor.invoke('audit.search', { entityId: id })) as AuditEntryView[];
    expect(audit.map((e) => e.action).sort()).toEqual(['approval.decide', 'approval.request', 'ticket.create'].sort());
    await expect(agent.invoke('audit.search', {})).rejects.toMatchObject({ data: { messageKey: 'errors:audit.forbidden' } });
  });
});
