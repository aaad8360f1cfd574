import { describe, expect, it } from 'vitest';
import { suggestionEdit } from '../../src/shared/text/apply-suggestion';
import { checkReply, type ReplyFinding } from '../../src/shared/text/reply-check';

const only = (findings: ReplyFinding[], rule: ReplyFinding['rule']): ReplyFinding => {
  const found = findings.find((f) => f.rule === rule);
  if (!found) throw new Error(`no ${rule} finding in ${JSON.stringify(findings)}`);
  return found;
};

describe('applying a reply-check suggestion', () => {
  it('replaces the clause of a wording finding and leaves the other clauses alone', () => {
    const text = '我保证明天一定到，我们是全网最低价';
    const edit = suggestionEdit(text, only(checkReply(text), 'absolute_claim'));
    expect(text.slice(edit.start, edit.end)).toBe('我们是全网最低价');
    expect(edit.text).toBe('我保证明天一定到，目前的活动价格以页面公示为准，您可以放心参考');
    expect(checkReply(edit.text).map((f) => f.rule)).toEqual(['over_authority']);
    // Nothing to fill in: the caret lands after the new wording.
    expect(edit.select).toEqual({ start: edit.text.length, end: edit.text.length });
  });

  it('stops at full-width and half-width clause breaks and keeps the spaces around a clause', () => {
    const text = '您好！ 我们可能明天处理。谢谢';
    const edit = suggestionEdit(text, only(checkReply(text), 'vague'));
    expect(text.slice(edit.start, edit.end)).toBe('我们可能明天处理');
    expect(edit.text.startsWith('您好！ ')).toBe(true);
    expect(edit.text.endsWith('。谢谢')).toBe(true);
  });

  it('selects the value the agent still has to fill in', () => {
    const text = '我們可能明天處理';
    const edit = suggestionEdit(text, only(checkReply(text), 'vague'));
    expect(edit.text).toContain('X');
    expect(edit.text.slice(edit.select.start, edit.select.end)).toBe('X');
    // Traditional text gets the traditional suggestion.
    expect(edit.text).toMatch(/將在/);
  });

  it('masks a phone number in place instead of rewriting its clause', () => {
    const text = '请联系 13961238842 处理';
    const finding = only(checkReply(text, { customer: { phone: '13812345671' } }), 'privacy');
    const edit = suggestionEdit(text, finding);
    expect(edit.text).toBe('请联系 139****8842 处理');
  });
});
