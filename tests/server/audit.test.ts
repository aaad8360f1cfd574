import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../src/shared/contract/tickets';
import { mutators, type MutatorName } from '../../src/shared/mutations';
import { SYNC_PATHS } from '../../src/shared/sync/protocol';
import { login, postJson, startTestServer, TestClient, type TestServer } from './helpers';
import { CHANNEL_KEYS, clearFloor, inbound, setPresence, WidgetCustomer } from './routing-support';

type User = 'agent1' | 'supervisor1' | 'admin';

interface Fixture {
  user: User;
  /** Arguments of one call that the server applies, given a fresh ticket of agent1 (customer cu-01, chat c-001). */
  args(ticketId: string, server: TestServer): Promise<Record<string, unknown>> | Record<string, unknown>;
}

const eventId = () => randomUUID();

/**
 * One applied call of every mutation the protocol knows. A mutation added without an entry here
 * fails the completeness test below: every data-changing API must show that it is audited.
 */
const FIXTURES: Record<MutatorName, Fixture> = {
  'message.send': { user: 'agent1', args: () => ({ id: randomUUID(), conversationId: 'c-001', body: '您好，已为您查询' }) },
  'conversation.markRead': { user: 'agent1', args: () => ({ conversationId: 'c-001' }) },
  'conversation.close': { user: 'agent1', args: () => ({ conversationId: 'c-004' }) },
  'presence.set': { user: 'agent1', args: () => ({ presence: 'busy' }) },
  'conversation.transfer': { user: 'agent1', args: () => ({ id: randomUUID(), conversationId: 'c-002', target: { kind: 'group', groupId: 'g-presales' }, reason: 'department', note: '客户要改地址，已核对订单' }) },
  'conversation.invite': {
    user: 'agent1',
    args: async (_ticketId, server) => {
      await server.store.db.updateTable('users').set({ presence: 'online' }).where('id', '=', 'u-agent-4').execute();
      return { id: randomUUID(), conversationId: 'c-003', userId: 'u-agent-4', note: '帮忙查物流' };
    },
  },
  'conversation.endInvite': {
    user: 'agent1',
    args: async (_ticketId, server) => {
      await server.store.db
        .insertInto('conversation_participants')
        .values({ id: randomUUID(), conversation_id: 'c-005', user_id: 'u-agent-3', invited_by: 'u-agent-1', note: '', invited_at: new Date().toISOString(), ended_at: null, ended_by: null })
        .execute();
      return { id: randomUUID(), conversationId: 'c-005', userId: 'u-agent-3' };
    },
  },
  'ticket.create': { user: 'agent1', args: () => ({ id: randomUUID(), eventId: eventId(), customerId: 'cu-01', conversationId: 'c-001', title: '退款未到账' }) },
  'ticket.update': { user: 'agent1', args: (ticketId) => ({ ticketId, eventId: eventId(), changes: { priority: 'high' } }) },
  'ticket.transition': { user: 'agent1', args: (ticketId) => ({ ticketId, eventId: eventId(), to: 'in_progress', note: '' }) },
  'ticket.diagnose': { user: 'agent1', args: (ticketId) => ({ ticketId, eventId: eventId(), diagnosis: { rootCause: 'external', clarification: '快递中转站滞留' } }) },
  'ticket.escalate': { user: 'agent1', args: (ticketId) => ({ ticketId, eventId: eventId(), level: 1, reason: '客户要求主管回电' }) },
  'ticket.assign': {
    user: 'supervisor1',
    args: async (_ticketId, server) => {
      // A ticket of its own: the others go on working on the shared one as agent1.
      const ticketId = `test-assign-${randomUUID()}`;
      const now = new Date().toISOString();
      await server.store.db
        .insertInto('tickets')
        .values({ id: ticketId, number: null, customer_id: 'cu-01', conversation_id: null, title: '转交测试', description: '', category_id: null, status: 'open', priority: 'normal', assignee_id: 'u-agent-1', created_at: now, updated_at: now, closed_at: null })
        .execute();
      return { ticketId, eventId: eventId(), assigneeId: 'u-agent-2', note: '技术问题转技术支持' };
    },
  },
  'ticket.recordMilestone': { user: 'agent1', args: (ticketId) => ({ ticketId, eventId: eventId(), milestone: 'progress_feedback', note: '已同步商家' }) },
  'alert.done': {
    user: 'agent1',
    args: async (ticketId, server) => {
      const alertId = `test-alert-${randomUUID()}`;
      await server.store.db
        .insertInto('ticket_alerts')
        .values({ id: alertId, ticket_id: ticketId, rule: 'logistics_stalled', raised_at: new Date().toISOString(), contact_due_at: new Date().toISOString(), done_at: null, done_by: null, done_note: null })
        .execute();
      return { alertId, eventId: eventId(), note: '已联系客户' };
    },
  },
  'approval.request': { user: 'agent1', args: (ticketId) => ({ id: randomUUID(), ticketId, eventId: eventId(), kind: 'coupon', amountFen: 1000, orderId: null, reason: '等待补偿' }) },
  'approval.decide': {
    user: 'supervisor1',
    args: async (ticketId, server) => {
      const approvalId = randomUUID();
      await server.store.db
        .insertInto('approvals')
        .values({ id: approvalId, ticket_id: ticketId, kind: 'refund', amount_fen: 50_000, order_id: null, reason: '整单退款', status: 'pending', within_limit: 0, requested_by: 'u-agent-1', requested_at: new Date().toISOString(), decided_by: null, decided_at: null, decision_note: null })
        .execute();
      return { approvalId, eventId: eventId(), decision: 'approved', note: '' };
    },
  },
  'ticketCategory.save': { user: 'admin', args: () => ({ id: `tc-test-${randomUUID()}`, parentId: 'tc-1-2', name: '派送延误', sort: 9 }) },
  'ticketCategory.reorder': {
    user: 'admin',
    args: async (_ticketId, server) => {
      const children = await server.store.db.selectFrom('ticket_categories').select('id').where('parent_id', '=', 'tc-1-2').orderBy('sort').execute();
      return { parentId: 'tc-1-2', ids: children.map((c) => c.id).reverse() };
    },
  },
  'ticketCategory.setRetired': { user: 'admin', args: () => ({ id: 'tc-2-1-2', retired: true }) },
  'authority.setLimit': { user: 'admin', args: () => ({ id: 'limit-agent-coupon', role: 'agent', userId: null, kind: 'coupon', maxFen: 3000 }) },
  'authority.clearLimit': { user: 'admin', args: () => ({ role: 'agent', userId: null, kind: 'coupon' }) },
  'customer.reveal': { user: 'agent1', args: () => ({ customerId: 'cu-01', field: 'phone' }) },
  'kb.saveDraft': { user: 'supervisor1', args: () => ({ articleId: 'kb-a30', revisionId: randomUUID(), content: kbContent('下单后30分钟内可自助修改地址'), changeNote: '时限更新' }) },
  'kb.submit': { user: 'supervisor1', args: async (_t, server) => ({ revisionId: await kbRevision(server, 'kb-a31', 'draft', 'u-sup-1') }) },
  'kb.publish': { user: 'admin', args: async (_t, server) => ({ revisionId: await kbRevision(server, 'kb-a32', 'review', 'u-sup-1'), note: '已核对' }) },
  'kb.reject': { user: 'admin', args: async (_t, server) => ({ revisionId: await kbRevision(server, 'kb-a33', 'review', 'u-sup-1'), reason: '与现行流程不符' }) },
  'kb.urgentPublish': { user: 'admin', args: () => ({ articleId: 'kb-a34', revisionId: randomUUID(), content: { ...kbContent('旧号码停用时请走人工申诉'), categoryId: 'kb-guide-account-password' }, reason: '申诉入口变更' }) },
  'kb.confirmUrgent': { user: 'supervisor1', args: async (_t, server) => ({ revisionId: await kbRevision(server, 'kb-a36', 'published', 'u-admin-1'), note: '无误' }) },
  'kb.discardDraft': { user: 'supervisor1', args: async (_t, server) => ({ articleId: 'kb-a37', revisionId: await kbRevision(server, 'kb-a37', 'draft', 'u-sup-1') }) },
  'kb.markReviewed': { user: 'supervisor1', args: () => ({ articleId: 'kb-a17', note: '规则未变' }) },
  'kb.setSchedule': { user: 'supervisor1', args: () => ({ articleId: 'kb-a17', everyMonths: 3, dueAt: null }) },
  'kb.import': {
    user: 'admin',
    args: () => ({ articleId: `imp-${randomUUID()}`, revisionId: randomUUID(), category: [{ id: 'kbc-audit', name: '服务政策' }], content: { title: '审计导入', body: '导入的正文', notes: '', links: [], questions: [] }, status: 'published' }),
  },
  'kb.feedback': { user: 'agent1', args: () => ({ id: randomUUID(), articleId: 'kb-a09', kind: 'outdated', comment: '发货时效已改' }) },
  'kb.resolveFeedback': {
    user: 'supervisor1',
    args: async (_t, server) => {
      const feedbackId = randomUUID();
      await server.store.db
        .insertInto('kb_feedback')
        .values({ id: feedbackId, article_id: 'kb-a10', article_version: 1, kind: 'wrong', comment: '步骤不对', reported_by: 'u-agent-2', reported_at: new Date().toISOString(), status: 'open', resolved_by: null, resolved_at: null, resolution_note: null })
        .execute();
      return { feedbackId, resolution: 'dismissed', note: '步骤无误' };
    },
  },
  ...scriptFixtures(),
};

