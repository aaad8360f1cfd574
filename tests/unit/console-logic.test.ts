import { describe, expect, it } from 'vitest';
import { fuzzyFilter, mergeRanges } from '../../src/shared/console/fuzzy';
import { maskAddress, maskIdNumber, maskPhone } from '../../src/shared/console/mask';
import { fillPlaceholders, findPlaceholders } from '../../src/shared/console/placeholders';
import { attentionEvents, longestWaiting, orderSlots, slaClock, stepSlot, type ChatSnapshot } from '../../src/shared/console/slots';

const scripts = [
  { title: '標準開場白', body: '您好，我是{{agentName}}，工號{{agentNo}}。', keywords: ['問候'] },
  { title: '退货退款流程', body: '{{customerName}}您好，订单{{orderNo}}的退款将在{{eta}}内到账。', keywords: ['退款', '退貨'] },
  { title: '物流查询', body: '我马上帮您查询物流进度。', keywords: ['快递', '物流'] },
];
const fields = (s: (typeof scripts)[number]) => [
  { text: s.title, weight: 3 },
  { text: s.keywords.join(' '), weight: 2 },
  { text: s.body, weight: 1 },
];

describe('fuzzy matching over both Chinese scripts', () => {
  it('finds traditional text with a simplified query and the reverse', () => {
    expect(fuzzyFilter(scripts, '开场', fields).map((r) => r.item.title)).toEqual(['標準開場白']);
    expect(fuzzyFilter(scripts, '退貨', fields)[0]?.item.title).toBe('退货退款流程');
  });

  it('ranks a title hit above a body hit and highlights it in the original text', () => {
    const results = fuzzyFilter(scripts, '物流', fields);
    expect(results[0]?.item.title).toBe('物流查询');
    expect(results[0]?.match.ranges[0]).toEqual([[0, 2]]);
  });

  it('requires every term, matches characters in order, and keeps everything for an empty query', () => {
    expect(fuzzyFilter(scripts, '退款 快递', fields)).toEqual([]);
    expect(fuzzyFilter(scripts, '查物', fields).map((r) => r.item.title)).toEqual(['物流查询']);
    expect(fuzzyFilter(scripts, '  ', fields).map((r) => r.item.title)).toEqual(scripts.map((s) => s.title));
  });

  it('merges overlapping highlight ranges', () => {
    expect(mergeRanges([[4, 6], [0, 2], [1, 3]])).toEqual([[0, 3], [4, 6]]);
  });
});

describe('script placeholders', () => {
  it('fills what is known and puts the cursor on the first placeholder left', () => {
    const body = scripts[1]?.body ?? '';
    const filled = fillPlaceholders(body, { customerName: '张伟', orderNo: 'DD2026111889889886', agentName: '李婷' });
    expect(filled.text).toBe('张伟您好，订单DD2026111889889886的退款将在{{eta}}内到账。');
    expect(filled.firstUnfilled).toEqual({ name: 'eta', start: filled.text.indexOf('{{eta}}'), end: filled.text.indexOf('{{eta}}') + 7 });
  });

  it('leaves empty values unfilled and never fills a value twice', () => {
    const filled = fillPlaceholders('{{customerName}}，{{orderNo}}', { customerName: '{{orderNo}}', orderNo: '  ' });
    expect(filled.text).toBe('{{orderNo}}，{{orderNo}}');
    expect(filled.firstUnfilled?.start).toBe('{{orderNo}}，'.length);
  });

  it('reports no placeholder when all are filled', () => {
    expect(fillPlaceholders('您好{{agentName}}', { agentName: '李婷' })).toEqual({ text: '您好李婷', firstUnfilled: null });
    expect(findPlaceholders('预计 {{ eta }} 送达')).toEqual([{ name: 'eta', start: 3, end: 12 }]);
  });
});

describe('slots and SLA clocks', () => {
  const now = Date.parse('2026-11-22T10:00:00.000Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('runs the first-response clock until the agent has answered, then the reply clock', () => {
    expect(slaClock(ago(10), false, now)).toMatchObject({ kind: 'firstResponse', level: 'ok', budgetMs: 30_000 });
    expect(slaClock(ago(20), false, now)?.level).toBe('warn');
    expect(slaClock(ago(30), false, now)?.level).toBe('breach');
    expect(slaClock(ago(79), true, now)).toMatchObject({ kind: 'reply', level: 'ok', budgetMs: 120_000 });
    expect(slaClock(ago(80), true, now)?.level).toBe('warn');
    expect(slaClock(ago(120), true, now)?.level).toBe('breach');
    expect(slaClock(null, true, now)).toBeNull();
  });

  const chats = [
    { id: 'c3', startedAt: ago(300), waitingSince: ago(60) },
    { id: 'c1', startedAt: ago(600), waitingSince: null },
    { id: 'c2', startedAt: ago(400), waitingSince: ago(180) },
  ];

  it('keeps slots in start order whatever the waiting times', () => {
    expect(orderSlots(chats).map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('jumps to the longest-waiting customer, and on from there when already on it', () => {
    expect(longestWaiting(chats, 'c1')).toBe('c2');
    expect(longestWaiting(chats, 'c2')).toBe('c3');
    expect(longestWaiting(chats.filter((c) => c.id !== 'c3'), 'c2')).toBeNull();
  });

  it('steps through slots with wrap-around', () => {
    expect(stepSlot(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(stepSlot(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(stepSlot(['a', 'b', 'c'], 'queued-chat', 1)).toBe('a');
    expect(stepSlot([], null, 1)).toBeNull();
  });

  it('tells new chats and customer replies apart from replies in the open chat', () => {
    const before: ChatSnapshot[] = [
      { id: 'a', status: 'active', lastMessageAt: ago(100), unreadCount: 0, waitingSince: null },
      { id: 'b', status: 'active', lastMessageAt: ago(100), unreadCount: 1, waitingSince: ago(100) },
      { id: 'q', status: 'queued', lastMessageAt: ago(100), unreadCount: 1, waitingSince: ago(100) },
    ];
    const after: ChatSnapshot[] = [
      { id: 'a', status: 'active', lastMessageAt: ago(5), unreadCount: 1, waitingSince: ago(5) },
      { id: 'b', status: 'active', lastMessageAt: ago(5), unreadCount: 2, waitingSince: ago(100) },
      { id: 'q', status: 'active', lastMessageAt: ago(100), unreadCount: 1, waitingSince: ago(100) },
    ];
    expect(attentionEvents(null, after, 'a')).toEqual([]);
    expect(attentionEvents(before, after, 'a')).toEqual([
      { kind: 'openChatReply', conversationId: 'a' },
      { kind: 'customerReply', conversationId: 'b' },
      { kind: 'newChat', conversationId: 'q' },
    ]);
    expect(attentionEvents(after, after, null)).toEqual([]);
  });
});

describe('personal data masks', () => {
  it('masks phone, ID number and address', () => {
    expect(maskPhone('13812345671')).toBe('138****5671');
    expect(maskIdNumber('110105198803124517')).toBe('110***********4517');
    expect(maskAddress('北京市朝阳区望京街道阜通东大街6号院3号楼1单元1802')).toBe('北京市朝阳区****');
    expect(maskAddress('台北市信義區松仁路100號')).toBe('台北市信義區****');
    expect(maskAddress('深圳前海')).toBe('深****');
    expect(maskPhone(null)).toBeNull();
  });
});
