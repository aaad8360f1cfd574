/**
 * Tokens of the knowledge-base index (docs/search.md). SQLite has no Chinese tokenizer and FTS5's
 * trigram tokenizer cannot match the two-character words Chinese queries are made of, so the text
 * is tokenized here and FTS5 only sees space-separated tokens:
 *
 * - the text is folded first (foldForMatch: traditional → simplified, full-width → ASCII, lower
 *   case), so 帳號, 賬號 and 账号 all become 账号 in the index and in queries;
 * - a run of Han characters of length n ≥ 2 gives its n−1 overlapping bigrams followed by its last
 *   character (the "tail"), a single Han character gives itself: every character occurrence then
 *   starts exactly one token, which is what makes a one-character query (a prefix query) complete;
 * - any other run of letters and digits is one token (iphone15, 12315, app).
 *
 * Everything else (punctuation, spaces, symbols) separates tokens.
 */
import { foldForMatch } from './script-fold';

const RUN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

/** One whitespace-separated part of a query, as index tokens. */
export interface QueryTerm {
  /** Tokens that must appear consecutively (an FTS5 phrase). */
  readonly tokens: readonly string[];
  /** The term ends in a single Han character: its last token is matched as a prefix. */
  readonly prefixLast: boolean;
  /** The term's folded runs of Han characters or of letters and digits (退款, iphone15). */
  readonly runs: readonly string[];
}

function pushHanRun(run: string, out: string[], withTail: boolean): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i] ?? ''}${chars[i + 1] ?? ''}`);
  if (withTail) out.push(chars[chars.length - 1] ?? '');
}

/** The token stream of a field, in order; positions matter because phrases are matched on them. */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  const folded = foldForMatch(text);
  RUN.lastIndex = 0;
  for (let m = RUN.exec(folded); m !== null; m = RUN.exec(folded)) {
    if (m[1] !== undefined) pushHanRun(m[1], out, true);
    else out.push(m[0]);
  }
  return out;
}

/**
 * A query's terms: whitespace separates terms, each term is a phrase. Inside a term the tokens are
 * those of indexTokens except that the term's final Han run has no tail: in the text that run may
 * go on (退款 inside 退款流程), and there the tail sits after 程, not after 款.
 */
export function queryTerms(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const part of foldForMatch(query).split(/\s+/)) {
    const runs: { text: string; han: boolean }[] = [];
    RUN.lastIndex = 0;
    for (let m = RUN.exec(part); m !== null; m = RUN.exec(part)) runs.push({ text: m[0], han: m[1] !== undefined });
    if (runs.length === 0) continue;
    const tokens: string[] = [];
    runs.forEach((run, i) => {
      if (run.han) pushHanRun(run.text, tokens, i < runs.length - 1);
      else tokens.push(run.text);
    });
    const last = runs[runs.length - 1];
    const prefixLast = last !== undefined && last.han && Array.from(last.text).length === 1;
    terms.push({ tokens, prefixLast, runs: runs.map((r) => r.text) });
  }
  return terms;
}
