/**
 * Applying a reply-check finding's suggestion to the reply. A masked number replaces just the
 * number; every other suggestion is an alternative wording of the whole clause (我保证明天一定到 →
 * 我已为您加急催促，…), so it replaces the clause the finding sits in, not only the flagged word.
 */
import { DEFAULT_REPLY_RULES, type CompiledReplyRules, type ReplyFinding } from './reply-check';
import { foldForMatch } from './script-fold';

/** Findings whose suggestion is the flagged span itself, rewritten (a phone or ID number masked). */
const SPAN_SUGGESTIONS: ReadonlySet<string> = new Set(['privacy.phone', 'privacy.phone_unverified', 'privacy.id_number', 'privacy.id_number_unverified']);

/** Where the suggestions mark a value for the agent to fill in (X小时内, X个工作日). */
const FILL_IN = 'X';

export interface SuggestionEdit {
  /** The range of the original text to replace, end exclusive. */
  start: number;
  end: number;
  replacement: string;
  /** The text after the edit. */
  text: string;
  /** What to select afterwards (offsets in the new text): the first value to fill in, else the caret after the replacement. */
  select: { start: number; end: number };
}

export function suggestionEdit(text: string, finding: ReplyFinding, rules: CompiledReplyRules = DEFAULT_REPLY_RULES): SuggestionEdit {
  let start = finding.start;
  let end = finding.end;
  if (!SPAN_SUGGESTIONS.has(finding.messageKey)) {
    // Folding keeps offsets and turns full-width punctuation (，。) into the rules' clause breaks.
    const folded = foldForMatch(text);
    while (start > 0 && !rules.clauseBreaks.has(folded.charCodeAt(start - 1))) start--;
    while (end < folded.length && !rules.clauseBreaks.has(folded.charCodeAt(end))) end++;
    // Spaces around a clause belong to the layout, not to the wording being replaced.
    while (start < finding.start && /\s/.test(text.charAt(start))) start++;
    while (end > finding.end && /\s/.test(text.charAt(end - 1))) end--;
  }
  const replacement = finding.suggestion;
  const fillIn = replacement.indexOf(FILL_IN);
  return {
    start,
    end,
    replacement,
    text: text.slice(0, start) + replacement + text.slice(end),
    select: fillIn >= 0 ? { start: start + fillIn, end: start + fillIn + FILL_IN.length } : { start: start + replacement.length, end: start + replacement.length },
  };
}
