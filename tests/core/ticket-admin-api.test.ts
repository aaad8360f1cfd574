import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { ApiError, type AuthorityOverview, type CustomerSearchResult, type DirectoryUser, type TicketCategoryNode, type TicketDraft, type TicketScriptValuesView, type TicketSummary } from '../../src/shared/contract';
import { fixedClock, silentLog } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';

/** The offline demo replica, signed in as the demo agent 李婷. */
describe('ticket work and administration through the core API', () => {
  let core: Core;
  beforeEach(async () => {
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock(NOW), log: silentLog });
  });
  afterEach(() => core.close());

  const invoke = <T>(channel: string, input: unknown) => core.invoke(channel, input) as Promise<T>;
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).data.messageKey;
  };

  it('finds a customer for a ticket without a chat by name in either script, by the last four digits of the phone, or by order number', async () => {
    const search = (text: string) => invoke<CustomerSearchResult[]>('customer.search', { text });
    expect((await search('張偉')).map((c) => c.id)).toEqual(['cu-01']);
    const byPhone = await search('5671');
    expect(byPhone.map((c) => c.id)).toEqual(['cu-01']);
    // Masked as everywhere in the console: the number itself never reaches the renderer.
    expect(byPhone[0]).toMatchObject({ name: '张伟', phoneMasked: '138****5671', latestOrderNo: expect.stringMatching(/^DD/) });
    expect((await search('DD2026111889889886')).map((c) => c.id)).toEqual(['cu-01']);
    expect(await search('不存在的客户')).toEqual([]);
    expect((await refusal(invoke('customer.search', { text: ' ' })))).toBe('errors:api.invalid_input');
  });

  it('drafts and creates a ticket without a chat for the chosen customer; it is one of mine', async () => {
    const draft = await invoke<TicketDraft>('ticket.draft', { customerId: 'cu-09' });
    expect(draft).toMatchObject({ customerId: 'cu-09', customerName: '周晓峰', conversationId: null, title: '', intent: null, suggestedCategoryId: null, orderId: expect.any(String) });
    const { id } = await invoke<{ id: string }>('ticket.create', { customerId: 'cu-09', conversationId: null, title: '电话反馈：订单页加载慢', orderId: draft.orderId });
    const mine = await invoke<TicketSummary[]>('ticket.list', {});
    expect(mine.find((t) => t.id === id)).toMatchObject({ conversationId: null, customerName: '周晓峰', pending: true });
    expect(await refusal(invoke('ticket.draft', { customerId: 'cu-nobody' }))).toBe('errors:ticket.customer_not_found');
  });

  it('fills the chat’s script placeholders from its ticket: category, then the diagnosis and the ticket’s order', async () => {
    const values = () => invoke<TicketScriptValuesView>('ticket.scriptValues', { conversationId: 'c-001' });
    expect(await values()).toEqual({ ticketId: 't-08', ticketNumber: 'T20261120-0008', values: { category: '退款申請' } });
    await invoke('ticket.diagnose', {
      ticketId: 't-08',
      diagnosis: { classification: { errorText: '退款申请提交失败' }, solutions: [{ description: '原路退回399元' }], followUp: { eta: '1-3个工作日' } },
    });
    await invoke('ticket.update', { ticketId: 't-08', changes: { orderId: 'o-01' } });
    expect((await values()).values).toEqual({ category: '退款申請', errorText: '退款申请提交失败', solution: '原路退回399元', eta: '1-3个工作日', orderNo: 'DD2026111889889886' });
    expect(await invoke<TicketScriptValuesView>('ticket.scriptValues', { conversationId: 'c-004' })).toEqual({ ticketId: null, ticketNumber: null, values: {} });
  });

  it('hands a ticket to a colleague with a note; it leaves my list at once, and only an admin may change categories or limits', async () => {
    const users = await invoke<DirectoryUser[]>('directory.users', {});
    expect(users.map((u) => u.role)).toEqual(['admin', 'supervisor', 'agent', 'agent', 'agent', 'agent', 'trainee']);
    await invoke('ticket.assign', { ticketId: 't-07', assigneeId: 'u-agent-2', note: '物流问题转同事跟进' });
    expect((await invoke<TicketSummary[]>('ticket.list', {})).map((t) => t.id)).not.toContain('t-07');
    expect(await refusal(invoke('ticket.assign', { ticketId: 't-08', assigneeId: 'u-trainee-1', note: '说明' }))).toBe('ticket-admin:errors.assignee_not_allowed');
    expect(await refusal(invoke('ticket.assign', { ticketId: 't-08', assigneeId: 'u-agent-2', note: '' }))).toBe('errors:api.invalid_input');

    expect(await refusal(invoke('ticketCategory.setRetired', { id: 'tc-1-2-2', retired: true }))).toBe('errors:ticket.category_forbidden');
    expect(await refusal(invoke('authority.setLimit', { role: 'agent', userId: null, kind: 'refund', maxFen: 20000 }))).toBe('errors:authority.forbidden');
    const invalid = await invoke('authority.setLimit', { role: 'agent', userId: null, kind: 'refund', maxFen: -5 }).then(() => null, (e: unknown) => e as ApiError);
    expect(invalid?.data.issues?.[0]?.messageKey).toBe('ticket-admin:errors.limit_negative');
  });

  it('checks a reply’s refund promise against the agent’s own limit as the admin set it', async () => {
    const findings = async (text: string) => ((await invoke<{ findings: { messageParams?: unknown }[] }>('reply.check', { conversationId: 'c-001', text })).findings);
    expect(await findings('给您退款300元')).toEqual([expect.objectContaining({ messageParams: { amount: 300, limit: 100 } })]);
    // As it arrives by sync from the server once an admin gave 李婷 500 yuan.
    await core.replica.db.insertInto('authority_limits').values({ id: 'l1', role: null, user_id: 'u-agent-1', kind: 'refund', max_fen: 50000, updated_at: NOW }).execute();
    expect(await findings('给您退款300元')).toEqual([]);
  });

  it('shows every category with whether it takes new tickets, how many use it, and everyone’s limit in force', async () => {
    const tree = await invoke<TicketCategoryNode[]>('ticket.categories', {});
    expect(tree.map((n) => [n.name, n.active, n.retired])).toEqual([
      ['訂單服務', true, false],
      ['技術支持', true, false],
      ['投訴建議', true, false],
    ]);
    const usage = await invoke<Record<string, number>>('ticketCategory.usage', {});
    // A branch counts what is below it: 物流問題 holds t-01 (快遞丟失), t-13 (未發貨) and t-07, filed on the branch itself.
    expect(usage).toMatchObject({ 'tc-1-2-2': 1, 'tc-1-3-1': 2, 'tc-1-2': 3, 'tc-1': 8 });

    const overview = await invoke<AuthorityOverview>('authority.overview', {});
    expect(overview.roles.map((r) => [r.role, r.limits.refund.effective.fen, r.limits.coupon.effective.fen])).toEqual([
      ['supervisor', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
      ['agent', 10000, 2000],
      ['trainee', 0, 0],
    ]);
    const li = overview.users.find((u) => u.id === 'u-agent-1');
    expect(li?.limits.refund).toEqual({ ownFen: null, effective: { fen: 10000, source: 'default' } });
    expect(overview.users.some((u) => u.role === 'admin')).toBe(false);
  });
});