/** Content of a knowledge-base revision in category 修改地址. */
function kbContent(body: string) {
  return { categoryId: 'kb-guide-order-address', title: '修改收货地址', body, notes: '', links: [], questions: [] };
}

/** A revision of an article as the workflow would have left it, written straight into the server's store. */
async function kbRevision(server: TestServer, articleId: string, status: 'draft' | 'review' | 'published', authorId: string): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await server.store.db
    .insertInto('kb_revisions')
    .values({
      id,
      article_id: articleId,
      base_version: 1,
      version: status === 'published' ? 2 : null,
      status,
      category_id: 'kb-guide-order-address',
      title: '修改收货地址',
      body: `${articleId} 的新版本`,
      notes: '',
      links: '[]',
      questions: '[]',
      change_note: '',
      author_id: authorId,
      editors: JSON.stringify([authorId]),
      created_at: now,
      updated_at: now,
      submitted_at: status === 'draft' ? null : now,
      submitted_by: status === 'draft' ? null : authorId,
      decided_at: status === 'published' ? now : null,
      decided_by: status === 'published' ? authorId : null,
      decision_note: null,
      urgent: status === 'published' ? 1 : 0,
      post_reviewed_at: null,
      post_reviewed_by: null,
      post_review_note: null,
    })
    .execute();
  return id;

}

