/**
 * Script recommendation (SPEC §4 智能調用): ranks the script library for the agent from the
 * customer's recent messages, their emotion and their tags. Pure and synchronous; the lexicon
 * (intents, emotion and tag rules) lives in resources/lexicons/intents.json.
 *
 * Evidence comes from the conversation: a script's own keywords found in the messages (rarer and
 * longer keywords count more, later messages more than earlier ones) and intents — families of
 * trigger words in both scripts — shared by the messages and the script. Emotion and customer
 * tags then adjust scripts that have evidence. For an upset customer the best few soothing scripts
 * (情緒安撫話術包) are pinned on top whatever else matched.
 */
import lexiconJson from '../../../resources/lexicons/intents.json';
import type { CustomerEmotion } from './reply-check';
import { foldForMatch } from './script-fold';

export type { CustomerEmotion } from './reply-check';

export interface RecommendableScript {
  id: string;
  title: string;
  body: string;
  category: string;
  stage: string | null;
  keywords: readonly string[];
}

export interface RecommendInput {
  /** The customer's messages, oldest first; only the last few count. */
  messages: readonly string[];
  emotion?: CustomerEmotion;
  /** Customer tags such as VIP or 高投訴風險. */
  tags?: readonly string[];
  /** At most this many results (default 5). */
  limit?: number;
}

export interface ScriptRecommendation {
  id: string;
  title: string;
  /** Orders the list, best first; pinned soothing scripts score above every other script. */
  score: number;
}

export interface RecommendLexicon {
  recentMessages: number;
  recencyDecay: number;
  weights: { intent: number; emotionWord: number; tagWord: number };
  soothingSlots: number;
  intents: { id: string; triggers: string[] }[];
  emotions: Record<CustomerEmotion, EmotionRule>;
  tags: { tags: string[]; words: string[]; categories: Weights }[];
}

/** Additive weights by script category or stage; JSON objects of differing keys type as optional ones. */
type Weights = Partial<Record<string, number>>;

interface EmotionRule {
  soothingFirst: boolean;
  words: string[];
  categories: Weights;
  stages: Weights;
}

export const DEFAULT_RECOMMEND_LEXICON: RecommendLexicon = lexiconJson satisfies RecommendLexicon;

const SOOTHING = 'soothing';

interface CompiledScript {
  readonly script: RecommendableScript;
  /** Folded keywords with their weight: specificity (length) times rarity in this library. */
  readonly keywords: readonly { word: string; weight: number }[];
  readonly intents: ReadonlySet<string>;
  /** Folded keywords and title: what emotion and tag words are looked for in. */
  readonly vocabulary: string;
}

interface CompiledLexicon {
  readonly data: RecommendLexicon;
  readonly intents: readonly { id: string; triggers: readonly string[] }[];
  /** Every trigger with the intents it belongs to, and the distinct trigger lengths. */
  readonly intentsByTrigger: ReadonlyMap<string, readonly string[]>;
  readonly triggerLengths: readonly number[];
  readonly emotions: ReadonlyMap<CustomerEmotion, EmotionRule & { folded: readonly string[] }>;
  readonly tags: ReadonlyMap<string, { words: readonly string[]; categories: Weights }[]>;
}

const foldAll = (words: readonly string[]): string[] => [...new Set(words.map((w) => foldForMatch(w.trim())).filter((w) => w !== ''))];

function compileLexicon(data: RecommendLexicon): CompiledLexicon {
  const tags = new Map<string, { words: readonly string[]; categories: Weights }[]>();
  for (const rule of data.tags) {
    const compiled = { words: foldAll(rule.words), categories: rule.categories };
    for (const tag of foldAll(rule.tags)) tags.set(tag, [...(tags.get(tag) ?? []), compiled]);
  }
  const intents = data.intents.map((intent) => ({ id: intent.id, triggers: foldAll(intent.triggers) }));
  const intentsByTrigger = new Map<string, string[]>();
  for (const { id, triggers } of intents) for (const t of triggers) intentsByTrigger.set(t, [...(intentsByTrigger.get(t) ?? []), id]);
  return {
    data,
    intents,
    intentsByTrigger,
    triggerLengths: [...new Set([...intentsByTrigger.keys()].map((t) => t.length))],
    emotions: new Map(
      (Object.entries(data.emotions) as [CustomerEmotion, EmotionRule][]).map(([emotion, rule]) => [emotion, { ...rule, folded: foldAll(rule.words) }]),
    ),
    tags,
  };
}

/** A keyword of one or two characters (急, 催, 退款) says less than 七天无理由. */
function specificity(word: string): number {
  return Math.min(1.6, Math.max(0.8, 1 + 0.2 * (Array.from(word).length - 2)));
}

export interface ScriptRecommender {
  recommend(input: RecommendInput): ScriptRecommendation[];
}

