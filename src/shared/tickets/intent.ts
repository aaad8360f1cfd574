import { DEFAULT_RECOMMEND_LEXICON } from '../text/recommend-scripts';
import { foldForMatch } from '../text/script-fold';

/**
 * What a chat is about, for the ticket it becomes: the intents of the script lexicon
 * (resources/lexicons/intents.json), counted over the customer's latest messages, and the
 * category of SPEC §6's taxonomy each intent files under.
 */

/** Intents that say how the chat goes rather than what it is about. */
const NOT_A_TOPIC = new Set(['greeting', 'resolved', 'waiting', 'escalation', 'compensation']);
const RECENT_MESSAGES = 5;

const INTENTS = DEFAULT_RECOMMEND_LEXICON.intents
  .filter((intent) => !NOT_A_TOPIC.has(intent.id))
  .map((intent) => ({ id: intent.id, triggers: [...new Set(intent.triggers.map((t) => foldForMatch(t)).filter((t) => t.length > 0))] }));

/** Category path (level 1 › 2 › 3, as seeded) per intent; names are folded before comparing, so either Chinese script matches. */
export const INTENT_CATEGORY_PATHS: Readonly<Record<string, readonly [string, string, string]>> = {
  refund: ['訂單服務', '售後問題', '退款申請'],
  return: ['訂單服務', '售後問題', '退款申請'],
  quality: ['訂單服務', '售後問題', '換貨流程'],
  size: ['訂單服務', '售後問題', '換貨流程'],
  counterfeit: ['投訴建議', '服務投訴', '處理時效'],
  logistics: ['訂單服務', '物流問題', '快遞丟失'],
  shipping_time: ['訂單服務', '物流問題', '未發貨'],
  address: ['訂單服務', '下單問題', '地址錯誤'],
  price: ['訂單服務', '下單問題', '無法支付'],
  app_crash: ['技術支持', 'APP故障', '閃退'],
  login: ['技術支持', '賬號問題', '登錄失敗'],
  complaint: ['投訴建議', '服務投訴', '客服態度'],
  product_advice: ['投訴建議', '產品建議', '功能優化'],
};

/** The intent most mentioned in the customer's messages (newest last), later messages weighing more; null when none. */
export function detectIntent(customerMessages: readonly string[]): string | null {
  const recent = customerMessages.slice(-RECENT_MESSAGES);
  const scores = new Map<string, number>();
  recent.forEach((message, index) => {
    const text = foldForMatch(message);
    const weight = 1 + index / recent.length;
    for (const intent of INTENTS) {
      if (intent.triggers.some((t) => text.includes(t))) scores.set(intent.id, (scores.get(intent.id) ?? 0) + weight);
    }
  });
  let best: string | null = null;
  for (const [id, score] of scores) if (best === null || score > (scores.get(best) ?? 0)) best = id;
  return best;
}

export interface CategoryRow {
  id: string;
  parent_id: string | null;
  name: string;
}

/** The leaf category an intent files under, in the categories as they are now (admins may rename); null when absent. */
export function categoryForIntent(intent: string | null, categories: readonly CategoryRow[]): string | null {
  const path = intent === null ? undefined : INTENT_CATEGORY_PATHS[intent];
  if (!path) return null;
  let parent: string | null = null;
  for (const name of path) {
    const wanted = foldForMatch(name);
    const node = categories.find((c) => c.parent_id === parent && foldForMatch(c.name) === wanted);
    if (!node) return null;
    parent = node.id;
  }
  return parent;
}
