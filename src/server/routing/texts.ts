import type { ExpectedWait, TransferReason } from '../../shared/handoff/handoff';
import { detectScript } from '../../shared/text/script-fold';

/**
 * What the server itself writes into conversations, in the conversation's language. `bot`
 * texts are for the customer (sender_kind 'bot': shown in the widget, delivered to channels);
 * `system` texts are notes for agents and supervisors (sender_kind 'system': never shown to the
 * customer, never delivered).
 */
export type ServerLocale = 'zh-CN' | 'zh-TW' | 'en';
export const SERVER_LOCALES: readonly ServerLocale[] = ['zh-CN', 'zh-TW', 'en'];

/** A channel does not say its customer's language: the script they write in does. */
export const localeOfText = (text: string): ServerLocale => (detectScript(text) === 'hant' ? 'zh-TW' : 'zh-CN');

export type HandoverReason = 'requested' | 'no_answer' | 'urgent' | 'bot_timeout';

interface Catalogue {
  handover: Record<HandoverReason, string>;
  faqAnswer(title: string, body: string): string;
  queued: string;
  idleReminder(minutes: number): string;
  idleClosed: string;
  visitorName(suffix: string): string;
  routed(group: string, why: string, priority: number): string;
  reasonTag(tag: string): string;
  reasonKeyword(keyword: string): string;
  reasonDefault: string;
  slaReassigned(from: string, seconds: number, to: string): string;
  slaNobody(from: string, seconds: number): string;
  earlierSessions(count: number): string;
  earlierSession(when: string, subject: string, agent: string | null, closed: boolean, csat: number | null): string;
  csat(score: number): string;
  /** Why the chat is being transferred, in words for the customer. */
  transferReason: Record<TransferReason, string>;
  /** The transfer notice: the reason, then who has the chat now or where it waits and how long. */
  transferred(reason: string, group: string | null, wait: ExpectedWait): string;
  earlierSummary(summary: string): string;
}

const PRIORITY_NAMES: Record<ServerLocale, readonly string[]> = {
  'zh-CN': ['普通', '较高', '最高'],
  'zh-TW': ['普通', '較高', '最高'],
  en: ['normal', 'high', 'urgent'],
};

