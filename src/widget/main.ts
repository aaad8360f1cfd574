import {
  WIDGET_LOCALES,
  WIDGET_PATHS,
  type WidgetClientFrame,
  type WidgetConversation,
  type WidgetLocale,
  type WidgetMessage,
  type WidgetServerFrame,
  type WidgetSessionResponse,
} from '../shared/widget/protocol';
import { STRINGS } from './strings';
import './widget.css';

/**
 * The customer's chat page served by the central server at /widget/. Everything a customer,
 * the bot or an agent wrote is put on the page with textContent, never as HTML; the page's CSP
 * allows scripts and styles from the server only.
 */

const TOKEN_KEY = 'cs-widget-token';
const LOCALE_KEY = 'cs-widget-locale';
const PENDING_KEY = 'cs-widget-pending';

interface Pending {
  id: string;
  body: string;
}

const element = <T extends HTMLElement>(selector: string): T => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`widget page is missing ${selector}`);
  return found;
};

const ui = {
  title: element<HTMLHeadingElement>('#widget-title'),
  status: element<HTMLParagraphElement>('.widget-status'),
  language: element<HTMLSelectElement>('.widget-language'),
  messages: element<HTMLOListElement>('.widget-messages'),
  survey: element<HTMLElement>('.widget-survey'),
  surveyQuestion: element<HTMLParagraphElement>('.widget-survey-question'),
  surveyScores: element<HTMLDivElement>('.widget-survey-scores'),
  ticketSurvey: element<HTMLFormElement>('.widget-ticket-survey'),
  ticketSurveyTitle: element<HTMLParagraphElement>('.widget-ticket-survey-title'),
  ticketResolved: element<HTMLLegendElement>('.widget-ticket-resolved'),
  ticketYes: element<HTMLSpanElement>('.widget-ticket-yes'),
  ticketNo: element<HTMLSpanElement>('.widget-ticket-no'),
  ticketCsatLabel: element<HTMLLabelElement>('.widget-ticket-csat-label'),
  ticketCsat: element<HTMLSelectElement>('#widget-ticket-csat'),
  ticketNpsLabel: element<HTMLLabelElement>('.widget-ticket-nps-label'),
  ticketNps: element<HTMLSelectElement>('#widget-ticket-nps'),
  ticketSubmit: element<HTMLButtonElement>('.widget-ticket-submit'),
  composer: element<HTMLFormElement>('.widget-composer'),
  inputLabel: element<HTMLLabelElement>('label[for="widget-input"]'),
  input: element<HTMLTextAreaElement>('#widget-input'),
  human: element<HTMLButtonElement>('.widget-human'),
  send: element<HTMLButtonElement>('.widget-send'),
};

