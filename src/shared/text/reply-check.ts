/**
 * Compliance check of an agent's reply before it is sent (SPEC §4): absolute claims, vague
 * commitments, cold phrases, phrases forbidden while the customer is upset, promises beyond the
 * agent's authority and other people's personal data. Pure; rules come from reply-rules.json.
 * Matching runs on foldForMatch(text), whose offsets equal the original's.
 */
import rulesJson from '../../../resources/lexicons/reply-rules.json';
import { parseAmount } from './chinese-number';
import {
  compileReplyRules,
  type CompiledGroup,
  type CompiledReplyRules,
  type CompiledTermFamily,
  type LocalizedText,
  type ReplyRule,
  type ReplyRulesData,
} from './reply-rules';
import { detectScript, foldForMatch, type ChineseScript } from './script-fold';

export { compileReplyRules, REPLY_RULES } from './reply-rules';
export type { CompiledReplyRules, LocalizedText, ReplyRule, ReplyRulesData, TermGroupData } from './reply-rules';

export type CustomerEmotion = 'neutral' | 'positive' | 'dissatisfied' | 'angry' | 'disappointed' | 'anxious';

export interface ReplyCheckContext {
  /** upset = dissatisfied | angry | disappointed | anxious (configurable in the rules). */
  customerEmotion?: CustomerEmotion;
  /** The agent's refund/compensation authority in yuan; the rules' default (100) when absent. */
  refundLimitYuan?: number;
  customer?: {
    phone?: string | null;
    idNumber?: string | null;
    address?: string | null;
    orderNos?: readonly string[];
  };
}

export interface ReplyFinding {
  rule: ReplyRule;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /** i18next key in namespace 'reply-check'. */
  messageKey: string;
  messageParams?: Record<string, string | number>;
  /** A compliant alternative, in the script of the checked text. */
  suggestion: string;
}

export const DEFAULT_REPLY_RULES: CompiledReplyRules = compileReplyRules(rulesJson satisfies ReplyRulesData);

interface Scan {
  readonly text: string;
  readonly folded: string;
  readonly script: ChineseScript;
  readonly rules: CompiledReplyRules;
  readonly findings: ReplyFinding[];
}

export function checkReply(
  text: string,
  context: ReplyCheckContext = {},
  rules: CompiledReplyRules = DEFAULT_REPLY_RULES,
): ReplyFinding[] {
  if (text.trim() === '') return [];
  const scan: Scan = { text, folded: foldForMatch(text), script: detectScript(text), rules, findings: [] };

  checkTermFamily(scan, 'absolute_claim', rules.absoluteClaim);
  checkVague(scan);
  checkTermFamily(scan, 'cold', rules.cold);
  if (context.customerEmotion !== undefined && rules.upsetEmotions.has(context.customerEmotion)) {
    checkTermFamily(scan, 'forbidden_when_upset', rules.forbiddenWhenUpset);
  }
  checkOverAuthority(scan, context.refundLimitYuan ?? rules.data.defaults.refundLimitYuan);
  checkPrivacy(scan, context.customer ?? {});

  return finalize(scan.findings, rules, text);
}

// ---------------------------------------------------------------------------------------------
// Word lists

interface TermMatch {
  readonly start: number;
  readonly end: number;
  readonly group: CompiledGroup;
}

function* matchTerms(folded: string, family: CompiledTermFamily): Generator<TermMatch> {
  const regex = family.regex;
  regex.lastIndex = 0;
  for (let m = regex.exec(folded); m !== null; m = regex.exec(folded)) {
    const term = m[0];
    const start = m.index;
    const end = start + term.length;
    const group = family.groupByTerm.get(term);
    if (group && !isExcepted(folded, start, end, term, group)) yield { start, end, group };
    // Terms may overlap (请冷静 / 冷静一下): look again from the next character; merging joins them.
    regex.lastIndex = start + 1;
  }
}

