import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { attentionEvents, waitingCount, type ChatSnapshot } from '../../shared/console/slots';
import { BRIDGE_GLOBAL, type WorkstationBridge } from '../../shared/contract/client';
import type { ShellBridge } from '../../shared/contract/shell';
import type { ConversationSummary } from '../../shared/contract';
import type { UiSettingsView } from '../../shared/contract/settings';

const BEEP_HZ = 880;
const BEEP_SECONDS = 0.12;
let audio: AudioContext | null = null;

/** A short tone made on the spot: no sound file to ship, and nothing from outside the CSP. */
function beep(): void {
  audio ??= new AudioContext();
  // Browsers start audio suspended until the page has been interacted with; agents type all day.
  void audio.resume();
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = BEEP_HZ;
  gain.gain.setValueAtTime(0.15, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + BEEP_SECONDS);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + BEEP_SECONDS);
}

/** The Electron shell's attention calls; null in a plain browser, where the web's Notification API serves. */
export function desktopShell(): ShellBridge | null {
  return (window as unknown as Record<string, WorkstationBridge | undefined>)[BRIDGE_GLOBAL]?.shell ?? null;
}

/**
 * Tells the agent about chats they are not looking at: a screen-reader announcement always, the
 * sound and the OS notification as their settings say (the notification only when the window is
 * not in front — the slot strip already shows it otherwise): through Electron's notifications in
 * the desktop app, the browser's in the browser host. The number of waiting customers is in the
 * page title (browser tab, taskbar) and, in the desktop app, on the dock or taskbar badge and the
 * tray icon's tooltip.
 */
export function useAttention(
  conversations: ConversationSummary[] | undefined,
  openId: string | null,
  settings: UiSettingsView,
  t: TFunction,
  announce: (text: string) => void,
  /** Shown as well as announced: a chat a colleague handed over or invited them into. */
  tell: (text: string) => void = announce,
): void {
  const previous = useRef<ChatSnapshot[] | null>(null);
  useEffect(() => {
    if (!conversations) return;
    const events = attentionEvents(previous.current, conversations, openId);
    previous.current = conversations;
    if (events.length === 0) return;
    for (const event of events) {
      const chat = conversations.find((c) => c.id === event.conversationId);
      if (!chat) continue;
      // A chat that arrives by a colleague's hand says whose: its note is waiting at its top.
      const text =
        event.kind !== 'newChat'
          ? t(`console:attention.${event.kind}`, { name: chat.customerName, text: chat.lastMessagePreview })
          : chat.place === 'invited'
            ? t('handoff:attention.invited', { name: chat.customerName })
            : chat.transferredFrom
              ? t('handoff:attention.transferredIn', { from: chat.transferredFrom, name: chat.customerName })
              : t('console:attention.newChat', { name: chat.customerName });
      if (event.kind === 'newChat' && (chat.place === 'invited' || chat.transferredFrom)) tell(text);
      else announce(text);
      if (event.kind === 'openChatReply') continue;
      if (!settings.notifications || document.hasFocus()) continue;
      const notification = { title: t('common:app.title'), body: event.kind === 'newChat' ? text : t(`console:attention.${event.kind}`, { name: chat.customerName }) };
      const shell = desktopShell();
      if (shell) shell.notify({ ...notification, conversationId: chat.id });
      else if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(notification.title, { body: notification.body, tag: chat.id });
    }
    if (settings.sound && events.some((e) => e.kind !== 'openChatReply')) beep();
  }, [conversations, openId, settings.sound, settings.notifications, t, announce, tell]);

  const waiting = waitingCount(conversations ?? []);
  const title = t('common:app.title');
  useEffect(() => {
    document.title = waiting > 0 ? t('console:attention.title', { count: waiting, title }) : title;
    desktopShell()?.setAttention({ waiting, summary: waiting > 0 ? t('console-extra:attention.waiting', { count: waiting }) : title });
  }, [waiting, title, t]);
}
