/**
 * A knowledge-base query made from a customer's message, for the articles the KB panel suggests
 * while its search box is empty. A search term is matched as a phrase, and a customer writes
 * sentences, not search terms: the message becomes its two-character words (the same units the
 * index is made of) and other words, each a term of its own, searched with match 'any' so that
 * articles sharing more and rarer words rank first.
 */
const WORD = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;

export function kbSuggestionQuery(message: string, maxLength: number): string {
  const words = new Set<string>();
  for (const run of message.match(WORD) ?? []) {
    const chars = Array.from(run);
    // A lone character (的, 吗, a) matches nearly everything.
    if (chars.length < 2) continue;
    if (!HAN.test(run)) {
      words.add(run);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) words.add(`${chars[i] ?? ''}${chars[i + 1] ?? ''}`);
  }
  let query = '';
  for (const word of words) {
    const next = query === '' ? word : `${query} ${word}`;
    // The earliest words are kept: a customer usually says what it is about first.
    if (next.length > maxLength) break;
    query = next;
  }
  return query;
}
