import { foldForMatch } from './script-fold';
import { indexTokens } from './tokenize';

/**
 * The FAQ bot's matcher: is a customer's message one of the questions a KB article answers?
 * Each article lists alternative phrasings of its question (kb_articles.questions); the message
 * is compared with each phrasing and the title by the overlap of their folded two-character
 * tokens (Dice coefficient), so 七天無理由怎麼退 meets 七天无理由怎么退. Only a close match counts:
 * a wrong answer from a bot costs more than a handover to a human.
 */

export interface FaqArticle {
  id: string;
  title: string;
  body: string;
  /** Alternative phrasings of the question the article answers. */
  questions: readonly string[];
}

export interface FaqHit {
  article: FaqArticle;
  /** 0–1: 1 when the message and the phrasing have the same tokens. */
  score: number;
}

/** Below this the bot does not answer; chosen on the demo KB so that paraphrases hit and other questions do not. */
export const FAQ_MIN_SCORE = 0.5;

// Courtesies and lead-ins that carry no question ("我想问一下发票怎么开" asks "发票怎么开"); folded forms.
const FILLERS = ['我想问一下', '想问一下', '问一下', '我想问', '请问', '你好', '您好', '麻烦', '谢谢', '一下'];

// A single Han character (the tail token of a run) says little about the question's meaning.
const meaningful = (text: string) => {
  let stripped = foldForMatch(text);
  for (const filler of FILLERS) stripped = stripped.replaceAll(filler, ' ');
  return new Set(indexTokens(stripped).filter((token) => token.length > 1 || !/\p{Script=Han}/u.test(token)));
};

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** The best-matching article, or null when nothing is close enough. */
export function matchFaq(message: string, articles: readonly FaqArticle[], minScore = FAQ_MIN_SCORE): FaqHit | null {
  const asked = meaningful(message);
  let best: FaqHit | null = null;
  for (const article of articles) {
    for (const phrasing of [article.title, ...article.questions]) {
      const score = dice(asked, meaningful(phrasing));
      if (score >= minScore && (!best || score > best.score)) best = { article, score };
    }
  }
  return best;
}
