import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const dir = tempDir('e2e-messages');
let server: ServerProcess;
let host: HostProcess;

test.beforeAll(async () => {
  server = await startServerProcess(join(dir.path, 'server'), await freePort());
  host = await startHostProcess(join(dir.path, 'workstation'), ['--server', server.url, '--user', 'agent1', '--password', 'demo']);
});
test.afterAll(async () => {
  await host.stop();
  await server.stop();
  dir.remove();
});

/** What a supervisor's action elsewhere does to the chat on the central server. */
function setServerStatus(conversationId: string, status: 'active' | 'closed') {
  const store = new Database(join(dir.path, 'server', 'server.sqlite'));
  store.pragma('busy_timeout = 5000');
  const now = new Date().toISOString();
  store.prepare('update conversations set status = ?, closed_at = ?, updated_at = ? where id = ?').run(status, status === 'closed' ? now : null, now, conversationId);
  store.close();
}

async function openSyncedConsole(page: Page) {
  await page.goto(host.url);
  const status = page.getByRole('status').filter({ has: page.locator('.connection') });
  await expect(status).toHaveAttribute('data-connection', 'online');
  await expect(status).not.toContainText('待同步');
  // A chat the agent has answered: the server's routing leaves it alone (no first-reply timeout).
  const answered = page.locator('.conversation-item.slot:not([data-waiting-since])').first();
  const chatId = (await answered.getAttribute('data-conversation-id')) ?? '';
  await answered.click();
  await expect(page.locator('section.chat')).toHaveAttribute('data-conversation-id', chatId);
  const composer = page.getByRole('textbox', { name: '回复内容' });
  await composer.focus();
  return { status, chatId, composer };
}

test('a refused reply stays with the reason; Alt+R sends it again once the chat can take it, Alt+Q or its button dismisses one', async ({ page }) => {
  const { status, chatId, composer } = await openSyncedConsole(page);

  // Closed on the server while this workstation could not hear of it: the reply waits in the
  // outbox while the server is down, the chat is closed there meanwhile, and the server refuses
  // the reply once it is back. A sync pushes before it pulls, so no pull tells the workstation of
  // the close first (with the server up, the routing's pokes now and then did).
  const replyAfterServerCloses = async (text: string) => {
    await server.stop();
    await composer.fill(text);
    await composer.press('Enter');
    await expect(page.locator('.messages[data-active] .message.from-agent').filter({ hasText: text })).toHaveAttribute('data-pending', 'true');
    setServerStatus(chatId, 'closed');
    server = await startServerProcess(join(dir.path, 'server'), server.port);
    await page.getByRole('button', { name: '立即同步' }).click();
  };
  const reply = `被拒绝的回复 ${Date.now()}`;
  await replyAfterServerCloses(reply);
  const refused = page.locator('.messages[data-active] .message.from-agent').filter({ hasText: reply });
  await expect(refused).toHaveAttribute('data-rejected', 'true');
  await expect(refused).toContainText('会话已结束，无法回复');
  await expect(status).toContainText('被拒绝');

  // Sending it again into a chat closed here too is refused on the spot; nothing is lost.
  await page.keyboard.press('Alt+R');
  await expect(page.locator('.notice')).toContainText('会话已结束，无法回复');
  await expect(refused).toHaveAttribute('data-rejected', 'true');

  // Reopened: Alt+R sends the same text as a new message, which the server takes.
  setServerStatus(chatId, 'active');
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(composer).toBeEnabled();
  await page.keyboard.press('Alt+R');
  const resent = page.locator('.messages[data-active] .message.from-agent').filter({ hasText: reply });
  await expect(resent).toHaveCount(1);
  await expect(resent).not.toHaveAttribute('data-rejected', 'true');
  await expect(resent).not.toHaveAttribute('data-pending', 'true');
  await expect(status).not.toContainText('被拒绝');
  await expect(composer).toBeFocused();

  // Another refusal, dismissed from the keyboard: gone from the chat and from the status bar.
  const second = `第二条被拒绝的回复 ${Date.now()}`;
  await replyAfterServerCloses(second);
  const secondRefused = page.locator('.messages[data-active] .message.from-agent').filter({ hasText: second });
  await expect(secondRefused).toHaveAttribute('data-rejected', 'true');
  await page.keyboard.press('Alt+Q');
  await expect(secondRefused).toHaveCount(0);
  await expect(status).not.toContainText('被拒绝');

  // And with the buttons on the message itself.
  setServerStatus(chatId, 'active');
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(composer).toBeEnabled();
  const third = `第三条被拒绝的回复 ${Date.now()}`;
  await replyAfterServerCloses(third);
  const thirdRefused = page.locator('.messages[data-active] .message.from-agent').filter({ hasText: third });
  await expect(thirdRefused).toHaveAttribute('data-rejected', 'true');
  await thirdRefused.getByRole('button', { name: '移除' }).click();
  await expect(thirdRefused).toHaveCount(0);
});

test('web addresses in messages are links that open outside the console; other schemes stay text', async ({ page, context }) => {
  const { composer } = await openSyncedConsole(page);
  await composer.fill('物流详情：https://track.example.com/p/123。不要点 javascript:alert(1)');
  await composer.press('Control+Shift+Enter');
  const message = page.locator('.messages[data-active] .message.from-agent').last();
  const link = message.getByRole('link', { name: 'https://track.example.com/p/123' });
  await expect(link).toHaveAttribute('href', 'https://track.example.com/p/123');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(message.getByRole('link')).toHaveCount(1);
  await expect(message.locator('.message-body')).toHaveText('物流详情：https://track.example.com/p/123。不要点 javascript:alert(1)');

  // Opens in a tab of its own (nothing is served there in the test); the console stays where it was.
  await context.route('https://track.example.com/**', (route) => route.fulfill({ body: 'tracking page' }));
  const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await expect(opened).toHaveURL('https://track.example.com/p/123');
  expect(await opened.evaluate(() => window.opener)).toBeNull();
  expect(page.url()).toBe(`${host.url}/`);
});
