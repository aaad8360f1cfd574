import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { phraseText as text } from '../../src/renderer/console/ticket-format';
import { refundCheckPhrase, ticketEventPhrase, type EventLookup, type Phrase } from '../../src/shared/console/tickets';
import type { TicketEventView } from '../../src/shared/contract/tickets';
import { i18nResources, LANGUAGES, NAMESPACES } from '../../src/shared/i18n/resources';
import { ALERT_RULES, APPROVAL_KINDS, DEADLINE_KINDS, IMPACTS, MILESTONES, RISKS, ROOT_CAUSES, URGENCIES } from '../../src/shared/tickets/process';

const translators = {} as Record<(typeof LANGUAGES)[number], TFunction>;
beforeAll(async () => {
  for (const lng of LANGUAGES) {
    const instance = i18next.createInstance();
    await instance.init({ resources: i18nResources, lng, ns: [...NAMESPACES], defaultNS: 'common', interpolation: { escapeValue: false } });
    translators[lng] = instance.t;
  }
});

const lookup: EventLookup = {
  category: (id) => ({ lost: '訂單服務 › 物流問題 › 快遞丟失', unshipped: '訂單服務 › 物流問題 › 未發貨' })[id] ?? null,
  order: (id) => (id === 'o-1' ? 'SO20250301001' : null),
  user: (id) => ({ 'u-agent-1': '李婷', 'u-agent-2': '王浩然' })[id] ?? null,
};
const event = (kind: string, fromValue: string | null = null, toValue: string | null = null): Pick<TicketEventView, 'kind' | 'fromValue' | 'toValue' | 'note'> => ({ kind, fromValue, toValue, note: null });

