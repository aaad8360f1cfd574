import { describe, expect, it } from 'vitest';
import demo from '../../resources/demo/demo-data.json';
import { retryDelayMs } from '../../src/server/channels/outbound';
import { nextPresence } from '../../src/shared/console/presence';
import type { Presence } from '../../src/shared/domain/enums';
import { DEFAULT_LIFECYCLE_TIMES, firstResponseOverdue, idleStep, pickAgent, planAssignments, queueOrder, type AgentLoad } from '../../src/shared/routing/assign';
import { chooseGroup, PRIORITY, priorityOf, wantsHuman, type GroupKeywords } from '../../src/shared/routing/policy';
import { matchFaq } from '../../src/shared/text/faq-match';

const groups: GroupKeywords[] = demo.groups.map((g) => ({ id: g.id, keywords: g.keywords }));
const route = (text: string, tags: string[] = []) => chooseGroup({ text, tags }, groups)?.groupId;

describe('choosing a skill group', () => {
  it.each([
    ['我要退款', 'g-aftersales'],
    ['退貨要怎麼寄回', 'g-aftersales'],
    ['APP一打开就闪退', 'g-tech'],
    ['APP一打開就閃退', 'g-tech'],
    ['登錄不了，驗證碼收不到', 'g-tech'],
    ['我要投訴你們的快遞員', 'g-complaint'],
    ['这个颜色还有库存吗', 'g-presales'],
    ['我的账号被盗了', 'g-senior'],
  ])('%s → %s (intent keywords, either script)', (text, group) => {
    expect(route(text)).toBe(group);
  });

  it('sends VIP and high-complaint-risk customers to the senior group whatever they ask', () => {
    expect(route('我要退款', ['VIP'])).toBe('g-senior');
    expect(route('APP闪退', ['普通會員', '高投訴風險'])).toBe('g-senior');
    expect(route('APP闪退', ['高投诉风险'])).toBe('g-senior');
    expect(chooseGroup({ text: '我要退款', tags: ['vip'] }, groups)?.reason).toEqual({ kind: 'tag', tag: 'vip' });
  });

  it('matches tags whole: a tag that merely contains a keyword routes by the text instead', () => {
    // 會員 is a pre-sales keyword, PLUS會員 is a tag, not that keyword.
    expect(route('我要退款', ['PLUS會員'])).toBe('g-aftersales');
  });

  it('counts distinct keywords and breaks ties by precedence (complaints before after-sales)', () => {
    expect(route('退款一直不到账，我要投诉')).toBe('g-complaint');
    expect(route('退款和换货都不行，快递也丢件了，我要投诉')).toBe('g-aftersales');
    expect(chooseGroup({ text: '我要退款', tags: [] }, groups)?.reason).toEqual({ kind: 'keyword', keyword: '退款' });
  });

  it('falls back to the default group, or the most general one when that does not exist', () => {
    expect(chooseGroup({ text: '你好', tags: [] }, groups)).toEqual({ groupId: 'g-presales', reason: { kind: 'default' } });
    const withoutPresales = groups.filter((g) => g.id !== 'g-presales');
    expect(chooseGroup({ text: '你好', tags: [] }, withoutPresales)?.groupId).toBe('g-aftersales');
    expect(chooseGroup({ text: '你好', tags: [] }, [])).toBeNull();
  });
});

describe('priority and hand-over words', () => {
  it('puts account theft first, escalation threats next, everything else normal', () => {
    expect(priorityOf('我的賬號被盜了')).toBe(PRIORITY.urgent);
    expect(priorityOf('收到异地登录提醒')).toBe(PRIORITY.urgent);
    expect(priorityOf('再不处理我就打12315')).toBe(PRIORITY.high);
    expect(priorityOf('建议你们出个新颜色')).toBe(PRIORITY.normal);
  });

  it('recognises 转人工 in both scripts', () => {
    expect(wantsHuman('转人工')).toBe(true);
    expect(wantsHuman('請幫我轉人工')).toBe(true);
    expect(wantsHuman('我要人工客服')).toBe(true);
    expect(wantsHuman('人工草坪多少钱')).toBe(false);
  });
});

const agent = (userId: string, over: Partial<AgentLoad> = {}): AgentLoad => ({
  userId,
  presence: 'online',
  maxConcurrent: 4,
  active: 0,
  groupIds: ['g-aftersales'],
  lastAssignedAt: null,
  ...over,
});

describe('picking an agent', () => {
  it('takes only online agents of the group below their own maximum', () => {
    const agents = [
      agent('away', { presence: 'away' }),
      agent('busy', { presence: 'busy' }),
      agent('offline', { presence: 'offline' }),
      agent('full', { active: 3, maxConcurrent: 3 }),
      agent('other-group', { groupIds: ['g-tech'] }),
    ];
    expect(pickAgent(agents, 'g-aftersales')).toBeNull();
    expect(pickAgent([...agents, agent('ok', { active: 2 })], 'g-aftersales')?.userId).toBe('ok');
  });

  it('prefers the least loaded, then the one idle longest, and skips excluded agents', () => {
    const agents = [
      agent('a', { active: 2, lastAssignedAt: '2026-11-22T09:00:00.000Z' }),
      agent('b', { active: 1, lastAssignedAt: '2026-11-22T10:00:00.000Z' }),
      agent('c', { active: 1, lastAssignedAt: '2026-11-22T09:30:00.000Z' }),
    ];
    expect(pickAgent(agents, 'g-aftersales')?.userId).toBe('c');
    expect(pickAgent(agents, 'g-aftersales', new Set(['c']))?.userId).toBe('b');
    expect(pickAgent([agent('x', { lastAssignedAt: '2026-11-22T09:00:00.000Z' }), agent('never')], 'g-aftersales')?.userId).toBe('never');
  });
});

