import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clipSummary, eventPhrase, inviteOptions, transferOptions, wrapUpPhrases } from '../../src/shared/console/handoff';
import { processNotices } from '../../src/shared/console/tickets';
import type { ColleagueView, HandoffDirectoryView, SlaMissView } from '../../src/shared/contract';
import { CONVERSATION_EVENT_KINDS, expectedQueueWait, SUMMARY_MAX, TRANSFER_REASONS } from '../../src/shared/handoff/handoff';
import { i18nResources, LANGUAGES } from '../../src/shared/i18n/resources';
import { INTENT_CATEGORY_PATHS } from '../../src/shared/tickets/intent';
import { SERVER_LOCALES, texts } from '../../src/server/routing/texts';

const colleague = (id: string, presence: ColleagueView['presence'], active: number | null, maxConcurrent = 4): ColleagueView => ({
  id,
  displayName: id,
  agentNo: id,
  role: 'agent',
  presence,
  active,
  maxConcurrent,
  groups: [],
});
const directory = (colleagues: ColleagueView[], live = true): HandoffDirectoryView => ({ live, colleagues, groups: [{ id: 'g-tech', name: '技術支持', queued: 2, online: 1, freePlaces: 0 }] });

describe('the expected wait a transferred customer is told', () => {
  it('works the queue ahead and their own place through the chat places on duty, in whole minutes, never zero', () => {
    expect(expectedQueueWait(0, 1)).toEqual({ kind: 'queue', ahead: 0, minutes: 8 });
    expect(expectedQueueWait(3, 8)).toEqual({ kind: 'queue', ahead: 3, minutes: 4 });
    expect(expectedQueueWait(0, 20)).toEqual({ kind: 'queue', ahead: 0, minutes: 1 });
    expect(expectedQueueWait(5, 0)).toEqual({ kind: 'nobody' });
    expect(expectedQueueWait(1, 2, 60_000)).toEqual({ kind: 'queue', ahead: 1, minutes: 1 });
  });

  it('is said in each language the server writes, for every reason', () => {
    for (const locale of SERVER_LOCALES) {
      const t = texts(locale);
      for (const reason of TRANSFER_REASONS) expect(t.transferReason[reason].length, `${locale} ${reason}`).toBeGreaterThan(0);
      expect(t.transferred('R', '售後服務', { kind: 'queue', ahead: 2, minutes: 5 })).toMatch(/售後服務.*2.*5/);
      expect(t.transferred('R', null, { kind: 'agent', agentName: '王浩然', withinSeconds: 30 })).toMatch(/王浩然.*30/);
      expect(t.transferred('R', '售後服務', { kind: 'nobody' })).toContain('售後服務');
    }
    expect(texts('en').transferred('R', 'Tech', { kind: 'queue', ahead: 1, minutes: 3 })).toBe('R. You are in the queue of "Tech": 1 customer is ahead of you, expected wait about 3 min.');
  });
});

describe('the transfer and invite pickers', () => {
  it('offer every group and every colleague but the owner; a colleague away or full is blocked with the reason, available ones first, least loaded on top', () => {
    const options = transferOptions(directory([colleague('busy-full', 'online', 4), colleague('away', 'away', 0), colleague('light', 'online', 1), colleague('owner', 'online', 0)]), 'owner');
    expect(options.map((o) => [o.key, o.blocked])).toEqual([
      ['group-g-tech', null],
      ['user-light', null],
      ['user-away', 'not_online'],
      ['user-busy-full', 'full'],
    ]);
  });

  it('do not block on load when the server could not be asked: the server decides', () => {
    expect(transferOptions(directory([colleague('a', 'online', null)], false), null).map((o) => o.blocked)).toEqual([null, null]);
  });

  it('invite colleagues at their desk (busy included: an invitation takes no chat place), never the excluded', () => {
    const options = inviteOptions(directory([colleague('busy', 'busy', 4), colleague('offline', 'offline', 0), colleague('in', 'online', 0)]), ['in']);
    expect(options.map((o) => [o.key, o.blocked])).toEqual([
      ['user-busy', null],
      ['user-offline', 'away'],
    ]);
  });
});

