/**
 * Character-level folding of traditional Chinese to simplified. Every mapping is one UTF-16 code
 * unit to one code unit, so an offset found in folded text is valid in the original text.
 * The table is generated from OpenCC data by scripts/generate-fold-table.ts.
 */
import table from '../../../resources/lexicons/t2s-chars.json';

export type ChineseScript = 'hans' | 'hant';

const SCRIPT_FOLD = new Uint16Array(0x10000);
for (let c = 0; c < SCRIPT_FOLD.length; c++) SCRIPT_FOLD[c] = c;

const TRADITIONAL = 1;
const SIMPLIFIED = 2;
const SCRIPT_EVIDENCE = new Uint8Array(0x10000);

for (let i = 0; i < table.from.length; i++) {
  const from = table.from.charCodeAt(i);
  SCRIPT_FOLD[from] = table.to.charCodeAt(i);
  SCRIPT_EVIDENCE[from] = TRADITIONAL;
}
for (let i = 0; i < table.ambiguous.length; i++) SCRIPT_EVIDENCE[table.ambiguous.charCodeAt(i)] = 0;
for (let i = 0; i < table.simplifiedOnly.length; i++) SCRIPT_EVIDENCE[table.simplifiedOnly.charCodeAt(i)] = SIMPLIFIED;

// Full-width ASCII (！ to ～), the ideographic space and upper-case Latin fold too, so matching sees
// "１００％", "100%" and "No.1" alike; still one code unit each.
const MATCH_FOLD = SCRIPT_FOLD.slice();
for (let c = 0xff01; c <= 0xff5e; c++) MATCH_FOLD[c] = c - 0xfee0;
MATCH_FOLD[0x3000] = 0x20;
for (let c = 0x41; c <= 0x5a; c++) MATCH_FOLD[c] = c + 0x20;
for (let c = 0xff21; c <= 0xff3a; c++) MATCH_FOLD[c] = c - 0xfee0 + 0x20;

const DECODE_CHUNK = 4096;

function mapCodeUnits(text: string, map: Uint16Array): string {
  const length = text.length;
  let first = 0;
  while (first < length && map[text.charCodeAt(first)] === text.charCodeAt(first)) first++;
  if (first === length) return text;
  const units = new Uint16Array(length);
  for (let i = 0; i < length; i++) units[i] = map[text.charCodeAt(i)] ?? 0;
  let out = '';
  for (let i = 0; i < length; i += DECODE_CHUNK) {
    out += String.fromCharCode(...units.subarray(i, i + DECODE_CHUNK));
  }
  return out;
}

/** Traditional → simplified, character by character; same length, same offsets. */
export function foldScript(text: string): string {
  return mapCodeUnits(text, SCRIPT_FOLD);
}

/**
 * foldScript plus full-width → half-width and ASCII lower case: the form that rules, word lists
 * and search indexes are compared in. Same length, same offsets.
 */
export function foldForMatch(text: string): string {
  return mapCodeUnits(text, MATCH_FOLD);
}

/**
 * Which script a text is written in, by counting characters that exist only in one script.
 * Characters shared by both (后, 里, 著, 乾) do not vote; a text with no evidence is simplified.
 */
export function detectScript(text: string): ChineseScript {
  let traditional = 0;
  let simplified = 0;
  for (let i = 0; i < text.length; i++) {
    const evidence = SCRIPT_EVIDENCE[text.charCodeAt(i)];
    if (evidence === TRADITIONAL) traditional++;
    else if (evidence === SIMPLIFIED) simplified++;
  }
  return traditional > simplified ? 'hant' : 'hans';
}
