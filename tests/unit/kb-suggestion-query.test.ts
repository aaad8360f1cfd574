import { describe, expect, it } from 'vitest';
import { kbSuggestionQuery } from '../../src/shared/console/kb-suggestion-query';

describe('the KB query made from a customer message', () => {
  it('splits Chinese into two-character words and keeps other words whole, each once', () => {
    expect(kbSuggestionQuery('寄到臺灣要幾天?會不會收關稅? iPhone 15', 200)).toBe('寄到 到臺 臺灣 灣要 要幾 幾天 會不 不會 會收 收關 關稅 iPhone 15');
    expect(kbSuggestionQuery('退款退款', 200)).toBe('退款 款退');
  });

  it('drops lone characters and punctuation, and gives nothing for a message without words', () => {
    expect(kbSuggestionQuery('好 的 a ?', 200)).toBe('');
    expect(kbSuggestionQuery('……', 200)).toBe('');
  });

  it('stays within the length limit, keeping the first words', () => {
    const query = kbSuggestionQuery('我想申请七天无理由退货但是商品的吊牌已经剪掉了还能退吗', 20);
    expect(query.length).toBeLessThanOrEqual(20);
    expect(query.startsWith('我想 想申 申请')).toBe(true);
  });
});
