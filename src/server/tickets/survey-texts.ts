import type { ServerLocale } from '../routing/texts';

/** What the server tells a customer about a ticket's closing survey through their channel, in the conversation's language. */
interface SurveyCatalogue {
  request(number: string, title: string): string;
  resolved: string;
  notResolved: string;
  /** Scores given, solved or not still open. */
  scoresOnly: string;
  /** How a structured answer (a channel's buttons) reads in the chat history. */
  answer(resolved: boolean | undefined, csat: number | undefined, nps: number | undefined): string;
}

const CATALOGUES: Record<ServerLocale, SurveyCatalogue> = {
  'zh-CN': {
    request: (number, title) =>
      `您的工单 ${number}「${title}」已处理，请确认问题是否已经解决：\n· 已解决请回复「已解决」，未解决请回复「未解决」；\n· 欢迎在后面加上满意度（1–5 分）和推荐度（0–10 分），例如「已解决 5 9」。`,
    resolved: '感谢您的确认和评价！工单已关闭，如有其他问题欢迎随时联系我们。',
    notResolved: '很抱歉问题还没有解决，工单已退回客服继续处理，我们会尽快与您联系。',
    scoresOnly: '感谢您的评价！请再告诉我们问题是否已经解决：回复「已解决」或「未解决」。',
    answer: (resolved, csat, nps) =>
      [resolved === undefined ? null : resolved ? '已解决' : '未解决', csat === undefined ? null : `满意度 ${csat}`, nps === undefined ? null : `推荐度 ${nps}`].filter(Boolean).join(' · '),
  },
  'zh-TW': {
    request: (number, title) =>
      `您的工單 ${number}「${title}」已處理，請確認問題是否已經解決：\n· 已解決請回覆「已解決」，未解決請回覆「未解決」；\n· 歡迎在後面加上滿意度（1–5 分）和推薦度（0–10 分），例如「已解決 5 9」。`,
    resolved: '感謝您的確認和評價！工單已關閉，如有其他問題歡迎隨時聯繫我們。',
    notResolved: '很抱歉問題還沒有解決，工單已退回客服繼續處理，我們會盡快與您聯繫。',
    scoresOnly: '感謝您的評價！請再告訴我們問題是否已經解決：回覆「已解決」或「未解決」。',
    answer: (resolved, csat, nps) =>
      [resolved === undefined ? null : resolved ? '已解決' : '未解決', csat === undefined ? null : `滿意度 ${csat}`, nps === undefined ? null : `推薦度 ${nps}`].filter(Boolean).join(' · '),
  },
  en: {
    request: (number, title) =>
      `Your ticket ${number} "${title}" has been handled. Is the problem solved?\n· Reply "solved" or "not solved";\n· you may add your satisfaction (1–5) and how likely you are to recommend us (0–10), e.g. "solved 5 9".`,
    resolved: 'Thank you for confirming! The ticket is closed; contact us any time if anything else comes up.',
    notResolved: 'Sorry it is not solved yet. The ticket is back with our agents, who will contact you soon.',
    scoresOnly: 'Thank you for rating us! Is the problem solved? Reply "solved" or "not solved".',
    answer: (resolved, csat, nps) =>
      [resolved === undefined ? null : resolved ? 'solved' : 'not solved', csat === undefined ? null : `satisfaction ${csat}`, nps === undefined ? null : `recommend ${nps}`].filter(Boolean).join(' · '),
  },
};

export const surveyTexts = (locale: ServerLocale): SurveyCatalogue => CATALOGUES[locale];
