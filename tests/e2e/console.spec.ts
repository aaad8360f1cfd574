import { expect, test } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';

const dir = tempDir('e2e-console');
let host: HostProcess;

test.beforeAll(async () => {
  host = await startHostProcess(dir.path);
});
test.afterAll(async () => {
  await host.stop();
  dir.remove();
});

test('an agent opens the console, switches chats, replies, and the reply survives a reload and a host restart', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('客服工作台');

  const items = page.locator('.conversation-item[data-status="active"]');
  await expect(items).toHaveCount(5);
  // The first chat is open; switch to the second. Replying re-sorts the list, so follow it by id.
  const secondId = await items.nth(1).getAttribute('data-conversation-id');
  const second = page.locator(`.conversation-item[data-conversation-id="${secondId}"]`);
  const customerName = (await second.locator('.customer-name').textContent()) ?? '';
  await second.click();
  await expect(second).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('#chat-title')).toHaveText(customerName);

  const reply = `您好，已为您加急处理，预计今天18:00前回复您。（${Date.now()}）`;
  const composer = page.getByRole('textbox', { name: '回复内容' });
  await composer.fill(reply);
  await composer.press('Enter');

  const sent = page.locator('.message.from-agent').filter({ hasText: reply });
  await expect(sent).toHaveCount(1);
  await expect(sent).toHaveAttribute('data-pending', 'true');
  await expect(composer).toHaveValue('');
  // The list updated through the "tables changed" event: no reload needed.
  await expect(second.locator('.conversation-preview')).toContainText(reply.slice(0, 20));
  await expect(page.getByRole('status')).toContainText('待同步');

  // The open chat stays open although the reply moved it down the list.
  await expect(page.locator('#chat-title')).toHaveText(customerName);

  await page.reload();
  await second.click();
  await expect(page.locator('.message.from-agent').filter({ hasText: reply })).toHaveCount(1);

  await host.stop();
  host = await startHostProcess(dir.path);
  await page.goto(host.url);
  await second.click();
  await expect(page.locator('.message.from-agent').filter({ hasText: reply })).toHaveCount(1);
});

test('a half-typed reply is kept when switching chats and after a reload', async ({ page }) => {
  await page.goto(host.url);
  const items = page.locator('.conversation-item[data-status="active"]');
  const chat = (id: string | null) => page.locator(`.conversation-item[data-conversation-id="${id}"]`);
  const [a, b] = [await items.nth(2).getAttribute('data-conversation-id'), await items.nth(3).getAttribute('data-conversation-id')];
  await chat(a).click();
  const composer = page.getByRole('textbox', { name: '回复内容' });
  await composer.fill('关于您的退款，我这边');
  // Switch away at once: the unsaved draft must be written on the switch, not lost with the timer.
  await chat(b).click();
  await expect(composer).toHaveValue('');
  await chat(a).click();
  await expect(composer).toHaveValue('关于您的退款，我这边');
  await page.reload();
  await chat(a).click();
  await expect(page.getByRole('textbox', { name: '回复内容' })).toHaveValue('关于您的退款，我这边');
});

test('customer text is shown as text, never run as HTML', async ({ page }) => {
  await page.goto(host.url);
  const composer = page.getByRole('textbox', { name: '回复内容' });
  const payload = '<img src=x onerror="document.body.dataset.pwned=1">';
  await composer.fill(payload);
  await composer.press('Enter');
  await expect(page.locator('.message-body', { hasText: payload })).toHaveCount(1);
  expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
});

test('the interface switches between simplified Chinese, traditional Chinese and English', async ({ page }) => {
  await page.goto(host.url);
  const language = page.getByRole('combobox', { name: '界面语言' });
  await language.selectOption('zh-TW');
  await expect(page.getByRole('textbox', { name: '回覆內容' })).toBeVisible();
  await page.getByRole('combobox', { name: '介面語言' }).selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service Workstation');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service Workstation');
  await page.getByRole('combobox', { name: 'Interface language' }).selectOption('zh-CN');
});

test('an empty reply is refused with a message and nothing is sent', async ({ page }) => {
  await page.goto(host.url);
  // Every slot keeps its history mounted; count the open chat's.
  const messages = page.locator('.messages[data-active] .message');
  await expect(messages.first()).toBeVisible();
  const before = await messages.count();
  const composer = page.getByRole('textbox', { name: '回复内容' });
  await composer.fill('   ');
  await composer.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('回复不能为空');
  await expect(messages).toHaveCount(before);
});
