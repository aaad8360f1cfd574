import { describe, expect, it } from 'vitest';
import table from '../../resources/lexicons/t2s-chars.json';
import { detectScript, foldForMatch, foldScript } from '../../src/shared/text/script-fold';

describe('foldScript', () => {
  it('folds 帳號, 賬號, 帐号 and 账号 to one string', () => {
    const folded = ['帳號', '賬號', '帐号', '账号'].map(foldScript);
    expect(new Set(folded)).toEqual(new Set(['账号']));
  });

  it.each([
    ['發票', '发票'],
    ['退貨', '退货'],
    ['物流', '物流'],
    ['閃退', '闪退'],
    ['登錄', '登录'],
    ['請您理解', '请您理解'],
    ['沒辦法', '没办法'],
    ['保證', '保证'],
    ['頂級', '顶级'],
    ['諮詢', '咨询'],
    ['裡面為您', '里面为您'],
    ['兩百塊', '两百块'],
  ])('folds %s to %s', (traditional, simplified) => {
    expect(foldScript(traditional)).toBe(simplified);
    expect(foldScript(simplified)).toBe(simplified);
  });

  it('keeps length and offsets, including around astral characters', () => {
    const text = '您好😀，這個訂單𠀋的發票已開具，請查收。';
    const folded = foldScript(text);
    expect(folded).toHaveLength(text.length);
    expect(folded).toBe('您好😀，这个订单𠀋的发票已开具，请查收。');
    const start = folded.indexOf('发票');
    expect(text.slice(start, start + 2)).toBe('發票');
  });

  it('returns simplified text unchanged (same string) and handles the empty string', () => {
    const text = '您好，请问有什么可以帮您？';
    expect(foldScript(text)).toBe(text);
    expect(foldScript('')).toBe('');
  });

  it('is idempotent over the whole table and maps one code unit to one', () => {
    expect(table.from).toHaveLength(table.to.length);
    expect(foldScript(table.to)).toBe(table.to);
    expect(foldScript(table.from)).toBe(table.to);
  });

  it('keeps the table small: only differing characters, a few thousand at most', () => {
    expect(table.from.length).toBeGreaterThan(2000);
    expect(table.from.length).toBeLessThan(5000);
    for (let i = 0; i < table.from.length; i++) expect(table.from[i]).not.toBe(table.to[i]);
  });

  it('folds long texts beyond one decode chunk', () => {
    const text = '發票'.repeat(5000);
    expect(foldScript(text)).toBe('发票'.repeat(5000));
  });
});

describe('foldForMatch', () => {
  it('also folds full-width ASCII, the ideographic space and upper case, keeping length', () => {
    const text = '頂級　ＮＯ．１，１００％';
    const folded = foldForMatch(text);
    expect(folded).toBe('顶级 no.1,100%');
    expect(folded).toHaveLength(text.length);
  });
});

describe('detectScript', () => {
  it.each([
    ['請您理解，我們會盡快處理', 'hant'],
    ['请您理解，我们会尽快处理', 'hans'],
    ['台灣', 'hant'],
    ['皇后公里', 'hans'],
    ['著名品牌', 'hans'],
    ['退您 150 元', 'hans'],
    ['', 'hans'],
  ] as const)('%s → %s', (text, script) => {
    expect(detectScript(text)).toBe(script);
  });

  it('follows the majority in mixed text', () => {
    expect(detectScript('這個訂單的發貨时间')).toBe('hant');
    expect(detectScript('这个订单的发货時間')).toBe('hans');
  });
});
