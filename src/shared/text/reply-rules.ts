/**
 * The reply-check rule data (resources/lexicons/reply-rules.json, editable by admins) and its
 * compiled form. Compiling folds every word to the match form and builds each regex once.
 */
import { AMOUNT_PATTERN } from './chinese-number';
import { foldForMatch, type ChineseScript } from './script-fold';

/** A tuple, so schemas can take it as an enum (message.send's overrides). */
export const REPLY_RULES = ['absolute_claim', 'vague', 'cold', 'forbidden_when_upset', 'over_authority', 'privacy'] as const;
export type ReplyRule = (typeof REPLY_RULES)[number];

export type LocalizedText = Readonly<Record<ChineseScript, string>>;

export interface TermGroupData {
  readonly id: string;
  readonly terms: readonly string[];
  /** Longer words containing a term that are fine (保证金 for 保证). */
  readonly except?: readonly string[];
  readonly notPrecededBy?: readonly string[];
  readonly notFollowedBy?: readonly string[];
  /** Only a finding when the clause also speaks of a commitment (an action or a time). */
  readonly requiresCommitment?: boolean;
  readonly suggestion?: LocalizedText;
}

interface TermFamilyData {
  readonly yieldsTo?: readonly string[];
  readonly groups: readonly TermGroupData[];
}

export interface ReplyRulesData {
  readonly defaults: { readonly refundLimitYuan: number };
  readonly upsetEmotions: readonly string[];
  readonly clauseBreaks: string;
  readonly timePatterns: readonly string[];
  readonly absolute_claim: TermFamilyData;
  readonly vague: TermFamilyData & {
    readonly commitments: readonly { readonly id: string; readonly words: readonly string[]; readonly suggestion: LocalizedText }[];
    readonly defaultSuggestion: LocalizedText;
  };
  readonly cold: TermFamilyData;
  readonly forbidden_when_upset: TermFamilyData;
  readonly over_authority: TermFamilyData & {
    readonly amount: {
      readonly verbs: readonly string[];
      readonly notVerbs: readonly string[];
      readonly nouns: readonly string[];
      readonly units: readonly string[];
      readonly prefixes: readonly string[];
      readonly maxGap: number;
      readonly notFollowedBy: readonly string[];
      readonly clauseExcept: readonly string[];
      readonly suggestion: LocalizedText;
    };
    readonly guarantee: {
      readonly assurances: readonly string[];
      /** 一定要 is "must", an instruction rather than a guarantee. */
      readonly assuranceNotFollowedBy: readonly string[];
      readonly outcomes: readonly string[];
      readonly maxGap: number;
      readonly suggestion: LocalizedText;
    };
  };
  readonly privacy: {
    readonly phonePattern: string;
    readonly idNumberPattern: string;
    readonly orderKeywords: readonly string[];
    readonly orderNoPattern: string;
    readonly addressPatterns: readonly string[];
    readonly addressClauseExcept: readonly string[];
    readonly suggestions: { readonly order_no: LocalizedText; readonly address: LocalizedText };
  };
}

export interface CompiledGroup {
  readonly id: string;
  readonly notPrecededBy: readonly string[];
  readonly notFollowedBy: readonly string[];
  readonly requiresCommitment: boolean;
  readonly suggestion: LocalizedText | undefined;
  /** Per folded term: the except words containing it, with the term's offset inside the word. */
  readonly excepts: ReadonlyMap<string, readonly { readonly word: string; readonly offset: number }[]>;
}

export interface CompiledTermFamily {
  readonly regex: RegExp;
  readonly groupByTerm: ReadonlyMap<string, CompiledGroup>;
  readonly yieldsTo: readonly ReplyRule[];
}

export interface CompiledReplyRules {
  readonly data: ReplyRulesData;
  readonly clauseBreaks: ReadonlySet<number>;
  readonly upsetEmotions: ReadonlySet<string>;
  readonly absoluteClaim: CompiledTermFamily;
  readonly vague: CompiledTermFamily;
  readonly cold: CompiledTermFamily;
  readonly forbiddenWhenUpset: CompiledTermFamily;
  readonly promises: CompiledTermFamily;
  readonly commitmentRegex: RegExp;
  readonly commitmentByWord: ReadonlyMap<string, LocalizedText>;
  readonly timeRegex: RegExp;
  readonly amountAfterVerb: RegExp;
  readonly amountBeforeNoun: RegExp;
  readonly notVerbs: readonly string[];
  readonly amountNotFollowedBy: readonly string[];
  readonly amountClauseExcept: readonly string[];
  readonly guaranteeRegex: RegExp;
  readonly phoneRegex: RegExp;
  readonly idNumberRegex: RegExp;
  readonly orderAfterKeywordRegex: RegExp;
  readonly bareOrderRegex: RegExp;
  readonly addressRegexes: readonly RegExp[];
  readonly addressClauseExcept: readonly string[];
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const escapeClass = (s: string): string => s.replace(/[\\\]^-]/g, '\\$&');

const foldAll = (words: readonly string[]): string[] => words.map((w) => foldForMatch(w)).filter((w) => w !== '');

