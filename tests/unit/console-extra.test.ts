import { describe, expect, it } from 'vitest';
import { slaBreaches, waitingCount } from '../../src/shared/console/slots';
import { eventAffects } from '../../src/shared/contract';
import { badgePlan } from '../../src/shared/contract/shell';
import { i18nResources, LANGUAGES } from '../../src/shared/i18n/resources';
import { mutationConversation } from '../../src/shared/mutations';
import { isSafeLink, linkSegments } from '../../src/shared/text/links';

describe('links in messages', () => {
  it('turns web addresses into links and leaves the text around them as it was', () => {
    const text = '请访问https://shop.example.com/order?id=42查看，或 http://help.example.cn/faq。';
    const segments = linkSegments(text);
    expect(segments).toEqual([
      { kind: 'text', text: '请访问' },
      { kind: 'link', text: 'https://shop.example.com/order?id=42', url: 'https://shop.example.com/order?id=42' },
      { kind: 'text', text: '查看，或 ' },
      { kind: 'link', text: 'http://help.example.cn/faq', url: 'http://help.example.cn/faq' },
      { kind: 'text', text: '。' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('leaves sentence punctuation and an unopened parenthesis outside the link', () => {
    expect(linkSegments('(see https://example.com/a).')[1]).toEqual({ kind: 'link', text: 'https://example.com/a', url: 'https://example.com/a' });
    expect(linkSegments('https://en.wikipedia.org/wiki/Foo_(bar), ok')[0]).toMatchObject({ url: 'https://en.wikipedia.org/wiki/Foo_(bar)' });
  });

  it('never makes a link of another scheme, credentials in the address or an oversized address', () => {
    for (const text of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x</b>', 'weixin://dl/chat', 'https://user:pw@bank.example.com/']) {
      expect(linkSegments(text).some((s) => s.kind === 'link'), text).toBe(false);
    }
    expect(isSafeLink(`https://example.com/${'a'.repeat(2100)}`)).toBe(false);
    expect(isSafeLink('https://example.com:8443/path#top')).toBe(true);
    expect(isSafeLink('https://-bad-.example.com/')).toBe(false);
    expect(isSafeLink('HTTPS://EXAMPLE.COM')).toBe(true);
  });
});

describe('refetching per conversation', () => {
  const send = { type: 'tables.changed' as const, tables: ['messages' as const, 'conversations' as const, 'outbox' as const], conversations: ['c-1'] };

  it("refetches the changed chat's history and leaves the other chats' alone", () => {
    expect(eventAffects(send, 'message.page', { conversationId: 'c-1' })).toBe(true);
    expect(eventAffects(send, 'message.page', { conversationId: 'c-2' })).toBe(false);
    expect(eventAffects(send, 'scripts.recommend', { conversationId: 'c-2', limit: 5 })).toBe(false);
    // Lists over every chat are not scoped: the chat list shows the new message.
    expect(eventAffects(send, 'conversation.list', {})).toBe(true);
  });

  it('refetches every chat when the event cannot say which changed, or a shared table changed', () => {
    expect(eventAffects({ type: 'tables.changed', tables: ['messages'] }, 'message.page', { conversationId: 'c-2' })).toBe(true);
    expect(eventAffects({ ...send, tables: ['users'] }, 'message.page', { conversationId: 'c-2' })).toBe(true);
    expect(eventAffects({ ...send, tables: ['drafts'] }, 'message.page', { conversationId: 'c-1' })).toBe(false);
  });

  it("attributes a queued mutation to its chat, a ticket's to none, and an unknown one to any", () => {
    expect(mutationConversation('message.send', { id: 'm', conversationId: 'c-9', body: 'hi' })).toBe('c-9');
    expect(mutationConversation('conversation.markRead', { conversationId: 'c-3' })).toBe('c-3');
    expect(mutationConversation('presence.set', { presence: 'away' })).toBeNull();
    expect(mutationConversation('no.such', {})).toBeUndefined();
    expect(mutationConversation('message.send', { nonsense: true })).toBeUndefined();
  });
});

describe('attention on the desktop', () => {
  it("counts the customers waiting for a reply in the agent's own active chats only", () => {
    const now = new Date().toISOString();
    expect(
      waitingCount([
        { status: 'active', place: 'slot', waitingSince: now },
        { status: 'active', place: 'slot', waitingSince: null },
        { status: 'queued', place: 'queue', waitingSince: now },
        { status: 'active', place: 'invited', waitingSince: now },
        { status: 'active', place: 'slot', waitingSince: now },
      ]),
    ).toBe(2);
  });

  it('badges the dock on macOS and Linux, overlays the taskbar button on Windows, and caps the badge', () => {
    const attention = { waiting: 3, summary: '3 customers waiting for your reply' };
    expect(badgePlan('darwin', attention)).toEqual({ badgeCount: 3, overlay: false, tooltip: attention.summary });
    expect(badgePlan('linux', { ...attention, waiting: 250 }).badgeCount).toBe(99);
    expect(badgePlan('win32', attention)).toEqual({ badgeCount: null, overlay: true, tooltip: attention.summary });
    expect(badgePlan('win32', { waiting: 0, summary: '客服工作台' }).overlay).toBe(false);
    expect(badgePlan('darwin', { waiting: 0, summary: '客服工作台' }).badgeCount).toBe(0);
  });
});

describe('SLA breaches for screen readers', () => {
  it('reports a clock that turns red once, not a chat first seen already late', () => {
    const start = Date.parse('2026-11-22T10:00:00.000Z');
    const since = new Date(start).toISOString();
    const chats = [
      { id: 'fresh', waitingSince: since, answeredBefore: false },
      { id: 'late', waitingSince: new Date(start - 60_000).toISOString(), answeredBefore: false },
    ];
    const first = slaBreaches(new Map(), chats, start + 1000);
    expect(first.breached).toEqual([]);
    // 30 s for a first reply: "fresh" turns red, "late" was red already.
    const second = slaBreaches(first.levels, chats, start + 31_000);
    expect(second.breached).toEqual(['fresh']);
    expect(slaBreaches(second.levels, chats, start + 40_000).breached).toEqual([]);
    // Answered, then the customer writes again and waits past the 2-minute reply budget.
    const answered = slaBreaches(second.levels, [{ id: 'fresh', waitingSince: null, answeredBefore: true }], start + 50_000);
    const waitingAgain = [{ id: 'fresh', waitingSince: new Date(start + 60_000).toISOString(), answeredBefore: true }];
    const okAgain = slaBreaches(answered.levels, waitingAgain, start + 61_000);
    expect(slaBreaches(okAgain.levels, waitingAgain, start + 181_000).breached).toEqual(['fresh']);
  });
});

describe('console-extra strings', () => {
  type Tree = { [key: string]: string | Tree };
  const keys = (tree: Tree, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`.replace(/_(one|other)$/, '')] : keys(value, `${prefix}${key}.`)));

  it('has the same keys in simplified Chinese, traditional Chinese and English', () => {
    const reference = [...new Set(keys(i18nResources['zh-CN']['console-extra'] as Tree))].sort();
    for (const language of LANGUAGES) expect([...new Set(keys(i18nResources[language]['console-extra'] as Tree))].sort(), language).toEqual(reference);
  });
});
