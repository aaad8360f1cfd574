import { _electron as electron, expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { electronBinary, electronSqliteBinding } from '../../scripts/electron-support.mjs';
import { tempDir } from '../support/replica';

const root = resolve(import.meta.dirname, '../..');
const binary = electronBinary();

test.describe('Electron shell', () => {
  // Never faked: where the binary cannot be had (as on machines without access to its
  // download host), these tests are reported as skipped with the reason.
  test.skip(binary.path === null, binary.path === null ? `Electron tests skipped: ${binary.reason}` : '');

  test('the console opens in Electron with the preload bridge and sends a reply over IPC', async () => {
    const dir = tempDir('e2e-electron');
    const app = await electron.launch({
      executablePath: binary.path ?? undefined,
      args: [root],
      env: { ...process.env, WORKSTATION_USER_DATA: dir.path, WORKSTATION_SQLITE_BINDING: electronSqliteBinding() },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('客服工作台');
      // Node is not reachable from the page; only the contract's bridge is.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { workstation: object }).workstation).sort())).toEqual(['invoke', 'onEvent', 'shell']);
      const composer = page.getByRole('textbox', { name: '回复内容' });
      await composer.fill('您好，这里是 Electron 测试');
      await composer.press('Enter');
      await expect(page.locator('.message.from-agent', { hasText: '您好，这里是 Electron 测试' })).toHaveCount(1);
    } finally {
      await app.close();
      dir.remove();
    }
  });

  test('the dock or taskbar shows the waiting count, and links open in the system browser only', async () => {
    const dir = tempDir('e2e-electron');
    const app = await electron.launch({
      executablePath: binary.path ?? undefined,
      args: [root],
      env: { ...process.env, WORKSTATION_USER_DATA: dir.path, WORKSTATION_SQLITE_BINDING: electronSqliteBinding() },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('.conversation-item.slot').first()).toBeVisible();
      const waiting = await page.locator('.conversation-item.slot[data-waiting-since]').count();
      expect(waiting).toBeGreaterThan(0);
      // macOS and Linux launchers carry a badge; Windows has the taskbar overlay and the tray tooltip instead.
      if (process.platform !== 'win32') await expect.poll(() => app.evaluate(({ app: electronApp }) => electronApp.getBadgeCount())).toBe(waiting);

      // Record instead of opening a browser on the test machine.
      await app.evaluate(({ shell }) => {
        const opened: string[] = [];
        (globalThis as unknown as { opened: string[] }).opened = opened;
        shell.openExternal = async (url: string) => {
          opened.push(url);
        };
      });
      const composer = page.getByRole('textbox', { name: '回复内容' });
      await composer.fill('订单详情见 https://shop.example.com/order/42 ，请查收');
      await composer.press('Enter');
      const link = page.locator('.message.from-agent a', { hasText: 'https://shop.example.com/order/42' });
      await link.click();
      await expect.poll(() => app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened)).toEqual(['https://shop.example.com/order/42']);
      // The console itself never navigated, and a window.open of anything but a web address reaches nothing.
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('客服工作台');
      await page.evaluate(() => window.open('file:///etc/passwd'));
      expect(await app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened)).toEqual(['https://shop.example.com/order/42']);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      dir.remove();
    }
  });
});