const CATALOGUES: Record<ServerLocale, Catalogue> = {
  'zh-CN': {
    handover: {
      requested: '好的，正在为您转接人工客服，请稍候。',
      no_answer: '这个问题需要人工客服为您处理，正在为您转接，请稍候。',
      urgent: '您的情况比较紧急，已为您优先转接人工客服，请稍候。',
      bot_timeout: '抱歉让您久等了，正在为您转接人工客服。',
    },
    faqAnswer: (title, body) => `【${title}】\n${body}\n\n如果没有解决您的问题，请回复「转人工」。`,
    queued: '当前咨询人数较多，已为您排队，客服接入后会第一时间回复您。',
    idleReminder: (m) => `您好，请问还有其他可以帮您的吗？如 ${m} 分钟内没有回复，本次会话将自动结束。`,
    idleClosed: '由于长时间没有收到您的回复，本次会话已结束。感谢您的咨询，祝您生活愉快！',
    visitorName: (s) => `访客${s}`,
    routed: (group, why, p) => `已分配到「${group}」（${why}；优先级：${PRIORITY_NAMES['zh-CN'][p] ?? p}）`,
    reasonTag: (tag) => `客户标签「${tag}」`,
    reasonKeyword: (k) => `关键词「${k}」`,
    reasonDefault: '未匹配到关键词，默认分组',
    slaReassigned: (from, s, to) => `首次响应超时：${from} 未在 ${s} 秒内回复，已改派给 ${to}。已通知主管。`,
    slaNobody: (from, s) => `首次响应超时：${from} 未在 ${s} 秒内回复，暂无其他可接待的客服。已通知主管。`,
    earlierSessions: (n) => `该客户此前有 ${n} 次会话：`,
    earlierSession: (when, subject, agent, closed, csat) =>
      `· ${when} ${subject} — ${agent ?? '未分配'}，${closed ? '已结束' : '进行中'}${csat === null ? '' : `，满意度 ${csat}/5`}`,
    csat: (score) => `客户满意度评价：${score} 分（满分 5 分）`,
    transferReason: {
      specialist: '为了更好地解决您的问题，将由更擅长处理此类问题的同事为您服务',
      department: '您的问题需要由相关部门的专员为您处理',
      senior: '您的问题需要资深客服为您进一步处理',
      shift_change: '当前客服即将交班，将由同事继续为您服务',
      other: '为了更好地为您服务，正在为您转接',
    },
    transferred: (reason, group, wait) => {
      if (wait.kind === 'agent') return `${reason}。已为您转接给客服 ${wait.agentName}，预计 ${wait.withinSeconds} 秒内回复您，请稍候。`;
      const where = `已为您转接到「${group ?? ''}」`;
      if (wait.kind === 'nobody') return `${reason}。${where}，该组客服暂时都不在线，上线后将第一时间为您服务。`;
      const ahead = wait.ahead === 0 ? '您是下一位' : `您前面还有 ${wait.ahead} 位客户`;
      return `${reason}。${where}，${ahead}，预计等待约 ${wait.minutes} 分钟。`;
    },
    earlierSummary: (summary) => `小结：${summary}`,
  },
  'zh-TW': {
    handover: {
      requested: '好的，正在為您轉接人工客服，請稍候。',
      no_answer: '這個問題需要人工客服為您處理，正在為您轉接，請稍候。',
      urgent: '您的情況比較緊急，已為您優先轉接人工客服，請稍候。',
      bot_timeout: '抱歉讓您久等了，正在為您轉接人工客服。',
    },
    faqAnswer: (title, body) => `【${title}】\n${body}\n\n如果沒有解決您的問題，請回覆「轉人工」。`,
    queued: '目前諮詢人數較多，已為您排隊，客服接入後會第一時間回覆您。',
    idleReminder: (m) => `您好，請問還有其他可以幫您的嗎？如 ${m} 分鐘內沒有回覆，本次會話將自動結束。`,
    idleClosed: '由於長時間沒有收到您的回覆，本次會話已結束。感謝您的諮詢，祝您生活愉快！',
    visitorName: (s) => `訪客${s}`,
    routed: (group, why, p) => `已分配到「${group}」（${why}；優先級：${PRIORITY_NAMES['zh-TW'][p] ?? p}）`,
    reasonTag: (tag) => `客戶標籤「${tag}」`,
    reasonKeyword: (k) => `關鍵詞「${k}」`,
    reasonDefault: '未匹配到關鍵詞，預設分組',
    slaReassigned: (from, s, to) => `首次回應逾時：${from} 未在 ${s} 秒內回覆，已改派給 ${to}。已通知主管。`,
    slaNobody: (from, s) => `首次回應逾時：${from} 未在 ${s} 秒內回覆，暫無其他可接待的客服。已通知主管。`,
    earlierSessions: (n) => `該客戶此前有 ${n} 次會話：`,
    earlierSession: (when, subject, agent, closed, csat) =>
      `· ${when} ${subject} — ${agent ?? '未分配'}，${closed ? '已結束' : '進行中'}${csat === null ? '' : `，滿意度 ${csat}/5`}`,
    csat: (score) => `客戶滿意度評價：${score} 分（滿分 5 分）`,
    transferReason: {
      specialist: '為了更好地解決您的問題，將由更擅長處理此類問題的同事為您服務',
      department: '您的問題需要由相關部門的專員為您處理',
      senior: '您的問題需要資深客服為您進一步處理',
      shift_change: '目前客服即將交班，將由同事繼續為您服務',
      other: '為了更好地為您服務，正在為您轉接',
    },
    transferred: (reason, group, wait) => {
      if (wait.kind === 'agent') return `${reason}。已為您轉接給客服 ${wait.agentName}，預計 ${wait.withinSeconds} 秒內回覆您，請稍候。`;
      const where = `已為您轉接到「${group ?? ''}」`;
      if (wait.kind === 'nobody') return `${reason}。${where}，該組客服暫時都不在線，上線後將第一時間為您服務。`;
      const ahead = wait.ahead === 0 ? '您是下一位' : `您前面還有 ${wait.ahead} 位客戶`;
      return `${reason}。${where}，${ahead}，預計等待約 ${wait.minutes} 分鐘。`;
    },
    earlierSummary: (summary) => `小結：${summary}`,
  },
  en: {
    handover: {
      requested: 'Sure, connecting you to a human agent now. Please hold on.',
      no_answer: 'A human agent will help you with this; connecting you now.',
      urgent: 'This is urgent: you are being connected to an agent first.',
      bot_timeout: 'Sorry for the wait; connecting you to a human agent.',
    },
    faqAnswer: (title, body) => `${title}\n${body}\n\nIf this does not solve it, reply "human agent".`,
    queued: 'All agents are busy right now. You are in the queue; an agent will reply as soon as possible.',
    idleReminder: (m) => `Is there anything else we can help with? Without a reply in ${m} min this chat will end.`,
    idleClosed: 'We have not heard from you for a while, so this chat has ended. Thank you for contacting us!',
    visitorName: (s) => `Visitor ${s}`,
    routed: (group, why, p) => `Routed to "${group}" (${why}; priority: ${PRIORITY_NAMES.en[p] ?? p})`,
    reasonTag: (tag) => `customer tag "${tag}"`,
    reasonKeyword: (k) => `keyword "${k}"`,
    reasonDefault: 'no keyword matched, default group',
    slaReassigned: (from, s, to) => `First response missed: ${from} did not reply within ${s} s; reassigned to ${to}. Supervisor notified.`,
    slaNobody: (from, s) => `First response missed: ${from} did not reply within ${s} s and nobody else is available. Supervisor notified.`,
    earlierSessions: (n) => `This customer's earlier chats (${n}):`,
    earlierSession: (when, subject, agent, closed, csat) =>
      `· ${when} ${subject} — ${agent ?? 'unassigned'}, ${closed ? 'ended' : 'open'}${csat === null ? '' : `, satisfaction ${csat}/5`}`,
    csat: (score) => `Customer satisfaction: ${score}/5`,
    transferReason: {
      specialist: 'To solve this properly, a colleague who specialises in it will take over',
      department: 'This needs a specialist of the department concerned',
      senior: 'This needs a senior agent to take it further',
      shift_change: 'Your agent’s shift is ending; a colleague will continue',
      other: 'To serve you better, we are transferring your chat',
    },
    transferred: (reason, group, wait) => {
      if (wait.kind === 'agent') return `${reason}. You are now with ${wait.agentName}, who will reply within about ${wait.withinSeconds} seconds.`;
      const where = `You are in the queue of "${group ?? ''}"`;
      if (wait.kind === 'nobody') return `${reason}. ${where}; nobody of that team is online right now, and the first one back will answer you.`;
      const ahead = wait.ahead === 0 ? 'you are next' : `${wait.ahead} ${wait.ahead === 1 ? 'customer is' : 'customers are'} ahead of you`;
      return `${reason}. ${where}: ${ahead}, expected wait about ${wait.minutes} min.`;
    },
    earlierSummary: (summary) => `summary: ${summary}`,
  },
};

export const texts = (locale: ServerLocale): Catalogue => CATALOGUES[locale];
