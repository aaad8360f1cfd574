import { app, BrowserWindow, ipcMain, nativeImage, Notification, Tray, type NativeImage } from 'electron';
import { IPC_SHELL_ATTENTION, IPC_SHELL_NOTIFY, IPC_SHELL_OPEN_CHAT } from '../../shared/contract/client';
import { badgePlan, shellAttentionSchema, shellNotificationSchema, type BadgePlatform } from '../../shared/contract/shell';

/** A filled circle, drawn here so the shell ships no image files: the tray icon, and the taskbar overlay on Windows. */
function dot(size: number, [red, green, blue]: [number, number, number]): NativeImage {
  const pixels = Buffer.alloc(size * size * 4);
  const radius = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - radius, y + 0.5 - radius);
      // One pixel of soft edge instead of a jagged one.
      const alpha = Math.max(0, Math.min(1, radius - distance)) * 255;
      const at = (y * size + x) * 4;
      // Bitmaps are BGRA.
      pixels[at] = blue;
      pixels[at + 1] = green;
      pixels[at + 2] = red;
      pixels[at + 3] = Math.round(alpha);
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: size, height: size });
}

const ACCENT: [number, number, number] = [47, 111, 237];
const ALERT: [number, number, number] = [214, 48, 49];

function platform(): BadgePlatform {
  return process.platform === 'darwin' || process.platform === 'linux' || process.platform === 'win32' ? process.platform : 'other';
}

/**
 * The console's attention in the OS: the waiting count on the dock, launcher or taskbar and in the
 * tray's tooltip, and notifications for new chats and replies in background chats; a click on one
 * brings the window forward on that chat. Messages come from our own windows only and are checked
 * before they reach the OS.
 */
export function startAttention(window: BrowserWindow): () => void {
  const tray = new Tray(dot(16, ACCENT));
  const overlay = dot(16, ALERT);
  const showWindow = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  tray.on('click', showWindow);
  tray.setToolTip(app.getName());

  const fromOurWindow = (sender: Electron.WebContents) => BrowserWindow.fromWebContents(sender) === window;

  const onAttention = (event: Electron.IpcMainEvent, payload: unknown) => {
    const parsed = shellAttentionSchema.safeParse(payload);
    if (!fromOurWindow(event.sender) || !parsed.success) return;
    const plan = badgePlan(platform(), parsed.data);
    if (plan.badgeCount !== null) app.setBadgeCount(plan.badgeCount);
    if (platform() === 'win32') window.setOverlayIcon(plan.overlay ? overlay : null, plan.overlay ? plan.tooltip : '');
    tray.setToolTip(plan.tooltip || app.getName());
  };

  const onNotify = (event: Electron.IpcMainEvent, payload: unknown) => {
    const parsed = shellNotificationSchema.safeParse(payload);
    if (!fromOurWindow(event.sender) || !parsed.success || !Notification.isSupported()) return;
    const { title, body, conversationId } = parsed.data;
    // Silent: the console plays its own sound when the agent wants one.
    const notification = new Notification({ title, body, silent: true });
    notification.on('click', () => {
      showWindow();
      if (!window.isDestroyed()) window.webContents.send(IPC_SHELL_OPEN_CHAT, conversationId);
    });
    notification.show();
    // The taskbar button blinks until the agent looks (Windows, some Linux desktops).
    if (!window.isFocused()) window.flashFrame(true);
  };
  const stopFlashing = () => window.flashFrame(false);

  ipcMain.on(IPC_SHELL_ATTENTION, onAttention);
  ipcMain.on(IPC_SHELL_NOTIFY, onNotify);
  window.on('focus', stopFlashing);
  return () => {
    ipcMain.removeListener(IPC_SHELL_ATTENTION, onAttention);
    ipcMain.removeListener(IPC_SHELL_NOTIFY, onNotify);
    tray.destroy();
  };
}