function initialLocale(): WidgetLocale {
  const asked = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem(LOCALE_KEY) ?? navigator.language;
  const exact = WIDGET_LOCALES.find((l) => l.toLowerCase() === asked.toLowerCase());
  if (exact) return exact;
  if (/^zh-(tw|hk|mo|hant)/i.test(asked)) return 'zh-TW';
  return asked.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

let locale = initialLocale();
let t = STRINGS[locale];
let conversation: WidgetConversation | null = null;
let connection: 'connecting' | 'open' | 'lost' = 'connecting';
let socket: WebSocket | null = null;
let retryMs = 500;
const shown = new Map<string, HTMLLIElement>();
// Sent but not yet acknowledged; kept across reloads and sent again (same id) after a reconnect.
let pending: Pending[] = JSON.parse(localStorage.getItem(PENDING_KEY) ?? '[]') as Pending[];

const savePending = () => localStorage.setItem(PENDING_KEY, JSON.stringify(pending));

function bubble(id: string, from: WidgetMessage['from'], author: string, body: string, createdAt: string | null): HTMLLIElement {
  const item = document.createElement('li');
  item.className = `widget-message from-${from}`;
  item.dataset.id = id;
  const meta = document.createElement('div');
  meta.className = 'widget-meta';
  meta.textContent = createdAt ? `${author} · ${new Date(createdAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}` : author;
  const text = document.createElement('div');
  text.className = 'widget-text';
  text.textContent = body;
  item.append(meta, text);
  return item;
}

function authorOf(message: WidgetMessage): string {
  if (message.from === 'customer') return t.you;
  if (message.from === 'bot') return t.bot;
  return t.agent(message.agentName);
}

function addMessages(conversationId: string, messages: WidgetMessage[]): void {
  if (ui.messages.dataset.conversation && ui.messages.dataset.conversation !== conversationId) {
    const divider = document.createElement('li');
    divider.className = 'widget-divider';
    divider.textContent = t.newConversation;
    ui.messages.append(divider);
  }
  ui.messages.dataset.conversation = conversationId;
  for (const message of messages) {
    if (shown.has(message.id)) continue;
    const item = bubble(message.id, message.from, authorOf(message), message.body, message.createdAt);
    // The customer's own message replaces its pending copy, keeping its place.
    const copy = message.clientId ? shown.get(message.clientId) : undefined;
    if (copy) copy.replaceWith(item);
    else ui.messages.append(item);
    shown.set(message.id, item);
  }
  ui.messages.lastElementChild?.scrollIntoView({ block: 'end' });
}

function showPending(entry: Pending): void {
  if (shown.has(entry.id)) return;
  const item = bubble(entry.id, 'customer', `${t.you} · ${t.pending}`, entry.body, null);
  item.dataset.pending = 'true';
  ui.messages.append(item);
  shown.set(entry.id, item);
  item.scrollIntoView({ block: 'end' });
}

function render(): void {
  document.documentElement.lang = locale;
  document.title = t.title;
  ui.title.textContent = t.title;
  ui.language.value = locale;
  ui.inputLabel.textContent = t.inputLabel;
  ui.input.placeholder = t.placeholder;
  ui.send.textContent = t.send;
  ui.human.textContent = t.human;
  ui.human.hidden = conversation !== null && conversation.state !== 'bot' && conversation.state !== 'closed';
  if (connection !== 'open') ui.status.textContent = connection === 'lost' ? t.reconnecting : t.connecting;
  else if (!conversation) ui.status.textContent = t.welcome;
  else if (conversation.state === 'active') ui.status.textContent = t.agentActive(conversation.agentName ?? '');
  else ui.status.textContent = t.state[conversation.state];
  ui.status.dataset.state = conversation?.state ?? 'none';

  renderTicketSurvey();
  const surveyOpen = conversation?.state === 'closed';
  ui.survey.hidden = !surveyOpen;
  if (surveyOpen && conversation) {
    ui.surveyQuestion.textContent = conversation.csat === null ? t.surveyQuestion : t.surveyThanks;
    ui.surveyScores.replaceChildren();
    ui.surveyScores.setAttribute('aria-label', t.surveyQuestion);
    if (conversation.csat === null) {
      const id = conversation.id;
      for (let score = 1; score <= 5; score++) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = '★'.repeat(score);
        button.setAttribute('aria-label', t.surveyScore(score));
        button.addEventListener('click', () => sendFrame({ type: 'csat', conversationId: id, score }));
        ui.surveyScores.append(button);
      }
    }
  }
}

/** Options "choose", from..to; the chosen value survives a re-render (language switch, a state frame). */
function fillScores(select: HTMLSelectElement, from: number, to: number): void {
  const chosen = select.value;
  const blank = document.createElement('option');
  blank.value = '';
  blank.textContent = t.choose;
  const options = [blank];
  for (let n = from; n <= to; n++) {
    const option = document.createElement('option');
    option.value = String(n);
    option.textContent = String(n);
    options.push(option);
  }
  select.replaceChildren(...options);
  select.value = chosen;
}

function renderTicketSurvey(): void {
  const survey = conversation?.ticketSurvey ?? null;
  ui.ticketSurvey.hidden = survey === null;
  if (!survey) return;
  ui.ticketSurvey.dataset.ticketId = survey.ticketId;
  ui.ticketSurveyTitle.textContent = t.ticketSurveyTitle(survey.number, survey.title);
  ui.ticketResolved.textContent = t.ticketResolved;
  ui.ticketYes.textContent = t.yes;
  ui.ticketNo.textContent = t.no;
  ui.ticketCsatLabel.textContent = t.ticketCsat;
  ui.ticketNpsLabel.textContent = t.ticketNps;
  ui.ticketSubmit.textContent = t.ticketSubmit;
  fillScores(ui.ticketCsat, 1, 5);
  fillScores(ui.ticketNps, 0, 10);
  updateTicketSubmit();
}