describe('serving the queues', () => {
  const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`;

  it('serves the highest priority first, then the longest-waiting, never past anyone’s maximum', () => {
    const queue = [
      { id: 'late-normal', groupId: 'g-aftersales', priority: 0, queuedAt: at(5) },
      { id: 'early-normal', groupId: 'g-aftersales', priority: 0, queuedAt: at(1) },
      { id: 'stolen', groupId: 'g-aftersales', priority: 2, queuedAt: at(9) },
      { id: 'complaint', groupId: 'g-aftersales', priority: 1, queuedAt: at(8) },
    ];
    expect([...queue].sort(queueOrder).map((q) => q.id)).toEqual(['stolen', 'complaint', 'early-normal', 'late-normal']);
    const plan = planAssignments(queue, [agent('a', { maxConcurrent: 2 }), agent('b', { maxConcurrent: 1 })], at(10));
    expect(plan).toEqual([
      { conversationId: 'stolen', userId: 'a' },
      { conversationId: 'complaint', userId: 'b' },
      { conversationId: 'early-normal', userId: 'a' },
    ]);
  });

  it('spreads work evenly: each assignment makes its agent the most recently used', () => {
    const queue = ['q1', 'q2', 'q3', 'q4'].map((id, i) => ({ id, groupId: 'g-aftersales', priority: 0, queuedAt: at(i) }));
    const plan = planAssignments(queue, [agent('a'), agent('b')], at(10));
    expect(plan.map((p) => p.userId)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('serves other groups when one group has nobody free', () => {
    const queue = [
      { id: 'tech', groupId: 'g-tech', priority: 2, queuedAt: at(0) },
      { id: 'refund', groupId: 'g-aftersales', priority: 0, queuedAt: at(1) },
    ];
    expect(planAssignments(queue, [agent('a')], at(2))).toEqual([{ conversationId: 'refund', userId: 'a' }]);
  });
});

describe('lifecycle clocks', () => {
  const times = { ...DEFAULT_LIFECYCLE_TIMES, firstResponseMs: 30_000, idleCloseMs: 30 * 60_000, idleWarningMs: 2 * 60_000 };
  const t0 = '2026-11-22T10:00:00.000Z';
  const plus = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();

  it('flags a first response overdue at the SLA', () => {
    expect(firstResponseOverdue(t0, plus(29_999), times)).toBe(false);
    expect(firstResponseOverdue(t0, plus(30_000), times)).toBe(true);
  });

  it('reminds before the idle limit and closes at it, giving the customer the warning time after the reminder', () => {
    expect(idleStep(t0, null, plus(27 * 60_000), times)).toBe('none');
    expect(idleStep(t0, null, plus(28 * 60_000), times)).toBe('remind');
    expect(idleStep(t0, plus(28 * 60_000), plus(29 * 60_000), times)).toBe('none');
    expect(idleStep(t0, plus(28 * 60_000), plus(30 * 60_000), times)).toBe('close');
    // Down through both deadlines: remind first, close only after the warning time.
    expect(idleStep(t0, null, plus(90 * 60_000), times)).toBe('remind');
    expect(idleStep(t0, plus(90 * 60_000), plus(91 * 60_000), times)).toBe('none');
    expect(idleStep(t0, plus(90 * 60_000), plus(92 * 60_000), times)).toBe('close');
    // Someone spoke after the reminder: it no longer counts.
    expect(idleStep(plus(29 * 60_000), plus(28 * 60_000), plus(31 * 60_000), times)).toBe('none');
  });
});

describe('the FAQ bot’s matcher', () => {
  const articles = demo.kbArticles.filter((a) => a.status === 'published').map((a) => ({ id: a.id, title: a.title, body: a.body, questions: a.questions }));

  it('answers paraphrases of a KB question in either script and nothing else', () => {
    expect(matchFaq('七天無理由怎麼退', articles)?.article.title).toBe('七天无理由退货规则');
    expect(matchFaq('退款多久到账', articles)?.article.title).toBe('退款到账时效');
    expect(matchFaq('您好，請問一下發票怎麼開', articles)?.article.title).toBe('如何申请电子发票');
    expect(matchFaq('我要退款', articles)).toBeNull();
    expect(matchFaq('你好', articles)).toBeNull();
  });
});

describe('the console’s presence toggle', () => {
  it('cycles online → busy → away → offline → online', () => {
    expect(['online', 'busy', 'away', 'offline'].map((p) => nextPresence(p as Presence))).toEqual(['busy', 'away', 'offline', 'online']);
  });
});

describe('outbound retry', () => {
  it('waits longer after each failure, up to the bound', () => {
    const retry = { firstMs: 1000, maxMs: 8000, attempts: 10 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, retry))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });
});
