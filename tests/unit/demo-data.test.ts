import { describe, it, expect } from 'vitest';
import data from '../../resources/demo/demo-data.json';
import { SCRIPT_PLACEHOLDERS } from '../../src/shared/domain/enums';
import {
  demoDataSchema,
  type DemoData,
  type DemoKbCategory,
  type DemoTicketCategory,
} from '../../src/shared/domain/demo-data';

const parsed = demoDataSchema.safeParse(data);
// The remaining checks run on the raw data too, so one schema error does not hide the others.
const d = (parsed.success ? parsed.data : data) as DemoData;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dups.add(v);
    seen.add(v);
  }
  return [...dups];
}

function kbCategoryIds(nodes: readonly DemoKbCategory[]): string[] {
  return nodes.flatMap((n) => [n.id, ...kbCategoryIds(n.children ?? [])]);
}

function ticketPathExists(tree: readonly DemoTicketCategory[], path: readonly string[]): boolean {
  let level: readonly DemoTicketCategory[] = tree;
  for (const name of path) {
    const node = level.find((n) => n.name === name);
    if (!node) return false;
    level = node.children ?? [];
  }
  return path.length > 0;
}

/** Characters that exist only in traditional Chinese (their simplified forms differ). */
const TRADITIONAL_ONLY = [...'這們個說請時間會為與發貨單號錢還實體對應訂謝麼幫後嗎問題'];