function ticketAnswer(): { resolved: boolean; csat: number; nps: number } | null {
  const resolved = ui.ticketSurvey.querySelector<HTMLInputElement>('input[name="resolved"]:checked')?.value;
  if (resolved === undefined || ui.ticketCsat.value === '' || ui.ticketNps.value === '') return null;
  return { resolved: resolved === 'yes', csat: Number(ui.ticketCsat.value), nps: Number(ui.ticketNps.value) };
}

function updateTicketSubmit(): void {
  ui.ticketSubmit.disabled = ticketAnswer() === null;
}

ui.ticketSurvey.addEventListener('change', updateTicketSubmit);
ui.ticketSurvey.addEventListener('submit', (event) => {
  event.preventDefault();
  const answer = ticketAnswer();
  const ticketId = ui.ticketSurvey.dataset.ticketId;
  if (!answer || !ticketId) return;
  sendFrame({ type: 'ticketSurvey', ticketId, ...answer });
});

function sendFrame(frame: WidgetClientFrame): boolean {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(frame));
  return true;
}

function submit(body: string): void {
  const text = body.trim();
  if (text.length === 0) return;
  const entry = { id: crypto.randomUUID(), body: text };
  pending.push(entry);
  savePending();
  showPending(entry);
  sendFrame({ type: 'send', ...entry });
}

function onFrame(frame: WidgetServerFrame): void {
  switch (frame.type) {
    case 'state':
      conversation = frame.conversation;
      render();
      break;
    case 'messages':
      addMessages(frame.conversationId, frame.messages);
      break;
    case 'ack':
      pending = pending.filter((p) => p.id !== frame.id);
      savePending();
      break;
    case 'error':
      // A frame the server refused is not retried; the rest go on.
      if (frame.id) pending = pending.filter((p) => p.id !== frame.id);
      savePending();
      break;
  }
}

async function session(): Promise<string> {
  const response = await fetch(WIDGET_PATHS.session, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale, token: localStorage.getItem(TOKEN_KEY) ?? undefined }),
  });
  if (!response.ok) throw new Error(`session: HTTP ${response.status}`);
  const { token } = (await response.json()) as WidgetSessionResponse;
  localStorage.setItem(TOKEN_KEY, token);
  return token;
}

async function connect(): Promise<void> {
  let token: string;
  try {
    token = await session();
  } catch {
    return reconnectLater();
  }
  const url = new URL(WIDGET_PATHS.socket, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  const ws = new WebSocket(url);
  socket = ws;
  ws.addEventListener('open', () => {
    connection = 'open';
    retryMs = 500;
    render();
    for (const entry of pending) sendFrame({ type: 'send', ...entry });
  });
  ws.addEventListener('message', (event) => {
    if (typeof event.data === 'string') onFrame(JSON.parse(event.data) as WidgetServerFrame);
  });
  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    socket = null;
    connection = 'lost';
    render();
    reconnectLater();
  });
}

function reconnectLater(): void {
  setTimeout(() => void connect(), retryMs);
  retryMs = Math.min(retryMs * 2, 15_000);
}

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  submit(ui.input.value);
  ui.input.value = '';
  ui.input.focus();
});
ui.input.addEventListener('keydown', (event) => {
  // Enter while a Chinese IME is composing picks a candidate; it must not send.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});
ui.human.addEventListener('click', () => submit(t.humanRequest));
ui.language.addEventListener('change', () => {
  const chosen = WIDGET_LOCALES.find((l) => l === ui.language.value);
  if (!chosen) return;
  locale = chosen;
  t = STRINGS[locale];
  localStorage.setItem(LOCALE_KEY, locale);
  render();
});

render();
for (const entry of pending) showPending(entry);
void connect();
