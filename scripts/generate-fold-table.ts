/**
 * Generates resources/lexicons/t2s-chars.json, the character-level traditional→simplified table
 * behind src/shared/text/script-fold.ts, from OpenCC's dictionaries as shipped in opencc-js
 * (dev-only; the runtime never imports opencc-js). Run: npx tsx scripts/generate-fold-table.ts
 */
import { writeFileSync } from 'node:fs';
import { configs } from 'opencc-js/preset';

type Dict = Map<string, string[]>;

function parseDict(source: unknown): Dict {
  if (typeof source !== 'string') throw new Error('unexpected opencc-js dictionary format');
  const dict: Dict = new Map();
  for (const entry of source.split('|')) {
    const [key, ...values] = entry.split(' ');
    if (key && values.length > 0) dict.set(key, values);
  }
  return dict;
}

function chainDict(config: string, group: number, index: number): Dict {
  const chain = configs[config]?.conversionChain;
  return parseDict(chain?.[group]?.[index]);
}

// hk2s chain: [[HKVariantsRevPhrases, HKVariantsRev], [TSPhrases, TSCharacters]]
const hkVariantsRev = chainDict('hk2s', 0, 1);
const tsCharacters = chainDict('hk2s', 1, 1);
// tw2s chain: [[TWVariantsRevPhrases, TWVariantsRev], [TSPhrases, TSCharacters]]
const twVariantsRev = chainDict('tw2s', 0, 1);
// s2t chain: [[STPhrases, STPhrases_GeneratedFromRegionalPhrases, STCharacters]]
const stPhrases = chainDict('s2t', 0, 0);
const stCharacters = chainDict('s2t', 0, 2);
if ([hkVariantsRev, tsCharacters, twVariantsRev, stPhrases, stCharacters].some((d) => d.size === 0)) {
  throw new Error('opencc-js preset layout changed: a dictionary came back empty');
}

// Offsets must survive folding, so only single-UTF-16-unit → single-unit pairs qualify.
const isBmpChar = (s: string | undefined): s is string => s !== undefined && s.length === 1;

const tsValues = new Set<string>();
for (const values of tsCharacters.values()) for (const v of values) tsValues.add(v);

function simplify(char: string): string {
  return tsCharacters.get(char)?.[0] ?? char;
}

const fold = new Map<string, string>();
for (const [key, values] of tsCharacters) {
  const target = values[0];
  if (isBmpChar(key) && isBmpChar(target) && key !== target) fold.set(key, target);
}
// Regional variants (TW 為, 裡, 著; HK 衞 …) reach simplified through the standard traditional form.
// Characters that are themselves simplified (么, 吃, 才 are "variants" in TWVariantsRev) must stay put.
for (const variants of [twVariantsRev, hkVariantsRev]) {
  for (const [key, values] of variants) {
    if (!isBmpChar(key) || fold.has(key) || stCharacters.has(key) || tsValues.has(key)) continue;
    const target = simplify(values[0] ?? key);
    if (isBmpChar(target) && target !== key) fold.set(key, target);
  }
}
for (let cp = 0xf900; cp <= 0xfaff; cp++) {
  const compat = String.fromCharCode(cp);
  const unified = compat.normalize('NFC');
  if (!isBmpChar(unified) || unified === compat) continue;
  const target = fold.get(unified) ?? unified;
  if (isBmpChar(target)) fold.set(compat, target);
}
// Simplified text itself writes some words two ways (帐号/账号, 谘询/咨询); folding the rarer form
// lets 帳號, 賬號 and 账号 meet in one string.
const SIMPLIFIED_VARIANTS: Record<string, string> = { 帐: '账', 谘: '咨' };
for (const [variant, target] of Object.entries(SIMPLIFIED_VARIANTS)) fold.set(variant, target);
// Chains (A→B where B is itself folded) would make foldScript non-idempotent.
for (const [key, target] of fold) {
  let end = target;
  for (let hops = 0; fold.has(end) && hops < 4; hops++) end = fold.get(end) ?? end;
  if (end === key) fold.delete(key);
  else fold.set(key, end);
}

// A character that OpenCC leaves unchanged inside a phrase (著名, 乾坤 stay; 皇后, 公里 stay) occurs
// in both scripts, so it is no evidence of either.
const sharedWithSimplified = new Set<string>();
const sharedWithTraditional = new Set<string>();
for (const [simplified, values] of stPhrases) {
  const traditional = values[0];
  if (!traditional || traditional.length !== simplified.length) continue;
  for (let i = 0; i < simplified.length; i++) {
    const c = simplified[i];
    if (c === undefined || c !== traditional[i]) continue;
    if (fold.has(c)) sharedWithSimplified.add(c);
    else sharedWithTraditional.add(c);
  }
}
for (const variant of Object.keys(SIMPLIFIED_VARIANTS)) sharedWithSimplified.add(variant);

const pairs = [...fold].sort(([a], [b]) => a.charCodeAt(0) - b.charCodeAt(0));
const simplifiedOnly = [...stCharacters.keys()]
  .filter((c) => isBmpChar(c) && !fold.has(c) && !sharedWithTraditional.has(c))
  .sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));

const table = {
  source: 'Derived from OpenCC dictionaries (Apache-2.0) via opencc-js; see NOTICE.md',
  from: pairs.map(([k]) => k).join(''),
  to: pairs.map(([, v]) => v).join(''),
  ambiguous: [...sharedWithSimplified].sort().join(''),
  simplifiedOnly: simplifiedOnly.join(''),
};
const out = new URL('../resources/lexicons/t2s-chars.json', import.meta.url);
writeFileSync(out, JSON.stringify(table, null, 1) + '\n');
console.log(
  `t2s-chars.json: ${pairs.length} pairs, ${table.ambiguous.length} ambiguous, ${simplifiedOnly.length} simplified-only`,
);
