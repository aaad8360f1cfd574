import { foldForMatch } from '../text/script-fold';

/**
 * Fuzzy matching for the pickers (scripts, command palette). Both the query and the text are folded
 * with foldForMatch, so "退货" finds "退貨", "ＶＩＰ" finds "vip", and offsets in the folded text are
 * offsets in the original (the fold keeps one code unit per code unit), which the UI uses to
 * highlight what matched.
 */

export interface FuzzyField {
  text: string;
  /** How much a match here counts relative to other fields (title above body). */
  weight: number;
}

export interface FuzzyMatch {
  score: number;
  /** Matched [start, end) ranges in each field's original text, by field index. */
  ranges: [number, number][][];
}

const CONTIGUOUS = 10;
const SUBSEQUENCE = 3;

/** Splits a query into terms: spaces separate terms; a term must match somewhere. */
export function queryTerms(query: string): string[] {
  return foldForMatch(query)
    .split(/\s+/)
    .filter((term) => term.length > 0);
}

/** Matches one folded term in one folded text: a contiguous hit, else the characters in order. */
function matchTerm(term: string, text: string): { score: number; ranges: [number, number][] } | null {
  const at = text.indexOf(term);
  if (at >= 0) {
    // Earlier hits rank higher: a title that starts with the term beats one that merely contains it.
    const position = at === 0 ? 3 : 1 / (1 + at / 8);
    return { score: CONTIGUOUS * term.length + position, ranges: [[at, at + term.length]] };
  }
  const ranges: [number, number][] = [];
  let from = 0;
  let gaps = 0;
  for (const char of term) {
    const found = text.indexOf(char, from);
    if (found < 0) return null;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === found) last[1] = found + 1;
    else {
      if (last) gaps += found - last[1];
      ranges.push([found, found + 1]);
    }
    from = found + 1;
  }
  // A scattered match (each character far apart) is barely a match: penalise the gaps.
  const score = SUBSEQUENCE * term.length - Math.min(gaps, 40) / 10 - (ranges.length - 1);
  return score > 0 ? { score, ranges } : null;
}

/**
 * Scores the fields against the terms; null unless every term matches in some field. Each term
 * counts once, in the field where it scores best after weighting.
 */
export function fuzzyMatch(terms: readonly string[], fields: readonly FuzzyField[]): FuzzyMatch | null {
  const folded = fields.map((field) => foldForMatch(field.text));
  const ranges: [number, number][][] = fields.map(() => []);
  let score = 0;
  for (const term of terms) {
    let best: { score: number; field: number; ranges: [number, number][] } | null = null;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const text = folded[i];
      if (!field || text === undefined) continue;
      const match = matchTerm(term, text);
      if (match && (!best || match.score * field.weight > best.score)) best = { score: match.score * field.weight, field: i, ranges: match.ranges };
    }
    if (!best) return null;
    score += best.score;
    ranges[best.field]?.push(...best.ranges);
  }
  return { score, ranges };
}

/**
 * The items matching `query`, best first (ties keep their original order). An empty query keeps
 * every item in order with no highlights.
 */
export function fuzzyFilter<T>(items: readonly T[], query: string, fields: (item: T) => FuzzyField[]): { item: T; match: FuzzyMatch }[] {
  const terms = queryTerms(query);
  const results: { item: T; match: FuzzyMatch; order: number }[] = [];
  items.forEach((item, order) => {
    const itemFields = fields(item);
    const match = terms.length === 0 ? { score: 0, ranges: itemFields.map(() => []) } : fuzzyMatch(terms, itemFields);
    if (match) results.push({ item, match, order });
  });
  results.sort((a, b) => b.match.score - a.match.score || a.order - b.order);
  return results.map(({ item, match }) => ({ item, match }));
}

/** Sorted, non-overlapping ranges: what a highlighter can walk through once. */
export function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
