import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MIN_REPLICA_SCHEMA_VERSION } from '../../src/server/sync/versions';
import { PROTOCOL_VERSION, SYNC_PATHS, type LoginResponse, type PushResponse } from '../../src/shared/sync/protocol';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const root = resolve(import.meta.dirname, '../..');
const dir = tempDir('e2e-handoff');
let server: ServerProcess;
let first: HostProcess;
let second: HostProcess;

/** Chats wrapped up at another workstation of the same agent, over the real sync API. */
async function closeElsewhere(username: string, conversationIds: string[]) {
  const login = (await (await fetch(server.url + SYNC_PATHS.login, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) })).json()) as LoginResponse;
  const mutations = conversationIds.map((conversationId, i) => ({ seq: i + 1, name: 'conversation.close', args: { conversationId }, createdAt: new Date().toISOString() }));
  const response = await fetch(server.url + SYNC_PATHS.push, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ clientId: randomUUID(), protocolVersion: PROTOCOL_VERSION, schemaVersion: MIN_REPLICA_SCHEMA_VERSION, mutations }),
  });
  const body = (await response.json()) as PushResponse;
  if (body.results.some((r) => r.status !== 'applied')) throw new Error(`close: ${JSON.stringify(body)}`);
}

test.beforeAll(async () => {
  if (!existsSync(join(root, 'out/widget/index.html'))) {
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:widget'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build:widget failed');
  }
  server = await startServerProcess(join(dir.path, 'server'), await freePort());
  // 李婷 keeps two demo chats and takes the two waiting customers of her groups: one place left for
  // the widget's customer. 王浩然 starts his shift with his demo chats wrapped up.
  await closeElsewhere('agent1', ['c-001', 'c-002', 'c-003']);
  await closeElsewhere('agent2', ['c-011', 'c-012', 'c-013']);
  first = await startHostProcess(join(dir.path, 'agent1'), ['--server', server.url, '--user', 'agent1', '--password', 'demo']);
  second = await startHostProcess(join(dir.path, 'agent2'), ['--server', server.url, '--user', 'agent2', '--password', 'demo']);
});
test.afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await server?.stop();
  dir.remove();
});

const widgetMessage = (page: Page, from: 'customer' | 'agent' | 'bot', text: string) => page.locator(`.widget-message.from-${from}`).filter({ hasText: text });
const composerOf = (page: Page) => page.locator('#composer-input');

async function openChatByKeyboard(page: Page, name: string) {
  await page.keyboard.press('Control+k');
  await page.keyboard.type(name);
  await expect(page.getByRole('listbox', { name: '命令面板' }).getByRole('option').first()).toContainText(name);
  await page.keyboard.press('Enter');
  await expect(page.locator('#chat-title')).toHaveText(name);
  await expect(composerOf(page)).toBeFocused();
}