describe('ticket history in words', () => {
  it('names statuses, categories, levels and orders instead of their raw values', () => {
    const zh = (e: ReturnType<typeof event>) => text(translators['zh-CN'], ticketEventPhrase(e, lookup));
    expect(zh(event('status', 'open', 'in_progress'))).toBe('变更状态：待处理 → 处理中');
    expect(zh(event('field:category', 'unshipped', 'lost'))).toBe('修改分类：訂單服務 › 物流問題 › 未發貨 → 訂單服務 › 物流問題 › 快遞丟失');
    expect(zh(event('field:pool_level', '1', '2'))).toBe('修改问题池：L1 → L2');
    expect(zh(event('field:priority', 'normal', 'urgent'))).toBe('修改优先级：普通 → 紧急');
    expect(zh(event('field:order', null, 'o-1'))).toBe('修改关联订单：（无） → SO20250301001');
    expect(zh(event('escalation', '0', '2'))).toBe('升级：0 级 → 2 级');
    expect(zh(event('milestone:temporary_solution'))).toBe('记录：临时方案');
    expect(zh(event('deadline_breached', null, 'pool_l2_feedback'))).toBe('L2 进度反馈已超时');
    expect(zh(event('assignee', 'u-agent-1', 'u-agent-2'))).toBe('将工单从 李婷 转交给 王浩然');
    expect(zh(event('survey_sent', null, 'wechat'))).toBe('通过微信向客户发送了满意度调查');
    expect(zh(event('survey_answer', null, '4/'))).toBe('客户评价：CSAT 4/5');
    expect(zh(event('survey_answer', null, '/8'))).toBe('客户评价：NPS 8/10');
  });

  it('reads in English too, and says something for a kind it does not know', () => {
    const en = (e: ReturnType<typeof event>) => text(translators.en, ticketEventPhrase(e, lookup));
    expect(en(event('status', 'awaiting_confirmation', 'closed'))).toBe('changed the status: Awaiting confirmation → Closed');
    expect(en(event('field:title', '快遞', '快遞丟失'))).toBe('changed the title: “快遞” → “快遞丟失”');
    expect(en(event('customer_not_resolved'))).toBe('the customer said it is not resolved');
    expect(en(event('approval_decided', 'pending', 'rejected'))).toBe('rejected the request');
    expect(en(event('survey_answer', null, '5/9'))).toBe('the customer rated it: CSAT 5/5, NPS 9/10');
    expect(en({ ...event('approval_requested', null, 'pending'), note: 'refund:15000' })).toBe('asked for approval: Refund ¥150.00');
    expect(en({ ...event('approval_requested', null, 'approved'), note: 'coupon:1000' })).toBe('granted within their authority: Compensation coupon ¥10.00');
    expect(en(event('field:unknown'))).toBe('field:unknown');
    expect(en(event('something_new'))).toBe('something_new');
  });

  it('has a text for every event, clock, milestone, rule and refund verdict in every language', () => {
    const phrases: Phrase[] = [
      ...['created', 'diagnosis', 'customer_confirmed', 'customer_not_resolved', 'alert_done', 'survey_answer', 'field:description', 'assignee'].map((kind) => ticketEventPhrase(event(kind, null, 'x'), lookup)),
      ...['title', 'category', 'priority', 'pool_level', 'order'].map((field) => ticketEventPhrase(event(`field:${field}`, null, 'normal'), lookup)),
      ...MILESTONES.map((m) => ticketEventPhrase(event(`milestone:${m}`), lookup)),
      ...DEADLINE_KINDS.flatMap((d) => [ticketEventPhrase(event('deadline_warning', null, d), lookup), ticketEventPhrase(event('deadline_breached', null, d), lookup)]),
      ...ALERT_RULES.map((rule) => ticketEventPhrase(event('alert_raised', null, rule), lookup)),
      ...APPROVAL_KINDS.flatMap((kind) => ['pending', 'approved'].map((to) => ticketEventPhrase({ ...event('approval_requested', null, to), note: `${kind}:500` }, lookup))),
      ...ALERT_RULES.map((rule) => ticketEventPhrase(event('alert_done', null, rule), lookup)),
      ticketEventPhrase(event('survey_answer', null, '4/8'), lookup),
      ticketEventPhrase(event('survey_answer', null, '4/'), lookup),
      ticketEventPhrase(event('survey_answer', null, '/8'), lookup),
      ticketEventPhrase(event('assignee', 'u-agent-1', 'u-nobody'), lookup),
      ...['web', 'app', 'wechat', 'email', 'phone', 'fax'].map((channel) => ticketEventPhrase(event('survey_sent', null, channel), lookup)),
      ...['approved', 'rejected', null].map((decision) => ticketEventPhrase(event('approval_decided', null, decision), lookup)),
      ...['deadline_warning', 'deadline_breached', 'alert_raised', 'approval_requested', 'status'].map((kind) => ticketEventPhrase(event(kind, null, 'unknown'), lookup)),
      refundCheckPhrase({ verdict: 'refund_directly', reason: 'not_shipped' }),
      refundCheckPhrase({ verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: 3 }),
      refundCheckPhrase({ verdict: 'return_then_refund', reason: 'in_transit' }),
      refundCheckPhrase({ verdict: 'needs_review', reason: 'outside_no_reason_window', daysSinceDelivery: 9 }),
      ...(['unpaid', 'already_refunding', 'already_refunded', 'cancelled'] as const).map((reason) => refundCheckPhrase({ verdict: 'not_refundable', reason })),
    ];
    const keys = [
      ...DEADLINE_KINDS.map((k) => `ticket.deadline.${k}`),
      ...ALERT_RULES.map((k) => `ticket.alertRule.${k}`),
      ...ROOT_CAUSES.map((k) => `diagnosis.rootCauses.${k}`),
      ...IMPACTS.map((k) => `diagnosis.impacts.${k}`),
      ...[...URGENCIES, ...RISKS].map((k) => `diagnosis.levels.${k}`),
      ...(['pending', 'approved', 'rejected'] as const).map((k) => `approval.status.${k}`),
    ];
    for (const lng of LANGUAGES) {
      const t = translators[lng];
      for (const phrase of phrases) {
        const said = text(t, phrase);
        expect(said, `${lng} ${phrase.key}`).not.toContain('ticket.');
        expect(said, `${lng} ${phrase.key}`).not.toBe('');
      }
      for (const key of keys) expect(t(`console:${key}`), `${lng} ${key}`).not.toBe(key);
    }
  });

  it('says how many days of the no-reason window are left', () => {
    const phrase = refundCheckPhrase({ verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: 1 });
    expect(text(translators.en, phrase)).toBe('within the 7-day no-reason return window, 1 day left');
    expect(text(translators['zh-TW'], phrase)).toBe('在 7 天無理由退貨期內，還剩 1 天');
  });
});
