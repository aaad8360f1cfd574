import type { WidgetConversationState, WidgetLocale } from '../shared/widget/protocol';

export interface WidgetStrings {
  title: string;
  welcome: string;
  state: Record<WidgetConversationState | 'none', string>;
  agentActive: (name: string) => string;
  connecting: string;
  reconnecting: string;
  inputLabel: string;
  placeholder: string;
  send: string;
  human: string;
  /** What the 「轉人工」 button sends: the words the bot listens for, in this language. */
  humanRequest: string;
  you: string;
  bot: string;
  agent: (name: string | null) => string;
  pending: string;
  surveyQuestion: string;
  surveyScore: (score: number) => string;
  surveyThanks: string;
  /** The closing survey of a ticket waiting for the customer's confirmation. */
  ticketSurveyTitle: (number: string | null, title: string) => string;
  ticketResolved: string;
  yes: string;
  no: string;
  ticketCsat: string;
  ticketNps: string;
  choose: string;
  ticketSubmit: string;
  newConversation: string;
}

export const STRINGS: Record<WidgetLocale, WidgetStrings> = {
  'zh-CN': {
    title: '在线客服',
    welcome: '您好，我是智能助手，请直接描述您的问题；需要人工服务请点击「转人工」。',
    state: { none: '', bot: '智能助手为您服务', queued: '正在为您转接人工客服，请稍候…', active: '', closed: '本次会话已结束' },
    agentActive: (name) => `客服 ${name} 为您服务`,
    connecting: '正在连接…',
    reconnecting: '连接中断，正在重新连接…',
    inputLabel: '输入消息',
    placeholder: '请输入您的问题，Enter 发送，Shift+Enter 换行',
    send: '发送',
    human: '转人工',
    humanRequest: '转人工',
    you: '我',
    bot: '智能助手',
    agent: (name) => (name ? `客服 ${name}` : '客服'),
    pending: '发送中',
    surveyQuestion: '请为本次服务评分：',
    surveyScore: (n) => `${n} 分`,
    surveyThanks: '感谢您的评价！',
    ticketSurveyTitle: (number, title) => `工单${number ? ` ${number}` : ''}「${title}」已处理，请确认：`,
    ticketResolved: '您的问题是否已解决？',
    yes: '已解决',
    no: '未解决',
    ticketCsat: '服务满意度（1–5 分）',
    ticketNps: '您向亲友推荐我们的可能性（0–10 分）',
    choose: '请选择',
    ticketSubmit: '提交评价',
    newConversation: '新的会话',
  },
  'zh-TW': {
    title: '線上客服',
    welcome: '您好，我是智能助理，請直接描述您的問題；需要人工服務請點擊「轉人工」。',
    state: { none: '', bot: '智能助理為您服務', queued: '正在為您轉接人工客服，請稍候…', active: '', closed: '本次會話已結束' },
    agentActive: (name) => `客服 ${name} 為您服務`,
    connecting: '正在連線…',
    reconnecting: '連線中斷，正在重新連線…',
    inputLabel: '輸入訊息',
    placeholder: '請輸入您的問題，Enter 送出，Shift+Enter 換行',
    send: '送出',
    human: '轉人工',
    humanRequest: '轉人工',
    you: '我',
    bot: '智能助理',
    agent: (name) => (name ? `客服 ${name}` : '客服'),
    pending: '傳送中',
    surveyQuestion: '請為本次服務評分：',
    surveyScore: (n) => `${n} 分`,
    surveyThanks: '感謝您的評價！',
    ticketSurveyTitle: (number, title) => `工單${number ? ` ${number}` : ''}「${title}」已處理，請確認：`,
    ticketResolved: '您的問題是否已解決？',
    yes: '已解決',
    no: '未解決',
    ticketCsat: '服務滿意度（1–5 分）',
    ticketNps: '您向親友推薦我們的可能性（0–10 分）',
    choose: '請選擇',
    ticketSubmit: '提交評價',
    newConversation: '新的會話',
  },
  en: {
    title: 'Customer service',
    welcome: 'Hello! I am the virtual assistant. Describe your question, or press "Human agent" to talk to a person.',
    state: { none: '', bot: 'Virtual assistant', queued: 'Connecting you to an agent…', active: '', closed: 'This chat has ended' },
    agentActive: (name) => `${name} is helping you`,
    connecting: 'Connecting…',
    reconnecting: 'Connection lost, reconnecting…',
    inputLabel: 'Message',
    placeholder: 'Type your question; Enter sends, Shift+Enter adds a line',
    send: 'Send',
    human: 'Human agent',
    humanRequest: 'human agent',
    you: 'You',
    bot: 'Assistant',
    agent: (name) => name ?? 'Agent',
    pending: 'sending',
    surveyQuestion: 'How satisfied are you with this chat?',
    surveyScore: (n) => `${n} of 5`,
    surveyThanks: 'Thank you for your feedback!',
    ticketSurveyTitle: (number, title) => `Your ticket${number ? ` ${number}` : ''} "${title}" has been handled. Please confirm:`,
    ticketResolved: 'Is your problem solved?',
    yes: 'Solved',
    no: 'Not solved',
    ticketCsat: 'Satisfaction with the service (1–5)',
    ticketNps: 'How likely are you to recommend us to a friend (0–10)?',
    choose: 'Choose',
    ticketSubmit: 'Send answer',
    newConversation: 'New chat',
  },
};