/** A version of a fresh script in the given state, written straight into the server's store. */
async function scriptVersion(server: TestServer, status: 'draft' | 'review' | 'published', authorId = 'u-sup-1') {
  const scriptId = `s-audit-${randomUUID()}`;
  const versionId = randomUUID();
  const now = new Date().toISOString();
  await server.store.db
    .insertInto('script_versions')
    .values({ id: versionId, script_id: scriptId, version: 1, title: '审计话术', body: '您好', category: 'general', stage: null, keywords: '[]', change_note: '', status, author_id: authorId, created_at: now, updated_at: now, submitted_at: null, reviewer_id: null, reviewed_at: null, review_note: null, published_at: null })
    .execute();
  if (status === 'published') {
    await server.store.db.insertInto('scripts').values({ id: scriptId, title: '审计话术', body: '您好', category: 'general', stage: null, keywords: '[]', status: 'published', version: 1, usage_count: 0, updated_at: now }).execute();
  }
  return { scriptId, versionId };
}

function scriptFixtures(): Record<Extract<MutatorName, `script.${string}` | `replyRule.${string}`>, Fixture> {
  const text = { title: '审计话术', body: '您好，我是{{agentName}}', category: 'general', stage: null, keywords: ['您好'], changeNote: '' };
  return {
    'script.draft': { user: 'supervisor1', args: () => ({ scriptId: `s-audit-${randomUUID()}`, versionId: randomUUID(), ...text }) },
    'script.edit': { user: 'supervisor1', args: async (_t, server) => ({ ...(await scriptVersion(server, 'draft')), ...text }) },
    'script.submit': { user: 'supervisor1', args: (_t, server) => scriptVersion(server, 'draft') },
    'script.withdraw': { user: 'supervisor1', args: (_t, server) => scriptVersion(server, 'review') },
    'script.discard': { user: 'supervisor1', args: (_t, server) => scriptVersion(server, 'draft') },
    'script.approve': { user: 'admin', args: (_t, server) => scriptVersion(server, 'review') },
    'script.reject': { user: 'admin', args: async (_t, server) => ({ ...(await scriptVersion(server, 'review')), reason: '请补充到账时间' }) },
    'script.retire': { user: 'supervisor1', args: async (_t, server) => ({ scriptId: (await scriptVersion(server, 'published')).scriptId }) },
    'script.restore': {
      user: 'supervisor1',
      args: async (_t, server) => {
        const { scriptId } = await scriptVersion(server, 'published');
        await server.store.db.updateTable('script_versions').set({ status: 'retired' }).where('script_id', '=', scriptId).execute();
        await server.store.db.deleteFrom('scripts').where('id', '=', scriptId).execute();
        return { scriptId };
      },
    },
    'replyRule.update': { user: 'admin', args: () => ({ family: 'cold', groupId: 'impatience', addTerms: [`审计${randomUUID().slice(0, 4)}`] }) },
    'replyRule.add': { user: 'admin', args: () => ({ family: 'cold', groupId: `审计${randomUUID().slice(0, 8)}`, terms: ['自己看着办'], suggestion: { hans: '我来为您处理', hant: '我來為您處理' } }) },
    'replyRule.reset': {
      user: 'admin',
      args: async (_t, server) => {
        const now = new Date().toISOString();
        await server.store.db
          .insertInto('reply_rule_groups')
          .values({ id: 'cold/rules_excuse', family: 'cold', group_id: 'rules_excuse', terms: '["规定就是这样"]', except_words: '[]', suggestion_hans: null, suggestion_hant: null, enabled: 1, built_in: 1, version: 1, updated_by: 'u-admin-1', updated_at: now })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        return { family: 'cold', groupId: 'rules_excuse' };
      },
    },
  };
}

