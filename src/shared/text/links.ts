/**
 * Web addresses in chat text, shown as links the agent can open in their browser. Only plain
 * http(s) addresses on a DNS name or IPv4 address qualify: no credentials in the address, no
 * other schemes (javascript:, file:, data:, custom app protocols), nothing longer than browsers
 * keep. The same check guards the Electron shell before it hands an address to the system.
 */
export const MAX_LINK_LENGTH = 2048;

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string };

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const URL_CHARS = "[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]";
const SAFE_URL = new RegExp(`^https?://(?:${LABEL}\\.)*${LABEL}(?::\\d{1,5})?(?:[/?#]${URL_CHARS}*)?$`, 'i');
/** Candidates in running text. ASCII only: Chinese text often runs straight on after an address. */
const CANDIDATE = new RegExp(`https?://${URL_CHARS}+`, 'gi');
/** Sentence punctuation that ends an address rather than belonging to it. */
const TRAILING = /[.,;:!?'"\]]+$/;

export function isSafeLink(url: string): boolean {
  return url.length <= MAX_LINK_LENGTH && SAFE_URL.test(url);
}

/** A closing parenthesis ends the address unless the address opened one itself (Wikipedia-style paths). */
function trimCandidate(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    if (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

/** The text cut into plain runs and safe links, in order; joined back, the segments give the text. */
export function linkSegments(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trimCandidate(match[0]);
    if (!isSafeLink(url)) continue;
    const start = match.index;
    if (start > at) segments.push({ kind: 'text', text: text.slice(at, start) });
    segments.push({ kind: 'link', text: url, url });
    at = start + url.length;
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) });
  return segments;
}
