/** Amounts as agents type them: 200, 1.5万, 2千, 两百, 三百五 (= 350), 一百零五, 两万五 (= 25000). */

const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Regex source for one amount in folded (simplified, half-width) text; parseAmount reads it. */
export const AMOUNT_PATTERN = '[0-9]+(?:\\.[0-9]+)?\\s*[十百千万]?|[零〇一二两三四五六七八九十百千万]+';

/** Parses a simplified-script amount; null when it is not one. */
export function parseAmount(raw: string): number | null {
  const text = raw.replace(/\s+/g, '');
  const arabic = /^([0-9]+(?:\.[0-9]+)?)([十百千万]?)$/.exec(text);
  if (arabic) {
    const value = Number(arabic[1]) * (UNITS[arabic[2] ?? ''] ?? 1);
    return Number.isFinite(value) ? value : null;
  }
  if (text === '') return null;

  let total = 0;
  let section = 0;
  let digit = 0;
  let lastUnit = 0;
  let zeroSinceUnit = false;
  let digitAfterUnit = false;
  for (const ch of text) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      if (d === 0) zeroSinceUnit = true;
      digit = d;
      digitAfterUnit = lastUnit > 0;
      continue;
    }
    const unit = UNITS[ch];
    if (unit === undefined) return null;
    if (unit === 10000) {
      total += (section + digit) * unit;
      section = 0;
    } else {
      // 十五 means 15: a bare 十 counts as one ten.
      section += (digit === 0 && unit === 10 ? 1 : digit) * unit;
    }
    digit = 0;
    lastUnit = unit;
    zeroSinceUnit = false;
    digitAfterUnit = false;
  }
  // Colloquial 三百五 is 350 and 两万五 is 25000: a trailing digit is one place below the last
  // unit, unless a 零 came between (一百零五 is 105).
  if (digitAfterUnit && !zeroSinceUnit && lastUnit >= 100) digit *= lastUnit / 10;
  return total + section + digit;
}
