/**
 * Admins' edits of the reply check's word lists (issue #6 item 3), pure. The rules file
 * (resources/lexicons/reply-rules.json) stays the built-in default; an edited word group is a
 * row of `reply_rule_groups`, synced to every workstation, that replaces the built-in group of
 * the same id (or adds a new group). Only the five word-list families are editable here; the
 * patterns of amounts, guarantees and personal data stay in the file.
 *
 * Every edit is validated before it is stored, on the replica and again on the server: a word
 * that could never match sensibly, one listed already, or one that would make the check flag
 * the compliant alternative it offers is refused with the reason.
 */
import { checkReply, compileReplyRules } from './reply-check';
import type { LocalizedText, ReplyRulesData, TermGroupData } from './reply-rules';
import { foldForMatch } from './script-fold';

export const EDITABLE_RULE_FAMILIES = ['absolute_claim', 'vague', 'cold', 'forbidden_when_upset', 'over_authority'] as const;
export type EditableRuleFamily = (typeof EDITABLE_RULE_FAMILIES)[number];

export const RULE_WORD_MIN = 2;
export const RULE_WORD_MAX = 20;
export const RULE_WORDS_MAX = 200;
export const RULE_SUGGESTION_MAX = 200;
export const RULE_GROUP_NAME_MAX = 30;

/** One group as the check uses it after admins' edits. */
export interface EffectiveRuleGroup {
  family: EditableRuleFamily;
  groupId: string;
  terms: string[];
  except: string[];
  suggestion: LocalizedText | null;
  enabled: boolean;
  /** In the rules file (possibly edited) rather than added by an admin. */
  builtIn: boolean;
  /** null: exactly as in the rules file. */
  edited: { version: number; by: string; at: string } | null;
}