/** Longest first, so an alternation prefers 保证质量 over 保证 at the same position. */
function alternation(words: readonly string[]): string {
  const unique = [...new Set(foldAll(words))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return '(?!)';
  return unique.map(escapeRegex).join('|');
}

function compileTermFamily(family: TermFamilyData): CompiledTermFamily {
  const groupByTerm = new Map<string, CompiledGroup>();
  for (const group of family.groups) {
    const terms = foldAll(group.terms);
    const exceptWords = foldAll(group.except ?? []);
    const excepts = new Map<string, { word: string; offset: number }[]>();
    for (const term of terms) {
      excepts.set(
        term,
        exceptWords.filter((word) => word.includes(term)).map((word) => ({ word, offset: word.indexOf(term) })),
      );
    }
    const compiled: CompiledGroup = {
      id: group.id,
      notPrecededBy: foldAll(group.notPrecededBy ?? []),
      notFollowedBy: foldAll(group.notFollowedBy ?? []),
      requiresCommitment: group.requiresCommitment ?? false,
      suggestion: group.suggestion,
      excepts,
    };
    // A term listed twice belongs to the first group that lists it.
    for (const term of terms) if (!groupByTerm.has(term)) groupByTerm.set(term, compiled);
  }
  const yieldsTo = (family.yieldsTo ?? []).map((rule) => {
    if (!(REPLY_RULES as readonly string[]).includes(rule)) throw new Error(`reply rules: unknown rule in yieldsTo: ${rule}`);
    return rule as ReplyRule;
  });
  return { regex: new RegExp(alternation([...groupByTerm.keys()]), 'g'), groupByTerm, yieldsTo };
}

export function compileReplyRules(data: ReplyRulesData): CompiledReplyRules {
  const breaks = foldForMatch(data.clauseBreaks);
  const breakClass = `[${escapeClass(breaks)}]`;
  const gap = (max: number): string => `(?:(?!${breakClass})[\\s\\S]){0,${max}}?`;
  const time = data.timePatterns.map((p) => `(?:${p})`).join('|');

  const commitmentByWord = new Map<string, LocalizedText>();
  for (const commitment of data.vague.commitments) {
    for (const word of foldAll(commitment.words)) if (!commitmentByWord.has(word)) commitmentByWord.set(word, commitment.suggestion);
  }

  const amount = data.over_authority.amount;
  const units = alternation(amount.units);
  const prefixes = alternation(amount.prefixes);
  const guarantee = data.over_authority.guarantee;
  const assurances = `(?:${alternation(guarantee.assurances)})(?!${alternation(guarantee.assuranceNotFollowedBy)})`;
  const privacy = data.privacy;

  return {
    data,
    clauseBreaks: new Set([...breaks].map((c) => c.charCodeAt(0))),
    upsetEmotions: new Set(data.upsetEmotions),
    absoluteClaim: compileTermFamily(data.absolute_claim),
    vague: compileTermFamily(data.vague),
    cold: compileTermFamily(data.cold),
    forbiddenWhenUpset: compileTermFamily(data.forbidden_when_upset),
    promises: compileTermFamily(data.over_authority),
    commitmentRegex: new RegExp(alternation([...commitmentByWord.keys()]), 'g'),
    commitmentByWord,
    timeRegex: new RegExp(time, 'g'),
    amountAfterVerb: new RegExp(
      `(?:${alternation(amount.verbs)})${gap(amount.maxGap)}(?:(?:${prefixes})\\s*)?(?<![0-9.])(${AMOUNT_PATTERN})\\s*(?:${units})`,
      'g',
    ),
    amountBeforeNoun: new RegExp(
      `(?:(?:${prefixes})\\s*)?(?<![0-9.])(${AMOUNT_PATTERN})\\s*(?:${units})的?\\s*(?:${alternation(amount.nouns)})`,
      'g',
    ),
    notVerbs: foldAll(amount.notVerbs),
    amountNotFollowedBy: foldAll(amount.notFollowedBy),
    amountClauseExcept: foldAll(amount.clauseExcept),
    guaranteeRegex: new RegExp(
      `(?:(?:${assurances})${gap(guarantee.maxGap)}(?:${time})|(?:${time})${gap(guarantee.maxGap)}(?:${assurances}))` +
        `${gap(guarantee.maxGap)}(?:${alternation(guarantee.outcomes)})`,
      'g',
    ),
    phoneRegex: new RegExp(`(?<![0-9])(?:${privacy.phonePattern})(?![0-9])`, 'g'),
    idNumberRegex: new RegExp(`(?<![0-9a-z])(?:${privacy.idNumberPattern})(?![0-9a-z])`, 'g'),
    orderAfterKeywordRegex: new RegExp(
      `(?:${alternation(privacy.orderKeywords)})[\\s:#]*(?:是|为)?[\\s:#]*(${privacy.orderNoPattern})(?![0-9a-z])`,
      'g',
    ),
    bareOrderRegex: new RegExp(`(?<![0-9a-z])${privacy.orderNoPattern}(?![0-9a-z])`, 'g'),
    addressRegexes: privacy.addressPatterns.map((p) => new RegExp(p, 'g')),
    addressClauseExcept: foldAll(privacy.addressClauseExcept),
  };
}
