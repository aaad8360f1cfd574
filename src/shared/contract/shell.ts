import { z } from 'zod';

/**
 * What the console asks of the desktop around it, beyond the core's API: the waiting count on the
 * dock or taskbar and OS notifications, and back from the shell the chat a clicked notification
 * is about. The renderer sends the words (it has the agent's language); the Electron main process
 * checks every message against these schemas before it touches the OS.
 */

/** Badges beyond this read as "a lot"; the tooltip still says the number. */
export const MAX_BADGE_COUNT = 99;

export const shellAttentionSchema = z.object({
  /** Customers waiting for the agent's reply across their chats. */
  waiting: z.number().int().min(0).max(100_000),
  /** Tray tooltip and taskbar overlay description, in the agent's language. */
  summary: z.string().max(200),
});
export type ShellAttention = z.infer<typeof shellAttentionSchema>;

export const shellNotificationSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(500),
  conversationId: z.string().min(1).max(100),
});
export type ShellNotification = z.infer<typeof shellNotificationSchema>;

/** The bridge's `shell` part (Electron only; the browser host has the web's own Notification API). */
export interface ShellBridge {
  setAttention(attention: ShellAttention): void;
  notify(notification: ShellNotification): void;
  /** The agent clicked a notification: open this chat. */
  onOpenChat(listener: (conversationId: string) => void): () => void;
}

export type BadgePlatform = 'darwin' | 'linux' | 'win32' | 'other';

/**
 * How the waiting count shows on each desktop: the dock/launcher badge where the OS has one
 * (macOS, Linux launchers that support it), on Windows an overlay on the taskbar button — the
 * count in its description — and a tray icon whose tooltip says it everywhere.
 */
export function badgePlan(platform: BadgePlatform, attention: ShellAttention): { badgeCount: number | null; overlay: boolean; tooltip: string } {
  const count = Math.min(attention.waiting, MAX_BADGE_COUNT);
  if (platform === 'win32') return { badgeCount: null, overlay: attention.waiting > 0, tooltip: attention.summary };
  if (platform === 'darwin' || platform === 'linux') return { badgeCount: count, overlay: false, tooltip: attention.summary };
  return { badgeCount: null, overlay: false, tooltip: attention.summary };
}
