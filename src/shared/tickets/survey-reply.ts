/**
 * A customer's plain-text answer to a closing survey sent through their channel (app IM,
 * WeChat, e-mail), read strictly: the whole message must be the answer — 「已解决」 or 「未解决」,
 * optionally followed by the satisfaction score (1–5) and the recommendation score (0–10), or
 * the scores alone. Anything else ("已解决了吗？退款还没到") is an ordinary message, never a vote.
 */
export interface SurveyReply {
  resolved?: boolean;
  csat?: number;
  nps?: number;
}

const RESOLVED = ['已解决', '已解決', '解决了', '解決了', '已经解决', '已經解決', 'solved', 'resolved'];
const NOT_RESOLVED = ['未解决', '未解決', '没解决', '沒解決', '没有解决', '沒有解決', '还没解决', '還沒解決', 'not solved', 'unsolved', 'not resolved', 'unresolved'];

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
// Longest first, so 「没有解决」 is not read as 「解决」 with something before it.
const WORDS = [...RESOLVED, ...NOT_RESOLVED].sort((a, b) => b.length - a.length).map(escape).join('|');
const SEPARATORS = String.raw`[\s,，、/;；:：]`;
// Two scores need something between them: 「10」 is not 1 then 0.
const BETWEEN = String.raw`(?:\s*分${SEPARATORS}*|${SEPARATORS}+)`;
const REPLY = new RegExp(String.raw`^(?:(${WORDS})${SEPARATORS}*)?(?:([1-5])(?:${BETWEEN}(10|[0-9]))?\s*分?)?$`, 'u');

export function parseSurveyReply(text: string): SurveyReply | null {
  // Full-width digits and letters (５, ＳＯＬＶＥＤ) as the ASCII they mean; closing punctuation does not count.
  const normal = text.normalize('NFKC').trim().toLowerCase().replace(/[。.!！~～]+$/u, '').trim();
  if (normal === '') return null;
  const match = REPLY.exec(normal);
  if (!match) return null;
  const [, word, csat, nps] = match;
  if (word === undefined && csat === undefined) return null;
  const reply: SurveyReply = {};
  if (word !== undefined) reply.resolved = !NOT_RESOLVED.includes(word.replace(/\s+/g, ' '));
  if (csat !== undefined) reply.csat = Number(csat);
  if (nps !== undefined) reply.nps = Number(nps);
  return reply;
}
