import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const dir = tempDir('e2e-sync');
let server: ServerProcess;
let host: HostProcess;
let port: number;

test.beforeAll(async () => {
  port = await freePort();
  server = await startServerProcess(join(dir.path, 'server'), port);
  host = await startHostProcess(join(dir.path, 'workstation'), ['--server', server.url, '--user', 'agent1', '--password', 'demo']);
});
test.afterAll(async () => {
  await host.stop();
  await server.stop();
  dir.remove();
});

test('the console shows the connection, keeps replies pending while the server is down and delivers them when it is back', async ({ page }) => {
  await page.goto(host.url);
  const status = page.getByRole('status');
  await expect(status).toHaveAttribute('data-connection', 'online');
  await expect(status).toContainText('已同步');
  await expect(status).toContainText('上次同步');
  await expect(page.locator('.conversation-item[data-status="active"]')).toHaveCount(5);
  // Opening a chat marks it read, itself a change to sync: let it reach the server first.
  await expect(status).not.toContainText('待同步');

  await server.stop();
  const reply = `断网时的回复 ${Date.now()}`;
  const composer = page.getByRole('textbox', { name: '回复内容' });
  await composer.fill(reply);
  await composer.press('Enter');
  const sent = page.locator('.message.from-agent').filter({ hasText: reply });
  await expect(sent).toHaveAttribute('data-pending', 'true');
  await expect(status).toHaveAttribute('data-connection', 'offline');
  // At least the reply; a mark-read of a chat the server's routing touched may be waiting too.
  await expect(status).toContainText(/[1-9]\d* 项待同步/);

  server = await startServerProcess(join(dir.path, 'server'), port);
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(status).toHaveAttribute('data-connection', 'online');
  await expect(sent).not.toHaveAttribute('data-pending', 'true');
  await expect(status).not.toContainText('待同步');
});