test('a chat transferred from the keyboard: the customer is told why and how long, the colleague gets it with the note and answers', async ({ browser }) => {
  const agent1 = await (await browser.newContext()).newPage();
  const agent2 = await (await browser.newContext()).newPage();
  const customer = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await agent1.goto(first.url);
  await agent2.goto(second.url);
  await expect(agent1.locator('.conversation-item.slot')).toHaveCount(4);
  await expect(agent2.locator('button.presence')).toHaveText('离线');

  await customer.goto(`${server.url}/widget/`);
  const input = customer.getByRole('textbox', { name: '输入消息' });
  await input.fill('转人工');
  await input.press('Enter');
  await expect(customer.getByRole('status')).toHaveText('客服 李婷 为您服务');
  const visitor = agent1.locator('.conversation-item.slot').filter({ hasText: '访客' });
  await expect(visitor).toHaveCount(1);
  const name = ((await visitor.locator('.customer-name').textContent()) ?? '').trim();

  await openChatByKeyboard(agent1, name);
  await agent1.keyboard.type('您好，我是李婷，请问想改哪个订单的地址？');
  await agent1.keyboard.press('Enter');
  await expect(widgetMessage(customer, 'agent', '请问想改哪个订单的地址')).toHaveCount(1);
  await input.fill('订单 DD20261122008，地址要改到公司');
  await input.press('Enter');
  await expect(agent1.locator('.message.from-customer').filter({ hasText: '地址要改到公司' })).toHaveCount(1);

  // 王浩然 comes on duty.
  await agent2.keyboard.press('Alt+P');
  await expect(agent2.locator('button.presence')).toHaveText('在线');
  // The server has it when it gives him the tech customer who was waiting.
  await expect(agent2.locator('.conversation-item.slot')).toHaveCount(1);

  // Alt+T, type the colleague, Enter chooses, Tab to the note, Ctrl+Enter transfers.
  await agent1.keyboard.press('Alt+T');
  const dialog = agent1.getByRole('dialog', { name: '转接会话' });
  await expect(dialog).toBeVisible();
  const picker = dialog.getByRole('combobox', { name: '搜索同事或技能组' });
  await expect(picker).toBeFocused();
  await expect(dialog.getByRole('option').filter({ hasText: '王浩然' })).toContainText('在线 · 会话 1/4');
  await expect(dialog.getByRole('option').filter({ hasText: '黄嘉欣' })).toHaveAttribute('aria-disabled', 'true');
  await agent1.keyboard.type('黄嘉欣');
  await agent1.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText('黄嘉欣 不在线，无法直接转接，可转到技能组');
  await agent1.keyboard.press('Control+a');
  await agent1.keyboard.type('王浩然');
  await agent1.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText('已选择：王浩然（KF1002）');
  await expect(dialog.getByRole('combobox', { name: '转接原因（会告诉客户）' })).toBeFocused();
  await agent1.keyboard.press('Tab');
  const note = dialog.getByRole('textbox', { name: '交接备注（客户诉求、已尝试的处理）' });
  await expect(note).toBeFocused();
  await agent1.keyboard.press('Control+End');
  await agent1.keyboard.type('已核实订单未发货，需同事在后台改地址');
  await agent1.keyboard.press('Control+Enter');
  await expect(dialog).toBeHidden();
  await expect(agent1.locator('.notice')).toHaveText('已转接给 王浩然');
  await expect(agent1.locator('.conversation-item.slot').filter({ hasText: name })).toHaveCount(0);

  // The customer hears why and how long; the widget names the new agent.
  await expect(widgetMessage(customer, 'bot', '已为您转接给客服 王浩然，预计 30 秒内回复您')).toContainText('为了更好地解决您的问题');
  await expect(customer.getByRole('status')).toHaveText('客服 王浩然 为您服务');

  // 王浩然 is told, and finds the note at the top of the chat.
  await expect(agent2.locator('.notice')).toHaveText(`李婷 转来会话：${name}`);
  await openChatByKeyboard(agent2, name);
  const banner = agent2.getByRole('region', { name: '交接信息' });
  await expect(banner).toContainText('李婷 转接给你 · 原因：需要更擅长此类问题的同事');
  await expect(banner).toContainText('已核实订单未发货，需同事在后台改地址');
  await expect(agent2.locator('.message.from-event')).toContainText('李婷 将会话转接给 王浩然');

  // An internal note stays among colleagues; the answer reaches the customer.
  await agent2.keyboard.press('Alt+B');
  await expect(agent2.locator('.note-mode')).toContainText('正在写内部备注');
  await agent2.keyboard.type('已在后台改址，待仓库确认');
  await agent2.keyboard.press('Enter');
  await expect(agent2.locator('.message.internal-note').filter({ hasText: '已在后台改址' })).toContainText('内部备注');
  await agent2.keyboard.press('Alt+B');
  await expect(agent2.locator('.note-mode')).toHaveCount(0);
  await agent2.keyboard.type('您好，我是王浩然，地址已为您改好，仓库确认后会短信通知您。');
  await agent2.keyboard.press('Enter');
  await expect(widgetMessage(customer, 'agent', '地址已为您改好')).toHaveCount(1);
  await expect(widgetMessage(customer, 'agent', '地址已为您改好').locator('.widget-meta')).toContainText('客服 王浩然');
  await expect(customer.locator('.widget-messages')).not.toContainText('已在后台改址');

  // Alt+X: the summary is pre-filled; Enter ends the chat and the customer's survey follows.
  await agent2.keyboard.press('Alt+X');
  const wrapUp = agent2.getByRole('dialog', { name: '结束会话' });
  const summary = wrapUp.getByRole('textbox', { name: '一句话小结（客户再次咨询时，接待的同事会看到）' });
  await expect(summary).toBeFocused();
  await expect(summary).toHaveValue(/转人工|地址/);
  await agent2.keyboard.press('Control+a');
  await agent2.keyboard.type('订单改址完成，待仓库确认');
  await agent2.keyboard.press('Enter');
  await expect(wrapUp).toBeHidden();
  await expect(customer.getByRole('status')).toHaveText('本次会话已结束');
  await expect(customer.getByRole('button', { name: '5 分' })).toBeVisible();
});