function isExcepted(folded: string, start: number, end: number, term: string, group: CompiledGroup): boolean {
  for (const { word, offset } of group.excepts.get(term) ?? []) {
    if (start - offset >= 0 && folded.startsWith(word, start - offset)) return true;
  }
  const before = folded.slice(0, start);
  if (group.notPrecededBy.some((w) => before.endsWith(w))) return true;
  return group.notFollowedBy.some((w) => folded.startsWith(w, end));
}

function checkTermFamily(scan: Scan, rule: ReplyRule, family: CompiledTermFamily): void {
  for (const { start, end, group } of matchTerms(scan.folded, family)) {
    scan.findings.push({
      rule,
      start,
      end,
      messageKey: `${rule}.reason`,
      messageParams: { term: scan.text.slice(start, end) },
      suggestion: localize(group.suggestion, scan.script),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Vague words: only where the clause is about doing something or about when.

function checkVague(scan: Scan): void {
  const { rules, folded } = scan;
  for (const { start, end, group } of matchTerms(folded, rules.vague)) {
    const clause = clauseAround(scan, start, end);
    const commitment = findInRange(rules.commitmentRegex, folded, clause.start, clause.end);
    const commitmentSuggestion = commitment === null ? undefined : rules.commitmentByWord.get(commitment);
    const talksAboutTime = findInRange(rules.timeRegex, folded, clause.start, clause.end) !== null;
    if (group.requiresCommitment && commitmentSuggestion === undefined && !talksAboutTime) continue;
    scan.findings.push({
      rule: 'vague',
      start,
      end,
      messageKey: 'vague.reason',
      messageParams: { term: scan.text.slice(start, end) },
      suggestion: localize(commitmentSuggestion ?? rules.data.vague.defaultSuggestion, scan.script),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Promises beyond the agent's authority

function checkOverAuthority(scan: Scan, limit: number): void {
  const { rules, folded, text } = scan;
  const amountFinding = (start: number, end: number, amountText: string): void => {
    const amount = parseAmount(amountText);
    if (amount === null || amount <= limit) return;
    if (rules.amountNotFollowedBy.some((w) => folded.startsWith(w, end))) return;
    const clause = clauseAround(scan, start, end);
    const clauseText = folded.slice(clause.start, clause.end);
    if (rules.amountClauseExcept.some((w) => clauseText.includes(w))) return;
    scan.findings.push({
      rule: 'over_authority',
      start,
      end,
      messageKey: 'over_authority.amount',
      messageParams: { amount, limit },
      suggestion: fill(localize(rules.data.over_authority.amount.suggestion, scan.script), { amount }),
    });
  };

  const afterVerb = rules.amountAfterVerb;
  afterVerb.lastIndex = 0;
  for (let m = afterVerb.exec(folded); m !== null; m = afterVerb.exec(folded)) {
    const start = m.index;
    if (rules.notVerbs.some((w) => folded.startsWith(w, start))) {
      // 退货…15元 is not a refund: retry from the next character so a later verb still counts.
      afterVerb.lastIndex = start + 1;
      continue;
    }
    amountFinding(start, start + m[0].length, m[1] ?? '');
  }
  const beforeNoun = rules.amountBeforeNoun;
  beforeNoun.lastIndex = 0;
  for (let m = beforeNoun.exec(folded); m !== null; m = beforeNoun.exec(folded)) {
    amountFinding(m.index, m.index + m[0].length, m[1] ?? '');
  }

  const guarantee = rules.guaranteeRegex;
  guarantee.lastIndex = 0;
  for (let m = guarantee.exec(folded); m !== null; m = guarantee.exec(folded)) {
    const start = m.index;
    const end = start + m[0].length;
    scan.findings.push({
      rule: 'over_authority',
      start,
      end,
      messageKey: 'over_authority.promise',
      messageParams: { term: text.slice(start, end) },
      suggestion: localize(rules.data.over_authority.guarantee.suggestion, scan.script),
    });
  }

  for (const { start, end, group } of matchTerms(folded, rules.promises)) {
    scan.findings.push({
      rule: 'over_authority',
      start,
      end,
      messageKey: 'over_authority.promise',
      messageParams: { term: text.slice(start, end) },
      suggestion: localize(group.suggestion, scan.script),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Personal data of anyone but this customer

type CustomerData = NonNullable<ReplyCheckContext['customer']>;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CODES = '10x98765432';

/** GB 11643 check digit: rejects most 18-digit strings that merely look like an ID number. */
function isValidIdNumber(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CODES[sum % 11] === id[17];
}

const digitsOf = (s: string): string => s.replace(/[^0-9]/g, '');

function normalizePhone(phone: string): string {
  const digits = digitsOf(phone);
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

const stripForCompare = (s: string): string => foldForMatch(s).replace(/[\s,.;:!?()、。·#-]/g, '');

function maskPhone(digits: string): string {
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

function maskIdNumber(id: string): string {
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4).toUpperCase()}`;
}

function checkPrivacy(scan: Scan, customer: CustomerData): void {
  const { rules, folded, text } = scan;
  const ownOrders = customer.orderNos?.map((o) => foldForMatch(o.trim())) ?? null;
  const ownPhone = customer.phone ? normalizePhone(customer.phone) : null;
  const ownId = customer.idNumber ? foldForMatch(customer.idNumber.trim()) : null;
  const claimed: { start: number; end: number }[] = [];
  const isClaimed = (start: number, end: number): boolean => claimed.some((c) => start < c.end && c.start < end);
  const add = (finding: Omit<ReplyFinding, 'rule'>): void => {
    claimed.push(finding);
    scan.findings.push({ rule: 'privacy', ...finding });
  };
  const claimOwnOrder = (token: string, start: number, end: number): boolean => {
    if (ownOrders?.includes(token)) {
      claimed.push({ start, end });
      return true;
    }
    return false;
  };

  // Order numbers first: after 订单号 a number is an order number even if it looks like a phone.
  const afterKeyword = rules.orderAfterKeywordRegex;
  afterKeyword.lastIndex = 0;
  for (let m = afterKeyword.exec(folded); m !== null; m = afterKeyword.exec(folded)) {
    const token = m[1] ?? '';
    const end = m.index + m[0].length;
    const start = end - token.length;
    // Without the customer's orders there is no telling whose order it is.
    if (ownOrders === null || ownOrders.includes(token)) {
      claimed.push({ start, end });
      continue;
    }
    add({
      start,
      end,
      messageKey: 'privacy.order_no',
      messageParams: { orderNo: text.slice(start, end) },
      suggestion: localize(rules.data.privacy.suggestions.order_no, scan.script),
    });
  }

  const phone = rules.phoneRegex;
  phone.lastIndex = 0;
  for (let m = phone.exec(folded); m !== null; m = phone.exec(folded)) {
    const start = m.index;
    const end = start + m[0].length;
    const digits = digitsOf(m[0]);
    if (isClaimed(start, end) || claimOwnOrder(digits, start, end) || digits === ownPhone) continue;
    add({
      start,
      end,
      messageKey: ownPhone === null ? 'privacy.phone_unverified' : 'privacy.phone',
      messageParams: { masked: maskPhone(digits) },
      suggestion: maskPhone(digits),
    });
  }

  const idNumber = rules.idNumberRegex;
  idNumber.lastIndex = 0;
  for (let m = idNumber.exec(folded); m !== null; m = idNumber.exec(folded)) {
    const start = m.index;
    const end = start + m[0].length;
    const id = m[0];
    if (isClaimed(start, end) || !isValidIdNumber(id) || claimOwnOrder(id, start, end) || id === ownId) continue;
    add({
      start,
      end,
      messageKey: ownId === null ? 'privacy.id_number_unverified' : 'privacy.id_number',
      messageParams: { masked: maskIdNumber(id) },
      suggestion: maskIdNumber(id),
    });
  }

  // A bare number shaped like this customer's order numbers (same length and prefix) is an order
  // number too, even without the word 订单 in front of it.
  if (ownOrders !== null && ownOrders.length > 0) {
    const bare = rules.bareOrderRegex;
    bare.lastIndex = 0;
    for (let m = bare.exec(folded); m !== null; m = bare.exec(folded)) {
      const token = m[0];
      const start = m.index;
      const end = start + token.length;
      if (isClaimed(start, end) || ownOrders.includes(token)) continue;
      if (!ownOrders.some((o) => o.length === token.length && o.slice(0, 2) === token.slice(0, 2))) continue;
      add({
        start,
        end,
        messageKey: 'privacy.order_no',
        messageParams: { orderNo: text.slice(start, end) },
        suggestion: localize(rules.data.privacy.suggestions.order_no, scan.script),
      });
    }
  }

  const ownAddress = customer.address ? stripForCompare(customer.address) : null;
  for (const regex of rules.addressRegexes) {
    regex.lastIndex = 0;
    for (let m = regex.exec(folded); m !== null; m = regex.exec(folded)) {
      const start = m.index;
      const end = start + m[0].length;
      if (isClaimed(start, end)) continue;
      const clause = clauseAround(scan, start, end);
      const clauseText = folded.slice(clause.start, clause.end);
      if (rules.addressClauseExcept.some((w) => clauseText.includes(w))) continue;
      // The detailed tail (building, unit, room) is what identifies a home; matching it is enough.
      const found = stripForCompare(m[0]);
      if (ownAddress !== null && (ownAddress.includes(found) || ownAddress.includes(found.slice(-8)))) continue;
      add({
        start,
        end,
        messageKey: 'privacy.address',
        suggestion: localize(rules.data.privacy.suggestions.address, scan.script),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function clauseAround(scan: Scan, start: number, end: number): { start: number; end: number } {
  const { folded, rules } = scan;
  let s = start;
  while (s > 0 && !rules.clauseBreaks.has(folded.charCodeAt(s - 1))) s--;
  let e = end;
  while (e < folded.length && !rules.clauseBreaks.has(folded.charCodeAt(e))) e++;
  return { start: s, end: e };
}

/** The first match of a global regex lying wholly inside [start, end), or null. */
function findInRange(regex: RegExp, folded: string, start: number, end: number): string | null {
  regex.lastIndex = start;
  const m = regex.exec(folded);
  return m !== null && m.index + m[0].length <= end ? m[0] : null;
}

function localize(text: LocalizedText | undefined, script: ChineseScript): string {
  return text?.[script] ?? '';
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

/** Drops findings covered by a more specific rule, merges overlaps within a rule, sorts by start. */
function finalize(findings: ReplyFinding[], rules: CompiledReplyRules, text: string): ReplyFinding[] {
  const yieldsTo = new Map<ReplyRule, readonly ReplyRule[]>([
    ['absolute_claim', rules.absoluteClaim.yieldsTo],
    ['vague', rules.vague.yieldsTo],
    ['cold', rules.cold.yieldsTo],
    ['forbidden_when_upset', rules.forbiddenWhenUpset.yieldsTo],
    ['over_authority', rules.promises.yieldsTo],
  ]);
  const kept = findings.filter((f) => {
    const stronger = yieldsTo.get(f.rule) ?? [];
    return !findings.some((o) => o !== f && stronger.includes(o.rule) && o.start <= f.start && f.end <= o.end);
  });
  kept.sort((a, b) => a.start - b.start || b.end - a.end);

  const merged: ReplyFinding[] = [];
  const lastByRule = new Map<ReplyRule, ReplyFinding>();
  for (const finding of kept) {
    const last = lastByRule.get(finding.rule);
    if (last && finding.start < last.end) {
      last.end = Math.max(last.end, finding.end);
      if (last.messageParams?.term !== undefined) last.messageParams = { ...last.messageParams, term: text.slice(last.start, last.end) };
      continue;
    }
    const copy = { ...finding };
    merged.push(copy);
    lastByRule.set(finding.rule, copy);
  }
  return merged;
}
