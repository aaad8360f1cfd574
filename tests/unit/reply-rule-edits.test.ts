import { describe, expect, it } from 'vitest';
import rulesJson from '../../resources/lexicons/reply-rules.json';
import { checkReply, compileReplyRules, type ReplyRulesData } from '../../src/shared/text/reply-check';
import { applyRuleGroups, editRuleGroup, effectiveRuleGroups, type EffectiveRuleGroup, type GroupEdit } from '../../src/shared/text/reply-rule-edits';

const base = rulesJson satisfies ReplyRulesData;
const groups = effectiveRuleGroups(base, []);
const edit = (family: EffectiveRuleGroup['family'], groupId: string, change: GroupEdit) => editRuleGroup(base, groups, { family, groupId }, change);
const problemOf = (result: ReturnType<typeof editRuleGroup>) => ('problem' in result ? result.problem : null);

describe('admins’ edits of the reply check’s word lists', () => {
  it('lists every word group of the five editable families as the rules file has them', () => {
    expect(new Set(groups.map((g) => g.family))).toEqual(new Set(['absolute_claim', 'vague', 'cold', 'forbidden_when_upset', 'over_authority']));
    expect(groups.find((g) => g.groupId === 'dont_know')).toMatchObject({ builtIn: true, enabled: true, edited: null, terms: expect.arrayContaining(['不知道']) });
    expect(compileReplyRules(applyRuleGroups(base, groups)).cold.groupByTerm.size).toBe(compileReplyRules(base).cold.groupByTerm.size);
  });

  it('an added word is found in either script, a removed one no longer is, a group switched off finds nothing', () => {
    const added = edit('cold', 'dont_know', { addTerms: ['没听说过'] });
    if (!('group' in added)) throw new Error(JSON.stringify(added));
    const rules = compileReplyRules(applyRuleGroups(base, groups.map((g) => (g.groupId === 'dont_know' ? added.group : g))));
    expect(checkReply('这个我也没听说过', {}, rules).map((f) => f.rule)).toEqual(['cold']);
    expect(checkReply('這個我也没听说过', {}, rules).map((f) => f.rule)).toEqual(['cold']);
    expect(checkReply('这个我也没听说过')).toEqual([]);

    const removed = edit('absolute_claim', 'superlative', { removeTerms: ['頂級'] });
    if (!('group' in removed)) throw new Error(JSON.stringify(removed));
    const without = compileReplyRules(applyRuleGroups(base, groups.map((g) => (g.groupId === 'superlative' ? removed.group : g))));
    expect(checkReply('顶级面料', {}, without)).toEqual([]);

    const off = edit('absolute_claim', 'superlative', { enabled: false });
    if (!('group' in off)) throw new Error(JSON.stringify(off));
    expect(checkReply('行业第一', {}, compileReplyRules(applyRuleGroups(base, groups.map((g) => (g.groupId === 'superlative' ? off.group : g)))))).toEqual([]);
  });

  it('refuses bad entries with the reason', () => {
    expect(problemOf(edit('cold', 'dont_know', { addTerms: ['不知道'] }))).toEqual({ key: 'script-admin:rules.error.already_listed', params: { word: '不知道', existing: '不知道' } });
    // The same word in the other script is the same word.
    expect(problemOf(edit('cold', 'no_way', { addTerms: ['沒辦法'] }))).toMatchObject({ key: 'script-admin:rules.error.already_listed' });
    expect(problemOf(edit('cold', 'not_my_job', { addTerms: ['不知道'] }))).toEqual({ key: 'script-admin:rules.error.listed_elsewhere', params: { word: '不知道', group: 'dont_know' } });
    expect(problemOf(edit('cold', 'dont_know', { addTerms: ['啊'] }))).toMatchObject({ key: 'script-admin:rules.error.too_short' });
    expect(problemOf(edit('cold', 'dont_know', { addTerms: ['真不清楚'] }))).toEqual({ key: 'script-admin:rules.error.covered', params: { word: '真不清楚', existing: '不清楚' } });
    expect(problemOf(edit('cold', 'dont_know', { addTerms: ['不，知道'] }))).toMatchObject({ key: 'script-admin:rules.error.has_break' });
    expect(problemOf(edit('cold', 'dont_know', { addTerms: ['  '] }))).toEqual({ key: 'script-admin:rules.error.empty_word' });
    expect(problemOf(edit('cold', 'dont_know', { removeTerms: ['从没有过'] }))).toEqual({ key: 'script-admin:rules.error.not_listed', params: { word: '从没有过' } });
    expect(problemOf(edit('cold', 'dont_know', { addExcept: ['物流单号'] }))).toEqual({ key: 'script-admin:rules.error.except_unrelated', params: { word: '物流单号' } });
    expect(problemOf(edit('cold', 'dont_know', { suggestion: { hans: '好的', hant: '' } }))).toEqual({ key: 'script-admin:rules.error.suggestion_required' });
    const all = groups.find((g) => g.groupId === 'lowest_price')?.terms ?? [];
    expect(problemOf(edit('absolute_claim', 'lowest_price', { removeTerms: all }))).toEqual({ key: 'script-admin:rules.error.last_term' });
  });

  it('refuses a word that would flag a compliant alternative the check offers', () => {
    // 核实 is in the suggestion for 不知道: "这个问题我马上为您核实，请您稍等".
    expect(problemOf(edit('cold', 'impatience', { addTerms: ['核实'] }))).toMatchObject({ key: 'script-admin:rules.error.flags_suggestion', params: { word: '核实', group: 'dont_know' } });
  });

  it('adds a group of the admin’s own, which needs a name of its own and an alternative', () => {
    const created = editRuleGroup(base, groups, { family: 'cold', groupId: '推给客户', create: { terms: ['自己看着办'], suggestion: { hans: '我来为您处理', hant: '我來為您處理' } } }, {});
    expect(created).toMatchObject({ group: { groupId: '推给客户', builtIn: false, terms: ['自己看着办'] } });
    expect(problemOf(editRuleGroup(base, groups, { family: 'cold', groupId: 'dont_know', create: { terms: ['自己看着办'], suggestion: { hans: '好', hant: '好' } } }, {}))).toMatchObject({ key: 'script-admin:rules.error.group_exists' });
    expect(problemOf(editRuleGroup(base, groups, { family: 'cold', groupId: '推给客户', create: { terms: ['自己看着办'], suggestion: null } }, {}))).toEqual({ key: 'script-admin:rules.error.suggestion_required' });
  });
});