/** Prepares a script library once, so each recommendation costs microseconds. */
export function createScriptRecommender(scripts: readonly RecommendableScript[], lexiconData: RecommendLexicon = DEFAULT_RECOMMEND_LEXICON): ScriptRecommender {
  const lexicon = lexiconData === DEFAULT_RECOMMEND_LEXICON ? DEFAULT_LEXICON : compileLexicon(lexiconData);
  const folded = scripts.map((script) => ({ script, keywords: foldAll(script.keywords), title: foldForMatch(script.title) }));
  const documentFrequency = new Map<string, number>();
  for (const { keywords } of folded) for (const word of keywords) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const rarity = (word: string) => Math.log(1 + scripts.length / (documentFrequency.get(word) ?? 1));
  // Normalised so that a typical keyword weighs about 1 whatever the size of the library.
  const typicalRarity = Math.log(1 + scripts.length);

  const compiled: CompiledScript[] = folded.map(({ script, keywords, title }) => {
    // A script serves an intent when its title or one of its keywords contains a trigger: keyword
    // 退款 puts it in intent refund, so a customer writing 退錢 (never listed by the script) finds it.
    const intents = new Set<string>();
    for (const text of [title, ...keywords]) {
      for (let start = 0; start < text.length; start++) {
        for (const length of lexicon.triggerLengths) {
          for (const id of lexicon.intentsByTrigger.get(text.substr(start, length)) ?? []) intents.add(id);
        }
      }
    }
    return {
      script,
      keywords: keywords.map((word) => ({ word, weight: (specificity(word) * rarity(word)) / typicalRarity })),
      intents,
      vocabulary: [title, ...keywords].join('\n'),
    };
  });
  const allKeywords = [...documentFrequency.keys()];

  function recommend(input: RecommendInput): ScriptRecommendation[] {
    const { data } = lexicon;
    const limit = input.limit ?? 5;
    const recent = input.messages.slice(-data.recentMessages).map((m) => foldForMatch(m));
    // Weight of the latest message containing a word: 1 for the last message, decaying before it.
    const presence = (word: string): number => {
      for (let i = recent.length - 1; i >= 0; i--) {
        if (recent[i]?.includes(word)) return data.recencyDecay ** (recent.length - 1 - i);
      }
      return 0;
    };
    const keywordPresence = new Map<string, number>();
    for (const word of allKeywords) {
      const weight = presence(word);
      if (weight > 0) keywordPresence.set(word, weight);
    }
    const intentPresence = new Map<string, number>();
    for (const intent of lexicon.intents) {
      const weight = Math.max(0, ...intent.triggers.map(presence));
      if (weight > 0) intentPresence.set(intent.id, weight);
    }
    const emotion = lexicon.emotions.get(input.emotion ?? 'neutral');
    const tagRules = foldAll(input.tags ?? []).flatMap((tag) => lexicon.tags.get(tag) ?? []);

    const scored: { script: RecommendableScript; score: number; pinnable: boolean }[] = [];
    for (const c of compiled) {
      let evidence = 0;
      for (const { word, weight } of c.keywords) evidence += (keywordPresence.get(word) ?? 0) * weight;
      for (const intent of c.intents) evidence += (intentPresence.get(intent) ?? 0) * data.weights.intent;
      const soothing = c.script.category === SOOTHING;
      // A script written for this emotion names several of its words (焦虑, 担心, 赶时间): each extra one counts a quarter.
      const emotionWords = emotion?.folded.filter((w) => c.vocabulary.includes(w)).length ?? 0;
      const emotionWord = emotionWords === 0 ? 0 : data.weights.emotionWord * (1 + 0.25 * (Math.min(emotionWords, 5) - 1));
      // The customer's emotion is itself evidence for a soothing script made for that emotion.
      if (soothing) evidence += emotionWord;

      let score = evidence;
      if (evidence > 0) {
        if (!soothing) score += emotionWord;
        score += (emotion?.categories[c.script.category] ?? 0) + (emotion?.stages[c.script.stage ?? ''] ?? 0);
        for (const rule of tagRules) if (rule.words.some((w) => c.vocabulary.includes(w))) score += data.weights.tagWord;
      }
      // Risk tags (高投訴風險) lift whole categories even without evidence from the messages.
      for (const rule of tagRules) score += rule.categories[c.script.category] ?? 0;

      const pinnable = soothing && emotion?.soothingFirst === true;
      if (score > 0 || pinnable) scored.push({ script: c.script, score, pinnable });
    }

    const byScore = (a: { score: number; script: RecommendableScript }, b: { score: number; script: RecommendableScript }) =>
      b.score - a.score || (a.script.id < b.script.id ? -1 : a.script.id > b.script.id ? 1 : 0);
    scored.sort(byScore);
    const pinned = scored.filter((s) => s.pinnable).slice(0, data.soothingSlots);
    const rest = scored.filter((s) => !pinned.includes(s) && s.score > 0);
    // Pinned scripts keep their relative scores, lifted just above the best of the rest.
    const lift = pinned.length > 0 ? Math.max(0, ...rest.map((s) => s.score)) + 1 - Math.min(...pinned.map((s) => s.score)) : 0;
    return [...pinned.map((s) => ({ ...s, score: s.score + lift })), ...rest]
      .slice(0, Math.max(0, limit))
      .map((s) => ({ id: s.script.id, title: s.script.title, score: Math.round(s.score * 1000) / 1000 }));
  }

  return { recommend };
}

const DEFAULT_LEXICON = compileLexicon(DEFAULT_RECOMMEND_LEXICON);

const recommenders = new WeakMap<readonly RecommendableScript[], ScriptRecommender>();

/** Ranks `scripts` for the conversation; repeated calls with the same array reuse its preparation. */
export function recommendScripts(scripts: readonly RecommendableScript[], input: RecommendInput): ScriptRecommendation[] {
  let recommender = recommenders.get(scripts);
  if (!recommender) {
    recommender = createScriptRecommender(scripts);
    recommenders.set(scripts, recommender);
  }
  return recommender.recommend(input);
}