/** A stored edit (a `reply_rule_groups` row, parsed). */
export interface RuleGroupOverride {
  family: EditableRuleFamily;
  groupId: string;
  terms: readonly string[];
  except: readonly string[];
  suggestion: LocalizedText | null;
  enabled: boolean;
  builtIn: boolean;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface RuleProblem {
  key: string;
  params?: Record<string, string | number>;
}

export const ruleGroupRowId = (family: EditableRuleFamily, groupId: string) => `${family}/${groupId}`;

/** Every editable group: the rules file's, with admins' edits applied, then the ones admins added. */
export function effectiveRuleGroups(base: ReplyRulesData, overrides: readonly RuleGroupOverride[]): EffectiveRuleGroup[] {
  const byId = new Map(overrides.map((o) => [ruleGroupRowId(o.family, o.groupId), o]));
  const groups: EffectiveRuleGroup[] = [];
  for (const family of EDITABLE_RULE_FAMILIES) {
    for (const group of base[family].groups) {
      const edit = byId.get(ruleGroupRowId(family, group.id));
      byId.delete(ruleGroupRowId(family, group.id));
      groups.push(
        edit
          ? fromOverride({ ...edit, builtIn: true }, group)
          : { family, groupId: group.id, terms: [...group.terms], except: [...(group.except ?? [])], suggestion: group.suggestion ?? null, enabled: true, builtIn: true, edited: null },
      );
    }
  }
  for (const edit of byId.values()) if (!edit.builtIn) groups.push(fromOverride(edit, undefined));
  return groups;
}

function fromOverride(edit: RuleGroupOverride, builtIn: TermGroupData | undefined): EffectiveRuleGroup {
  return {
    family: edit.family,
    groupId: edit.groupId,
    terms: [...edit.terms],
    except: [...edit.except],
    suggestion: edit.suggestion ?? builtIn?.suggestion ?? null,
    enabled: edit.enabled,
    builtIn: builtIn !== undefined,
    edited: { version: edit.version, by: edit.updatedBy, at: edit.updatedAt },
  };
}

/** The rule data the check compiles: the file's, each editable family's groups replaced by the effective ones. */
export function applyRuleGroups(base: ReplyRulesData, groups: readonly EffectiveRuleGroup[]): ReplyRulesData {
  const familyGroups = (family: EditableRuleFamily): TermGroupData[] =>
    groups
      .filter((g) => g.family === family && g.enabled)
      .map((g) => {
        const original = base[family].groups.find((b) => b.id === g.groupId);
        return {
          ...original,
          id: g.groupId,
          terms: g.terms,
          except: g.except,
          ...(g.suggestion ? { suggestion: g.suggestion } : {}),
        };
      });
  return {
    ...base,
    absolute_claim: { ...base.absolute_claim, groups: familyGroups('absolute_claim') },
    vague: { ...base.vague, groups: familyGroups('vague') },
    cold: { ...base.cold, groups: familyGroups('cold') },
    forbidden_when_upset: { ...base.forbidden_when_upset, groups: familyGroups('forbidden_when_upset') },
    over_authority: { ...base.over_authority, groups: familyGroups('over_authority') },
  };
}

export interface GroupEdit {
  addTerms?: readonly string[];
  removeTerms?: readonly string[];
  addExcept?: readonly string[];
  removeExcept?: readonly string[];
  suggestion?: LocalizedText;
  enabled?: boolean;
}

const BREAKS = /[\s,，;；!！?？。、：:…~～"“”'‘’()（）【】[\]]/u;

/** What is wrong with one word on its own. */
function wordProblem(word: string, asTerm: boolean): RuleProblem | null {
  if (word.trim() === '') return { key: 'script-admin:rules.error.empty_word' };
  if (BREAKS.test(word)) return { key: 'script-admin:rules.error.has_break', params: { word } };
  if (word.length > RULE_WORD_MAX) return { key: 'script-admin:rules.error.too_long', params: { word, max: RULE_WORD_MAX } };
  if (asTerm && foldForMatch(word).length < RULE_WORD_MIN) return { key: 'script-admin:rules.error.too_short', params: { word, min: RULE_WORD_MIN } };
  return null;
}

function suggestionProblem(suggestion: LocalizedText): RuleProblem | null {
  if (suggestion.hans.trim() === '' || suggestion.hant.trim() === '') return { key: 'script-admin:rules.error.suggestion_required' };
  if (suggestion.hans.length > RULE_SUGGESTION_MAX || suggestion.hant.length > RULE_SUGGESTION_MAX) {
    return { key: 'script-admin:rules.error.suggestion_too_long', params: { max: RULE_SUGGESTION_MAX } };
  }
  return null;
}

const displayName = (group: EffectiveRuleGroup) => group.groupId;

/**
 * Applies an edit to one group of the effective list, or says why it may not be made. `groups`
 * is the list before the edit; the result replaces the group (or adds it, for a new one).
 */
export function editRuleGroup(
  base: ReplyRulesData,
  groups: readonly EffectiveRuleGroup[],
  target: { family: EditableRuleFamily; groupId: string; create?: { terms: readonly string[]; suggestion: LocalizedText | null } },
  edit: GroupEdit,
): { group: EffectiveRuleGroup } | { problem: RuleProblem } {
  const existing = groups.find((g) => g.family === target.family && g.groupId === target.groupId);
  let group: EffectiveRuleGroup;
  if (target.create) {
    const name = target.groupId.trim();
    if (name === '' || name.length > RULE_GROUP_NAME_MAX || name.includes('/')) return { problem: { key: 'script-admin:rules.error.bad_group_name', params: { max: RULE_GROUP_NAME_MAX } } };
    if (existing) return { problem: { key: 'script-admin:rules.error.group_exists', params: { group: name } } };
    if (target.create.terms.length === 0) return { problem: { key: 'script-admin:rules.error.last_term' } };
    if (target.family !== 'vague' && target.create.suggestion === null) return { problem: { key: 'script-admin:rules.error.suggestion_required' } };
    group = { family: target.family, groupId: name, terms: [], except: [], suggestion: target.create.suggestion, enabled: true, builtIn: false, edited: null };
    edit = { ...edit, addTerms: [...target.create.terms, ...(edit.addTerms ?? [])] };
  } else {
    if (!existing) return { problem: { key: 'script-admin:rules.error.no_group', params: { group: target.groupId } } };
    group = { ...existing, terms: [...existing.terms], except: [...existing.except] };
  }

  const others = groups.filter((g) => g !== existing && g.family === target.family);
  const listed = (list: readonly string[], word: string) => list.find((w) => foldForMatch(w) === foldForMatch(word));

  for (const word of edit.removeTerms ?? []) {
    const found = listed(group.terms, word);
    if (found === undefined) return { problem: { key: 'script-admin:rules.error.not_listed', params: { word } } };
    group.terms = group.terms.filter((w) => w !== found);
  }
  for (const word of edit.removeExcept ?? []) {
    const found = listed(group.except, word);
    if (found === undefined) return { problem: { key: 'script-admin:rules.error.not_listed', params: { word } } };
    group.except = group.except.filter((w) => w !== found);
  }
  for (const raw of edit.addTerms ?? []) {
    const word = raw.trim();
    const problem = wordProblem(word, true);
    if (problem) return { problem };
    const same = listed(group.terms, word);
    if (same !== undefined) return { problem: { key: 'script-admin:rules.error.already_listed', params: { word, existing: same } } };
    const elsewhere = others.find((g) => listed(g.terms, word) !== undefined);
    if (elsewhere) return { problem: { key: 'script-admin:rules.error.listed_elsewhere', params: { word, group: displayName(elsewhere) } } };
    // 不清楚啊 adds nothing where 不清楚 is listed: the shorter word already finds it.
    const folded = foldForMatch(word);
    const covering = [group, ...others].flatMap((g) => g.terms).find((t) => folded.includes(foldForMatch(t)));
    if (covering !== undefined) return { problem: { key: 'script-admin:rules.error.covered', params: { word, existing: covering } } };
    group.terms.push(word);
  }
  for (const raw of edit.addExcept ?? []) {
    const word = raw.trim();
    const problem = wordProblem(word, false);
    if (problem) return { problem };
    const same = listed(group.except, word);
    if (same !== undefined) return { problem: { key: 'script-admin:rules.error.already_listed', params: { word, existing: same } } };
    const folded = foldForMatch(word);
    if (!group.terms.some((t) => folded.includes(foldForMatch(t)))) return { problem: { key: 'script-admin:rules.error.except_unrelated', params: { word } } };
    group.except.push(word);
  }
  if (group.terms.length === 0) return { problem: { key: 'script-admin:rules.error.last_term' } };
  if (group.terms.length + group.except.length > RULE_WORDS_MAX) return { problem: { key: 'script-admin:rules.error.too_many_words', params: { max: RULE_WORDS_MAX } } };
  if (edit.suggestion !== undefined) {
    const problem = suggestionProblem(edit.suggestion);
    if (problem) return { problem };
    group.suggestion = edit.suggestion;
  } else if (target.create?.suggestion) {
    const problem = suggestionProblem(target.create.suggestion);
    if (problem) return { problem };
  }
  if (edit.enabled !== undefined) group.enabled = edit.enabled;

  const problem = flagsAnAlternative(base, groups, existing, group);
  return problem ? { problem } : { group };
}

/**
 * A new word that the check would find in a compliant alternative it offers (its own group's or
 * another's) would tell agents to replace a phrase with another flagged one: refused, naming it.
 * Only new findings count: what the file's alternatives already trip stays as it was.
 */
function flagsAnAlternative(base: ReplyRulesData, groups: readonly EffectiveRuleGroup[], before: EffectiveRuleGroup | undefined, after: EffectiveRuleGroup): RuleProblem | null {
  const afterGroups = before ? groups.map((g) => (g === before ? after : g)) : [...groups, after];
  const oldRules = compileReplyRules(applyRuleGroups(base, groups));
  const newRules = compileReplyRules(applyRuleGroups(base, afterGroups));
  const context = { customerEmotion: 'angry' as const };
  for (const group of afterGroups) {
    if (!group.enabled || !group.suggestion) continue;
    for (const text of [group.suggestion.hans, group.suggestion.hant]) {
      const found = checkReply(text, context, newRules);
      if (found.length === 0) continue;
      const known = new Set(checkReply(text, context, oldRules).map((f) => `${f.rule}:${f.start}:${f.end}`));
      const fresh = found.find((f) => !known.has(`${f.rule}:${f.start}:${f.end}`));
      if (fresh) return { key: 'script-admin:rules.error.flags_suggestion', params: { word: text.slice(fresh.start, fresh.end), group: displayName(group), suggestion: text } };
    }
  }
  return null;
}
