import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROTOCOL_VERSION, SYNC_PATHS, type LoginResponse, type PushResponse } from '../../src/shared/sync/protocol';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';
import { MIN_REPLICA_SCHEMA_VERSION } from '../../src/server/sync/versions';

const root = resolve(import.meta.dirname, '../..');
const dir = tempDir('e2e-widget');
let server: ServerProcess;
let host: HostProcess;

/** The agent's other workstation, over the real sync API: what the console cannot do yet (close a chat). */
async function otherWorkstation(username: string) {
  const login = (await (await fetch(server.url + SYNC_PATHS.login, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) })).json()) as LoginResponse;
  const clientId = randomUUID();
  let seq = 0;
  return async (name: string, args: unknown) => {
    seq += 1;
    const response = await fetch(server.url + SYNC_PATHS.push, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ clientId, protocolVersion: PROTOCOL_VERSION, schemaVersion: MIN_REPLICA_SCHEMA_VERSION, mutations: [{ seq, name, args, createdAt: new Date().toISOString() }] }),
    });
    const body = (await response.json()) as PushResponse;
    if (body.results[0]?.status !== 'applied') throw new Error(`${name}: ${JSON.stringify(body)}`);
  };
}

test.beforeAll(async () => {
  // The server serves the widget from out/widget; build it when this run has not.
  if (!existsSync(join(root, 'out/widget/index.html'))) {
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:widget'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build:widget failed');
  }
  server = await startServerProcess(join(dir.path, 'server'), await freePort());
  // 李婷 wraps up three of her five demo chats elsewhere: the two waiting demo customers of her
  // groups take two of the freed places, which leaves exactly one for the widget's customer.
  const push = await otherWorkstation('agent1');
  for (const id of ['c-001', 'c-002', 'c-003']) await push('conversation.close', { conversationId: id });
  host = await startHostProcess(join(dir.path, 'workstation'), ['--server', server.url, '--user', 'agent1', '--password', 'demo']);
});
test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
  dir.remove();
});

const widgetMessage = (page: Page, from: 'customer' | 'agent' | 'bot', text: string) => page.locator(`.widget-message.from-${from}`).filter({ hasText: text });

test('a customer on the widget and an agent in the console exchange messages live', async ({ browser }) => {
  const agentPage = await (await browser.newContext()).newPage();
  const customerPage = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await agentPage.goto(host.url);
  const presence = agentPage.locator('button.presence');
  await expect(presence).toHaveText('在线');
  await expect(agentPage.locator('.conversation-item[data-status="active"]')).toHaveCount(4);

  // Busy: nothing new arrives.
  await presence.click();
  await expect(presence).toHaveText('忙碌');

  await customerPage.goto(`${server.url}/widget/`);
  await expect(customerPage.getByRole('heading', { level: 1 })).toHaveText('在线客服');
  const input = customerPage.getByRole('textbox', { name: '输入消息' });
  await input.fill('我想问一下发票怎么开');
  await input.press('Enter');
  await expect(widgetMessage(customerPage, 'bot', '如何申请电子发票')).toHaveCount(1);
  await customerPage.getByRole('button', { name: '转人工' }).click();
  await expect(customerPage.getByRole('status')).toHaveText('正在为您转接人工客服，请稍候…');

  // Busy → away → offline → online, with the keyboard: the waiting customer is assigned at once.
  for (const next of ['离开', '离线', '在线']) {
    await agentPage.keyboard.press('Alt+P');
    await expect(presence).toHaveText(next);
  }
  await expect(customerPage.getByRole('status')).toHaveText('客服 李婷 为您服务');
  const chat = agentPage.locator('.conversation-item[data-status="active"]').filter({ hasText: '访客' });
  await expect(chat).toHaveCount(1);
  await chat.click();
  await expect(agentPage.locator('.message').filter({ hasText: '我想问一下发票怎么开' })).toHaveCount(1);

  const reply = '您好，我是客服李婷，电子发票可以在订单详情里申请。';
  const composer = agentPage.getByRole('textbox', { name: '回复内容' });
  await composer.fill(reply);
  await composer.press('Enter');
  await expect(widgetMessage(customerPage, 'agent', reply)).toHaveCount(1);
  await expect(widgetMessage(customerPage, 'agent', reply).locator('.widget-meta')).toContainText('客服 李婷');

  // Customer text is text on both sides, never markup.
  const markup = '<img src=x onerror="window.__owned=1">谢谢<b>客服</b>';
  await input.fill(markup);
  await input.press('Enter');
  await expect(agentPage.locator('.message').filter({ hasText: markup })).toHaveCount(1);
  await expect(widgetMessage(customerPage, 'customer', markup)).toHaveCount(1);
  expect(await agentPage.evaluate(() => (window as { __owned?: number }).__owned)).toBeUndefined();
  expect(await customerPage.evaluate(() => (window as { __owned?: number }).__owned)).toBeUndefined();
  expect(await customerPage.locator('.widget-messages img, .widget-messages b').count()).toBe(0);

  // A reload keeps the conversation.
  await customerPage.reload();
  await expect(widgetMessage(customerPage, 'agent', reply)).toHaveCount(1);
  await expect(customerPage.getByRole('status')).toHaveText('客服 李婷 为您服务');

  // The chat ends; the customer rates it.
  const conversationId = await chat.getAttribute('data-conversation-id');
  await (await otherWorkstation('agent1'))('conversation.close', { conversationId });
  await expect(customerPage.getByRole('status')).toHaveText('本次会话已结束');
  await customerPage.getByRole('button', { name: '5 分' }).click();
  await expect(customerPage.getByText('感谢您的评价！')).toBeVisible();
  await expect(agentPage.locator('.message').filter({ hasText: '客户满意度评价：5 分' })).toHaveCount(1);
});
