import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { ApiError, type ApiErrorData } from '../../shared/contract';
import { IPC_EVENT, IPC_INVOKE, type InvokeResult } from '../../shared/contract/client';
import { CONSOLE_WINDOW_SIZE } from '../../shared/desktop-window';
import { CHROMIUM_MEMORY_SWITCHES } from '../../shared/memory-flags';
import { isSafeLink } from '../../shared/text/links';
import { createCore, type Core } from '../core/create-core';
import { startAttention } from './attention';
import { electronSettingsStore } from './electron-settings-store';

// Set by `npm start` (scripts/start.mjs): a better-sqlite3 binary built for Electron's ABI,
// kept apart from node_modules so the Node build the tests use stays intact.
const sqliteNativeBinding = process.env.WORKSTATION_SQLITE_BINDING || undefined;
// Set by `npm start`: the embedded server and the demo agent's sign-in. Without a server the
// replica works alone, seeded with the demo data set.
const serverUrl = process.env.WORKSTATION_SERVER_URL || undefined;
const credentials =
  process.env.WORKSTATION_USER && process.env.WORKSTATION_PASSWORD ? { username: process.env.WORKSTATION_USER, password: process.env.WORKSTATION_PASSWORD } : undefined;

// Chromium reads its switches when the app is ready: appended after that, they do nothing.
for (const { name, value } of CHROMIUM_MEMORY_SWITCHES) app.commandLine.appendSwitch(name, value);

// Lets end-to-end tests run against a throwaway profile instead of the user's.
if (process.env.WORKSTATION_USER_DATA) app.setPath('userData', process.env.WORKSTATION_USER_DATA);

let core: Core | null = null;

function toErrorData(error: unknown): ApiErrorData {
  if (error instanceof ApiError) return error.data;
  return { code: 'internal', messageKey: 'errors:api.internal', detail: error instanceof Error ? error.message : String(error) };
}

function createConsoleWindow(): BrowserWindow {
  const window = new BrowserWindow({
    ...CONSOLE_WINDOW_SIZE,
    title: '客服工作台',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // Links in messages open in the system browser, never inside the app, and only plain web
  // addresses (isSafeLink: http/https, no credentials, no other scheme) reach the OS at all.
  const openOutside = (url: string) => {
    if (isSafeLink(url)) void shell.openExternal(url);
  };
  window.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => {
    event.preventDefault();
    openOutside(event.url);
  });
  const stopAttention = startAttention(window);
  window.on('closed', stopAttention);
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void window.loadURL(devUrl);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

async function start() {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  core = await createCore({
    dataDir: join(app.getPath('userData'), 'replica'),
    demo: serverUrl === undefined,
    sqliteNativeBinding,
    sync: serverUrl === undefined ? undefined : { serverUrl, credentials },
    settingsStore: electronSettingsStore(),
  });
  const activeCore = core;

  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown): Promise<InvokeResult> => {
    // Only our own windows may call the core.
    if (!BrowserWindow.fromWebContents(event.sender)) return { ok: false, error: { code: 'unknown_channel', messageKey: 'errors:api.unknown_channel' } };
    try {
      return { ok: true, result: await activeCore.invoke(channel, input) };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  });
  activeCore.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT, event);
  });

  createConsoleWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createConsoleWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => {
  void core?.close();
});

start().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