describe('demo data set', () => {
  it('parses with demoDataSchema', () => {
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('has unique ids within every collection', () => {
    expect(duplicates(d.users.map((u) => u.id))).toEqual([]);
    expect(duplicates(d.users.map((u) => u.username))).toEqual([]);
    expect(duplicates(d.groups.map((g) => g.id))).toEqual([]);
    expect(duplicates(d.customers.map((c) => c.id))).toEqual([]);
    expect(duplicates(d.orders.map((o) => o.id))).toEqual([]);
    expect(duplicates(d.orders.map((o) => o.orderNo))).toEqual([]);
    expect(duplicates(d.conversations.map((c) => c.id))).toEqual([]);
    expect(duplicates(d.tickets.map((t) => t.id))).toEqual([]);
    expect(duplicates(d.tickets.map((t) => t.number))).toEqual([]);
    expect(duplicates(d.scripts.map((s) => s.id))).toEqual([]);
    expect(duplicates(kbCategoryIds(d.kbCategories))).toEqual([]);
    expect(duplicates(d.kbArticles.map((a) => a.id))).toEqual([]);
  });

  it('resolves every reference', () => {
    const users = new Set(d.users.map((u) => u.id));
    const groups = new Set(d.groups.map((g) => g.id));
    const customers = new Set(d.customers.map((c) => c.id));
    const conversations = new Map(d.conversations.map((c) => [c.id, c]));
    const kbCategories = new Set(kbCategoryIds(d.kbCategories));
    const broken: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) broken.push(what);
    };

    for (const u of d.users) for (const g of u.groupIds) check(groups.has(g), `user ${u.id} group ${g}`);
    for (const o of d.orders) check(customers.has(o.customerId), `order ${o.id} customer ${o.customerId}`);
    for (const c of d.conversations) {
      check(customers.has(c.customerId), `conversation ${c.id} customer ${c.customerId}`);
      check(groups.has(c.groupId), `conversation ${c.id} group ${c.groupId}`);
      if (c.assigneeId !== null) check(users.has(c.assigneeId), `conversation ${c.id} assignee ${c.assigneeId}`);
      for (const m of c.messages) {
        if (m.agentId !== undefined) check(users.has(m.agentId), `conversation ${c.id} message agent ${m.agentId}`);
      }
    }
    for (const t of d.tickets) {
      check(customers.has(t.customerId), `ticket ${t.id} customer ${t.customerId}`);
      if (t.assigneeId !== null) check(users.has(t.assigneeId), `ticket ${t.id} assignee ${t.assigneeId}`);
      if (t.conversationId !== null) {
        const conv = conversations.get(t.conversationId);
        check(conv !== undefined, `ticket ${t.id} conversation ${t.conversationId}`);
        if (conv) check(conv.customerId === t.customerId, `ticket ${t.id} customer differs from its conversation's`);
      }
      check(ticketPathExists(d.ticketCategories, t.categoryPath), `ticket ${t.id} category ${t.categoryPath.join(' › ')}`);
    }
    for (const a of d.kbArticles) check(kbCategories.has(a.categoryId), `kb article ${a.id} category ${a.categoryId}`);

    expect(broken).toEqual([]);
  });

  it('has the three-level ticket taxonomy from SPEC §6', () => {
    const leaves = [
      ['訂單服務', '下單問題', '無法支付'],
      ['訂單服務', '下單問題', '地址錯誤'],
      ['訂單服務', '物流問題', '未發貨'],
      ['訂單服務', '物流問題', '快遞丟失'],
      ['訂單服務', '售後問題', '退款申請'],
      ['訂單服務', '售後問題', '換貨流程'],
      ['技術支持', 'APP故障', '閃退'],
      ['技術支持', 'APP故障', '加載緩慢'],
      ['技術支持', '賬號問題', '登錄失敗'],
      ['技術支持', '賬號問題', '密碼找回'],
      ['投訴建議', '服務投訴', '客服態度'],
      ['投訴建議', '服務投訴', '處理時效'],
      ['投訴建議', '產品建議', '功能優化'],
      ['投訴建議', '產品建議', '體驗反饋'],
    ];
    expect(leaves.filter((p) => !ticketPathExists(d.ticketCategories, p))).toEqual([]);
  });

  it('gives every agent message an agentId and no other message one', () => {
    const bad = d.conversations.flatMap((c) =>
      c.messages
        .map((m, i) => ({ m, where: `${c.id}#${i}` }))
        .filter(({ m }) => (m.sender === 'agent') !== (m.agentId !== undefined))
        .map(({ where }) => where),
    );
    expect(bad).toEqual([]);
  });

  it('gives every conversation 3–14 messages', () => {
    const bad = d.conversations.filter((c) => c.messages.length < 3 || c.messages.length > 14).map((c) => c.id);
    expect(bad).toEqual([]);
  });

  it('keeps messages in chronological order', () => {
    const unordered = d.conversations
      .filter((c) => c.messages.some((m, i) => i > 0 && m.minutesAgo < c.messages[i - 1]!.minutesAgo))
      .map((c) => c.id);
    expect(unordered).toEqual([]);
  });

  it('has the demo login agent with exactly 5 active conversations', () => {
    const agent = d.users.find((u) => u.id === 'u-agent-1');
    expect(agent?.username).toBe('agent1');
    expect(agent?.role).toBe('agent');
    expect(agent?.maxConcurrent).toBe(5);
    const groupNames = (agent?.groupIds ?? []).map((g) => d.groups.find((x) => x.id === g)?.name).sort();
    expect(groupNames).toEqual(['售前咨詢', '售後服務'].sort());
    const active = d.conversations.filter((c) => c.assigneeId === 'u-agent-1' && c.status === 'active');
    expect(active).toHaveLength(5);
    // several of them wait for the agent's reply
    expect(active.filter((c) => c.messages.at(-1)?.sender === 'customer').length).toBeGreaterThanOrEqual(2);
  });

  it('never gives an agent more active conversations than their maxConcurrent', () => {
    const over = d.users
      .filter((u) => d.conversations.filter((c) => c.assigneeId === u.id && c.status === 'active').length > u.maxConcurrent)
      .map((u) => u.id);
    expect(over).toEqual([]);
  });

  it('puts every agent in 1–3 skill groups', () => {
    const bad = d.users.filter((u) => u.role === 'agent' && (u.groupIds.length < 1 || u.groupIds.length > 3)).map((u) => u.id);
    expect(bad).toEqual([]);
  });

  it('leaves queued conversations unassigned and assigns all others', () => {
    const queued = d.conversations.filter((c) => c.status === 'queued');
    expect(queued.length).toBeGreaterThanOrEqual(4);
    expect(queued.length).toBeLessThanOrEqual(6);
    expect(queued.filter((c) => c.assigneeId !== null).map((c) => c.id)).toEqual([]);
    expect(d.conversations.filter((c) => c.status !== 'queued' && c.assigneeId === null).map((c) => c.id)).toEqual([]);
  });

  it('uses exactly 18 distinct customer tags', () => {
    const tags = new Set(d.customers.flatMap((c) => c.tags));
    expect(tags.size).toBe(18);
  });

  it('uses only the allowed script placeholders', () => {
    const allowed = new Set<string>(SCRIPT_PLACEHOLDERS);
    const bad: string[] = [];
    for (const s of d.scripts) {
      const names = [...s.body.matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => m[1]!);
      for (const n of names) if (!allowed.has(n)) bad.push(`${s.id}: {{${n}}}`);
      // no stray braces left after removing well-formed placeholders
      if (/[{}]/.test(s.body.replace(/\{\{[^{}]*\}\}/g, ''))) bad.push(`${s.id}: stray brace`);
    }
    expect(bad).toEqual([]);
  });

  it('writes at least a quarter of conversations in traditional Chinese', () => {
    const traditional = d.conversations.filter((c) => {
      const text = c.messages.map((m) => m.body).join('');
      return new Set([...text].filter((ch) => TRADITIONAL_ONLY.includes(ch))).size >= 3;
    });
    expect(traditional.length).toBeGreaterThanOrEqual(Math.ceil(d.conversations.length / 4));
  });
});
