import { foldForMatch } from '../text/script-fold';

/**
 * Which skill group a conversation goes to and how urgent it is (SPEC §3 智能路由). Pure: the
 * central server calls it with the groups' keyword lists from `skill_groups.keywords`, so the
 * keywords are data an admin can change; this module only says how they are applied.
 */

export interface GroupKeywords {
  id: string;
  /** Intent keywords in either Chinese script (skill_groups.keywords). */
  keywords: readonly string[];
}

/** Queue order: a higher level is served first, then the longest-waiting. */
export const PRIORITY = { normal: 0, high: 1, urgent: 2 } as const;
export type PriorityLevel = (typeof PRIORITY)[keyof typeof PRIORITY];

export interface RoutingPolicy {
  /**
   * Tie-break between groups whose keywords match equally often: the earlier group wins, so a
   * specialist group (complaints) beats a general one (after-sales) when a customer says both.
   * Groups not listed come after, in id order.
   */
  precedence: readonly string[];
  /** Where a conversation goes when nothing matches (general enquiries). */
  defaultGroupId: string;
  /** Folded-text keywords per priority level above normal. */
  priorityKeywords: Readonly<Record<Exclude<PriorityLevel, 0>, readonly string[]>>;
}

/** The demo data set's groups (resources/demo/demo-data.json); a server may pass its own. */
export const DEFAULT_ROUTING_POLICY: RoutingPolicy = {
  precedence: ['g-senior', 'g-complaint', 'g-tech', 'g-aftersales', 'g-presales'],
  defaultGroupId: 'g-presales',
  priorityKeywords: {
    // 賬號被盜 first (SPEC §3): money and personal data are at risk while the customer waits.
    [PRIORITY.urgent]: ['账号被盗', '账户被盗', '号被盗', '盗号', '盗刷', '异地登录', '异地登入'],
    // A customer threatening to escalate outside should not wait behind routine questions.
    [PRIORITY.high]: ['12315', '投诉', '曝光', '律师', '媒体', '消协', '举报'],
  },
};

export type RouteReason = { kind: 'tag'; tag: string } | { kind: 'keyword'; keyword: string } | { kind: 'default' };

export interface RouteDecision {
  groupId: string;
  reason: RouteReason;
}

function ordered(groups: readonly GroupKeywords[], policy: RoutingPolicy): GroupKeywords[] {
  const rank = (id: string) => {
    const index = policy.precedence.indexOf(id);
    return index < 0 ? policy.precedence.length : index;
  };
  return [...groups].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

/**
 * The group for a customer's words and tags:
 * 1. a customer tag equal to one of a group's keywords (whole tag, both scripts: VIP,
 *    高投訴風險 → the senior group) — who the customer is outweighs what they ask;
 * 2. otherwise the group with the most distinct keywords found in the text (退款/退貨 →
 *    after-sales, 閃退/登錄 → tech support), ties broken by the policy's precedence;
 * 3. otherwise the policy's default group (or, when it does not exist, the last group in
 *    precedence order: the most general one).
 */
export function chooseGroup(input: { text: string; tags: readonly string[] }, groups: readonly GroupKeywords[], policy: RoutingPolicy = DEFAULT_ROUTING_POLICY): RouteDecision | null {
  const candidates = ordered(groups, policy);
  const tags = input.tags.map((tag) => ({ tag, folded: foldForMatch(tag.trim()) }));
  for (const group of candidates) {
    const folded = new Set(group.keywords.map((k) => foldForMatch(k.trim())));
    const hit = tags.find((t) => t.folded.length > 0 && folded.has(t.folded));
    if (hit) return { groupId: group.id, reason: { kind: 'tag', tag: hit.tag } };
  }

  const text = foldForMatch(input.text);
  let best: { group: GroupKeywords; hits: number; keyword: string } | null = null;
  for (const group of candidates) {
    const found = [...new Set(group.keywords.map((k) => foldForMatch(k.trim())))].filter((k) => k.length > 0 && text.includes(k));
    if (found.length === 0) continue;
    if (!best || found.length > best.hits) best = { group, hits: found.length, keyword: group.keywords.find((k) => foldForMatch(k.trim()) === found[0]) ?? found[0] ?? '' };
  }
  if (best) return { groupId: best.group.id, reason: { kind: 'keyword', keyword: best.keyword } };

  const fallback = groups.find((g) => g.id === policy.defaultGroupId) ?? candidates[candidates.length - 1];
  return fallback ? { groupId: fallback.id, reason: { kind: 'default' } } : null;
}

/** The priority level of a customer's words: the highest level whose keyword they contain. */
export function priorityOf(text: string, policy: RoutingPolicy = DEFAULT_ROUTING_POLICY): PriorityLevel {
  const folded = foldForMatch(text);
  for (const level of [PRIORITY.urgent, PRIORITY.high] as const) {
    if (policy.priorityKeywords[level].some((k) => folded.includes(foldForMatch(k)))) return level;
  }
  return PRIORITY.normal;
}

// Folded forms: 轉人工 and 转人工 alike. Short on purpose: "人工" alone also means "man-made".
const HUMAN_REQUESTS = ['转人工', '人工客服', '人工服务', '找人工', '真人客服', 'human agent', 'talk to a human'];

/** The customer asks the bot for a human (「轉人工」). */
export function wantsHuman(text: string): boolean {
  const folded = foldForMatch(text);
  return HUMAN_REQUESTS.some((phrase) => folded.includes(phrase));
}