describe('the wrap-up and the history', () => {
  it('starts the summary from the intent, the topic and the tickets, on one line of at most SUMMARY_MAX characters', () => {
    expect(wrapUpPhrases({ conversationId: 'c', subject: '未发货订单申请退款', intent: 'refund', tickets: [{ id: 't', number: 'GD20261122-0001', title: '退款', status: 'open' }] })).toEqual({
      lead: { key: 'wrapUp.draft', values: { intent: { key: 'intent.refund' }, subject: '未发货订单申请退款' } },
      tickets: [{ key: 'wrapUp.ticket', values: { number: 'GD20261122-0001', status: { key: 'console:ticketStatus.open' } } }],
    });
    expect(wrapUpPhrases({ conversationId: 'c', subject: '你好', intent: null, tickets: [{ id: 't', number: null, title: 'x', status: 'open' }] }).tickets[0]?.values?.number).toEqual({ key: 'wrapUp.ticketPending' });
    expect(clipSummary('第一行\n  第二行 ')).toBe('第一行 第二行');
    const long = clipSummary('退'.repeat(300));
    expect(long).toHaveLength(SUMMARY_MAX);
    expect(long.endsWith('…')).toBe(true);
  });

  it('reads every kind of hand-over step, a colleague leaving apart from being let go', () => {
    const base = { id: 'e', conversationId: 'c', actorId: 'u1', actorName: '李婷', fromUserId: 'u1', fromName: '李婷', toUserId: null, toName: null, toGroupId: null, toGroupName: null, reason: null, note: null, createdAt: '', pending: false };
    expect(eventPhrase({ ...base, kind: 'transfer', toGroupId: 'g', toGroupName: '技術支持', reason: 'department' })).toEqual({ key: 'event.transferToGroup', values: { actor: '李婷', group: '技術支持', reason: { key: 'reason.department' } } });
    expect(eventPhrase({ ...base, kind: 'invite_end', toUserId: 'u1' }).key).toBe('event.leave');
    expect(eventPhrase({ ...base, kind: 'invite_end', toUserId: 'u3', toName: '陈雅琪' }).key).toBe('event.inviteEnd');
    expect(eventPhrase({ ...base, kind: 'closed', note: '已退款' }).key).toBe('event.closedSummary');
    for (const kind of CONVERSATION_EVENT_KINDS) expect(eventPhrase({ ...base, kind }).key).toMatch(/^event\./);
  });
});

describe('supervisor notices of missed first responses', () => {
  const miss = (id: string): SlaMissView => ({ id, conversationId: 'c', customerName: '王芳', subject: '退款', missedById: 'u1', missedByName: '李婷', reassignedToName: '黄嘉欣', createdAt: '' });
  const snapshot = (misses: SlaMissView[]) => ({ approvals: [], deadlines: [], alerts: [], slaMisses: misses });

  it('tells supervisors of each new miss once, and agents nothing', () => {
    expect(processNotices(null, snapshot([miss('a')]), { id: 'sup', decidesApprovals: true })).toEqual([]);
    expect(processNotices(snapshot([miss('a')]), snapshot([miss('b'), miss('a')]), { id: 'sup', decidesApprovals: true })).toEqual([{ kind: 'slaMissed', miss: miss('b') }]);
    expect(processNotices(snapshot([]), snapshot([miss('b')]), { id: 'u1', decidesApprovals: false })).toEqual([]);
  });
});

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] => Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));

describe('hand-over strings', () => {
  it('have the same keys in simplified Chinese, traditional Chinese and English, with every reason and intent named', () => {
    const reference = keys(i18nResources['zh-CN'].handoff as Tree).sort();
    for (const language of LANGUAGES) expect(keys(i18nResources[language].handoff as Tree).sort(), language).toEqual(reference);
    for (const reason of TRANSFER_REASONS) expect(reference).toContain(`reason.${reason}`);
    for (const intent of Object.keys(INTENT_CATEGORY_PATHS)) expect(reference).toContain(`intent.${intent}`);
  });

  it('name every refusal the hand-over mutators can give, in every language', () => {
    const source = ['src/shared/mutations/handoff-mutations.ts', 'src/shared/mutations/conversation-mutations.ts', 'src/shared/contract/handoff.ts']
      .map((file) => readFileSync(join(import.meta.dirname, '../..', file), 'utf8'))
      .join('\n');
    const thrown = [...source.matchAll(/'errors:([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1] ?? '');
    const validation = [...source.matchAll(/'((?:transfer|invite|summary)\.[a-z_]+)'/g)].map((m) => m[1] ?? '');
    expect(thrown.length).toBeGreaterThan(10);
    for (const language of LANGUAGES) {
      const errors = new Set(keys(i18nResources[language].errors as Tree));
      for (const key of [...thrown, ...validation]) expect(errors.has(key), `${language}: errors:${key}`).toBe(true);
    }
  });
});
