import { z } from 'zod';
import { CONTENT_STATUSES, SCRIPT_CATEGORIES, type ContentStatus, type ScriptCategory, type ScriptStage } from '../domain/enums';
import type { CustomerEmotion } from '../text/reply-check';
import { query } from './channel';
import { KB_QUERY_MAX_LENGTH } from './values';

/** Knowledge base search and the script library as the console reads them (SPEC §4, §5). */

export const CUSTOMER_EMOTIONS = ['neutral', 'positive', 'dissatisfied', 'angry', 'disappointed', 'anxious'] as const satisfies readonly CustomerEmotion[];
// Fails to compile when reply-check gains an emotion this list lacks.
type MissingEmotion = Exclude<CustomerEmotion, (typeof CUSTOMER_EMOTIONS)[number]>;
export const CUSTOMER_EMOTIONS_COMPLETE: MissingEmotion extends never ? true : MissingEmotion = true;

export const KB_SEARCH_MAX_LIMIT = 50;
export { KB_QUERY_MAX_LENGTH } from './values';

export interface KbSearchHitView {
  id: string;
  title: string;
  /** Part of the answer around the first matched term. */
  snippet: string;
  /** Higher is better; ≥ 1 when every term occurs in the title or an alternative phrasing. */
  score: number;
  /** Category names from the root down, e.g. ['服務政策', '退換貨與退款', '七天無理由']. */
  categoryPath: string[];
}

export interface KbArticleView {
  id: string;
  title: string;
  /** The standard answer. */
  body: string;
  notes: string;
  links: { title: string; url: string }[];
  /** Alternative phrasings of the question. */
  questions: string[];
  categoryId: string;
  categoryPath: string[];
  status: ContentStatus;
  version: number;
  updatedAt: string;
}

export interface ScriptView {
  id: string;
  title: string;
  /** Placeholders are written {{name}}. */
  body: string;
  category: ScriptCategory;
  stage: ScriptStage | null;
  keywords: string[];
  status: ContentStatus;
  version: number;
  usageCount: number;
}

export interface ScriptRecommendationView {
  id: string;
  /** The version in force, recorded on a reply made from it. */
  version: number;
  title: string;
  /** Orders the list, best first. */
  score: number;
  body: string;
  category: ScriptCategory;
  stage: ScriptStage | null;
}

const id = z.string().min(1).max(100);

export const knowledgeChannels = {
  /** Published articles only, best first. */
  'kb.search': query<KbSearchHitView[]>()(
    z.object({
      query: z.string().trim().min(1).max(KB_QUERY_MAX_LENGTH),
      limit: z.number().int().min(1).max(KB_SEARCH_MAX_LIMIT).default(10),
      /** 'all' (default): every term must occur; 'any': suggestions from a conversation's words. */
      match: z.enum(['all', 'any']).default('all'),
    }),
    ['kb_articles', 'kb_categories'],
  ),
  /** Agents see published articles; supervisors and admins any status. */
  'kb.get': query<KbArticleView>()(z.object({ id }), ['kb_articles', 'kb_categories']),
  /** Agents get published scripts only, whatever statuses they ask for. */
  'scripts.list': query<ScriptView[]>()(
    z
      .object({
        category: z.enum(SCRIPT_CATEGORIES).optional(),
        statuses: z.array(z.enum(CONTENT_STATUSES)).min(1).optional(),
      })
      .default({}),
    ['scripts'],
  ),
  /**
   * Published scripts ranked for a conversation from its customer's recent messages and tags.
   * `emotion` is the customer's current emotion when known; an upset customer gets soothing scripts first.
   */
  'scripts.recommend': query<ScriptRecommendationView[]>()(
    z.object({
      conversationId: id,
      emotion: z.enum(CUSTOMER_EMOTIONS).optional(),
      limit: z.number().int().min(1).max(20).default(5),
    }),
    ['scripts', 'messages', 'conversations', 'customers'],
    { conversationScoped: true },
  ),
};
