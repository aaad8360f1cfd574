/**
 * The console's rotation logic (輪詢制), free of React and the DOM: slot order, the longest-waiting
 * chat, SLA clocks, and which changes deserve the agent's attention.
 */

/** SPEC §3: first response within 30 s (IM standard), each later reply within 2 min. */
export const SLA_BUDGETS = { firstResponseMs: 30_000, replyMs: 120_000 } as const;
/** The clock turns amber when two thirds of the budget are gone, red when it is exhausted. */
export const SLA_WARN_FRACTION = 2 / 3;

export type SlaKind = 'firstResponse' | 'reply';
export type SlaLevel = 'ok' | 'warn' | 'breach';

export interface SlaClock {
  kind: SlaKind;
  elapsedMs: number;
  budgetMs: number;
  level: SlaLevel;
}

/**
 * The SLA clock of a chat: none while the agent has the last word; otherwise the first-response
 * budget until the agent has answered at least once, the reply budget after that. Both run from
 * the customer's oldest unanswered message.
 */
export function slaClock(
  waitingSince: string | null,
  answeredBefore: boolean,
  now: number,
  budgets: { firstResponseMs: number; replyMs: number } = SLA_BUDGETS,
): SlaClock | null {
  if (waitingSince === null) return null;
  const since = Date.parse(waitingSince);
  if (Number.isNaN(since)) return null;
  const kind: SlaKind = answeredBefore ? 'reply' : 'firstResponse';
  const budgetMs = kind === 'reply' ? budgets.replyMs : budgets.firstResponseMs;
  const elapsedMs = Math.max(0, now - since);
  const level: SlaLevel = elapsedMs >= budgetMs ? 'breach' : elapsedMs >= budgetMs * SLA_WARN_FRACTION ? 'warn' : 'ok';
  return { kind, elapsedMs, budgetMs, level };
}

export interface SlotChat {
  id: string;
  /** When the chat started; slots keep this order so "slot 3" stays the same customer. */
  startedAt: string;
  waitingSince: string | null;
}

/**
 * Slot order: by start time, then id. Stable while customers wait and agents reply — the list
 * sorted by waiting time would move a customer from slot 2 to slot 4 under the agent's fingers.
 */
export function orderSlots<T extends SlotChat>(chats: readonly T[]): T[] {
  return [...chats].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The chat whose customer has waited longest (輪詢制). When the agent is already there, the next
 * longest instead, so pressing the key again moves on rather than doing nothing; null when nobody
 * else waits.
 */
export function longestWaiting(chats: readonly SlotChat[], currentId: string | null): string | null {
  const waiting = chats
    .filter((c) => c.waitingSince !== null)
    .sort((a, b) => Date.parse(a.waitingSince ?? '') - Date.parse(b.waitingSince ?? '') || (a.id < b.id ? -1 : 1));
  const first = waiting[0];
  if (!first) return null;
  if (first.id !== currentId) return first.id;
  return waiting[1]?.id ?? null;
}

/** The slot `delta` steps from the current one, wrapping; slot 1 when the open chat is not in a slot. */
export function stepSlot(slotIds: readonly string[], currentId: string | null, delta: number): string | null {
  if (slotIds.length === 0) return null;
  const at = currentId === null ? -1 : slotIds.indexOf(currentId);
  if (at < 0) return slotIds[0] ?? null;
  const next = (((at + delta) % slotIds.length) + slotIds.length) % slotIds.length;
  return slotIds[next] ?? null;
}

export interface ChatSnapshot {
  id: string;
  status: string;
  lastMessageAt: string;
  unreadCount: number;
  waitingSince: string | null;
}

export type AttentionEvent = { kind: 'newChat' | 'customerReply' | 'openChatReply'; conversationId: string };

/**
 * What changed between two looks at the chat list that the agent should hear about: a chat newly
 * assigned to them, or a customer writing — in a background chat ('customerReply', worth a sound)
 * or in the open one ('openChatReply': on screen already, but a screen reader should say it). The
 * first look (prev null) announces nothing.
 */
export function attentionEvents(prev: readonly ChatSnapshot[] | null, next: readonly ChatSnapshot[], openId: string | null): AttentionEvent[] {
  if (prev === null) return [];
  const before = new Map(prev.map((c) => [c.id, c]));
  const events: AttentionEvent[] = [];
  for (const chat of next) {
    if (chat.status !== 'active') continue;
    const old = before.get(chat.id);
    if (!old || old.status !== 'active') {
      if (chat.id !== openId) events.push({ kind: 'newChat', conversationId: chat.id });
      continue;
    }
    const newMessage = chat.unreadCount > old.unreadCount || (chat.lastMessageAt > old.lastMessageAt && chat.waitingSince !== null);
    if (newMessage) events.push({ kind: chat.id === openId ? 'openChatReply' : 'customerReply', conversationId: chat.id });
  }
  return events;
}

/**
 * Customers waiting for the agent's reply: active chats in their slots whose customer has the last
 * word (a chat they were only invited into is its owner's to answer). What the badge shows.
 */
export function waitingCount(chats: readonly { status: string; place: string; waitingSince: string | null }[]): number {
  return chats.filter((c) => c.place === 'slot' && c.status === 'active' && c.waitingSince !== null).length;
}

export interface SlaWatch {
  id: string;
  waitingSince: string | null;
  answeredBefore: boolean;
}

/**
 * Chats whose SLA clock has turned red since the last look, and the levels to compare with next
 * time. A chat seen for the first time already late is not news (the console just opened); one
 * that was answered and is late again is.
 */
export function slaBreaches(previous: ReadonlyMap<string, SlaLevel | null>, chats: readonly SlaWatch[], now: number): { breached: string[]; levels: Map<string, SlaLevel | null> } {
  const levels = new Map<string, SlaLevel | null>();
  const breached: string[] = [];
  for (const chat of chats) {
    const level = slaClock(chat.waitingSince, chat.answeredBefore, now)?.level ?? null;
    const before = previous.get(chat.id);
    if (level === 'breach' && before !== undefined && before !== 'breach') breached.push(chat.id);
    levels.set(chat.id, level);
  }
  return { breached, levels };
}