describe('the audit trail', () => {
  let server: TestServer;
  const clients = {} as Record<User, TestClient>;
  beforeAll(async () => {
    server = await startTestServer({ channels: { keys: CHANNEL_KEYS, webhooks: {}, retry: { firstMs: 1000, maxMs: 1000, attempts: 1 }, pollMs: 60_000 } });
    for (const user of ['agent1', 'supervisor1', 'admin'] as const) clients[user] = await TestClient.signIn(server.url, user);
  });
  afterAll(() => server.close());

  const auditRows = () => server.store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

  it('every mutation the server applies is in the audit trail with who, what, on which row, and how it was called', async () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(mutators).sort());
    const agent = clients.agent1;
    const ticketId = randomUUID();
    expect((await agent.run('ticket.create', { id: ticketId, eventId: eventId(), customerId: 'cu-01', conversationId: 'c-001', title: '审计用工单' })).status).toBe('applied');

    for (const name of Object.keys(mutators) as MutatorName[]) {
      const fixture = FIXTURES[name];
      const client = clients[fixture.user];
      const args = await fixture.args(ticketId, server);
      const result = await client.run(name, args);
      expect({ name, status: result.status }).toEqual({ name, status: 'applied' });
      const entry = await server.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('client_id', '=', client.clientId)
        .where('seq', '=', result.seq)
        .executeTakeFirst();
      expect({ name, entry }).toEqual({
        name,
        entry: expect.objectContaining({ action: name, actor_kind: 'user', actor_id: client.userId, outcome: 'applied' }),
      });
      expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject(args);
    }
  });

  it('refusals are recorded with their reason, and so are sign-ins, failed ones included', async () => {
    const agent = clients.agent1;
    const result = await agent.run('approval.decide', { approvalId: 'nope', eventId: eventId(), decision: 'approved', note: '' });
    expect(result).toMatchObject({ status: 'rejected', messageKey: 'errors:approval.forbidden' });
    expect((await auditRows()).at(-1)).toMatchObject({ action: 'approval.decide', actor_id: 'u-agent-1', outcome: 'rejected', message_key: 'errors:approval.forbidden' });

    await login(server.url, 'agent2');
    await postJson(server.url + SYNC_PATHS.login, { username: 'agent2', password: 'guess' });
    const logins = (await auditRows()).filter((r) => r.action === 'session.login').slice(-2);
    expect(logins.map((r) => [r.actor_id, r.outcome])).toEqual([
      ['u-agent-2', 'applied'],
      ['u-agent-2', 'rejected'],
    ]);
    expect(logins.every((r) => !r.detail.includes('guess'))).toBe(true);
  });

  it('customers and channels are audited too: widget session, message, ticket survey; inbound channel message', async () => {
    await clearFloor(server.store);
    await setPresence(server.store, 'online', 'u-agent-1');
    const customer = await WidgetCustomer.open(server.url);
    try {
      customer.send('我的快递三天没动了');
      const state = await customer.until(() => customer.lastState(), 'conversation');
      const customerId = (await server.store.db.selectFrom('conversations').select('customer_id').where('id', '=', state.id).executeTakeFirstOrThrow()).customer_id;

      const agent = clients.agent1;
      const ticketId = randomUUID();
      expect((await agent.run('ticket.create', { id: ticketId, eventId: eventId(), customerId, conversationId: state.id, title: '物流停滞' })).status).toBe('applied');
      await agent.run('ticket.transition', { ticketId, eventId: eventId(), to: 'in_progress', note: '' });
      await agent.run('ticket.transition', { ticketId, eventId: eventId(), to: 'awaiting_confirmation', note: '' });
      const survey = await customer.until(() => customer.lastState()?.ticketSurvey ?? null, 'ticket survey');
      expect(survey).toMatchObject({ ticketId, title: '物流停滞', number: expect.stringMatching(/^GD\d{8}-\d{4}$/) });

      customer.ticketSurvey(ticketId, true, 4, 9);
      await customer.until(() => (customer.lastState()?.ticketSurvey === null ? true : null), 'survey answered');
      const ticket = await server.store.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
      expect(ticket).toMatchObject({ status: 'closed', csat_score: 4, nps_score: 9, confirmed_at: expect.any(String) });
      expect(await server.store.db.selectFrom('csat_responses').select('score').where('conversation_id', '=', state.id).executeTakeFirst()).toEqual({ score: 4 });

      const customerActions = (await auditRows()).filter((r) => r.actor_id === customerId).map((r) => r.action);
      expect(customerActions).toEqual(['widget.session', 'widget.message', 'widget.ticketSurvey']);
    } finally {
      customer.close();
    }

    const posted = await inbound(server.url, 'app', { messageId: `m-${randomUUID()}`, customer: { id: 'app-user-7' }, text: '订单什么时候发货' });
    expect(posted.status).toBe(200);
    expect((await auditRows()).at(-1)).toMatchObject({ actor_kind: 'channel', actor_id: 'app', action: 'inbound.message', entity_id: posted.body.messageId });
  });

  it('is append-only, even for the server itself', async () => {
    await expect(sql`update audit_log set action = 'nothing'`.execute(server.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(server.store.db)).rejects.toThrow(/append-only/);
  });

  it('is searchable by supervisors and admins only', async () => {
    const search = (token: string, body: unknown) => postJson<AuditEntryView[] | { messageKey: string }>(server.url + SYNC_PATHS.auditSearch, body, token);
    expect((await search(clients.agent1.token, {})).status).toBe(403);
    const found = await search(clients.supervisor1.token, { text: 'phone', actorId: 'u-agent-1' });
    expect(found.status).toBe(200);
    const entries = found.body as AuditEntryView[];
    expect(entries.map((e) => e.action)).toContain('customer.reveal');
    expect(entries.every((e) => e.actorId === 'u-agent-1' && e.actorName !== null)).toBe(true);
    const invalid = await search(clients.admin.token, { limit: 100_000 });
    expect(invalid.status).toBe(400);
  });
});
