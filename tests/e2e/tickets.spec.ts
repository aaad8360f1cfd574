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
const dir = tempDir('e2e-tickets');
let server: ServerProcess;
let agentHost: HostProcess;
let supervisorHost: HostProcess;
/** Changes made elsewhere travel through the server: give the sync a little longer than a local render. */
const SYNCED = { timeout: 20_000 };

test.beforeAll(async () => {
  if (!existsSync(join(root, 'out/widget/index.html'))) {
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:widget'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build:widget failed');
  }
  server = await startServerProcess(join(dir.path, 'server'), await freePort());
  // 李婷 wraps up three demo chats on another workstation, so the widget's customer gets a place with her.
  const login = (await (
    await fetch(server.url + SYNC_PATHS.login, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent1', password: 'demo' }) })
  ).json()) as LoginResponse;
  const clientId = randomUUID();
  let seq = 0;
  for (const conversationId of ['c-001', 'c-002', 'c-003']) {
    seq += 1;
    const response = await fetch(server.url + SYNC_PATHS.push, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({
        clientId,
        protocolVersion: PROTOCOL_VERSION,
        schemaVersion: MIN_REPLICA_SCHEMA_VERSION,
        mutations: [{ seq, name: 'conversation.close', args: { conversationId }, createdAt: new Date().toISOString() }],
      }),
    });
    const body = (await response.json()) as PushResponse;
    if (body.results[0]?.status !== 'applied') throw new Error(JSON.stringify(body));
  }
  agentHost = await startHostProcess(join(dir.path, 'agent'), ['--server', server.url, '--user', 'agent1', '--password', 'demo']);
  supervisorHost = await startHostProcess(join(dir.path, 'supervisor'), ['--server', server.url, '--user', 'supervisor1', '--password', 'demo']);
});
test.afterAll(async () => {
  await agentHost?.stop();
  await supervisorHost?.stop();
  await server?.stop();
  dir.remove();
});

const statusOf = (page: Page) => page.locator('.ticket-detail [data-testid="ticket-status"]');

test('a chat becomes a ticket, escalated, refunded above the limit with a supervisor’s approval, and closed by the customer’s survey', async ({ browser }) => {
  test.setTimeout(180_000);
  const agent = await (await browser.newContext()).newPage();
  const supervisor = await (await browser.newContext()).newPage();
  const customer = await (await browser.newContext({ locale: 'zh-CN' })).newPage();

  // The customer reaches 李婷 over the widget.
  await agent.goto(agentHost.url);
  await expect(agent.getByRole('status')).toHaveAttribute('data-connection', 'online', SYNCED);
  await customer.goto(`${server.url}/widget/`);
  const input = customer.getByRole('textbox', { name: '输入消息' });
  await input.fill('我的快递丢了，订单一直没收到');
  await input.press('Enter');
  // Typed rather than clicked: with no FAQ answer the bot hands over by itself and the button goes.
  await input.fill('转人工');
  await input.press('Enter');
  await expect(customer.getByRole('status')).toHaveText('客服 李婷 为您服务', SYNCED);
  const chat = agent.locator('.conversation-item[data-status="active"]').filter({ hasText: '访客' });
  await expect(chat).toHaveCount(1, SYNCED);
  await chat.click();

  // Create ticket in one key; Escape leaves the reply being typed as it was.
  const composer = agent.getByRole('textbox', { name: '回复内容' });
  await composer.fill('您好，我帮您查一下');
  await agent.keyboard.press('Alt+G');
  const dialog = agent.getByRole('dialog', { name: '创建工单' });
  await expect(dialog.getByRole('textbox', { name: '标题' })).not.toHaveValue('');
  await agent.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(composer).toHaveValue('您好，我帮您查一下');
  await expect(composer).toBeFocused();

  await agent.keyboard.press('Alt+G');
  await dialog.getByRole('textbox', { name: '标题' }).fill('快递丢失，客户要求退款');
  await dialog.getByLabel('第 1 级分类').selectOption({ label: '訂單服務' });
  await dialog.getByLabel('第 2 级分类').selectOption({ label: '物流問題' });
  await dialog.getByLabel('第 3 级分类').selectOption({ label: '快遞丟失' });
  await dialog.getByRole('radio', { name: /L2/ }).check();
  await dialog.getByRole('radio', { name: /L2/ }).press('Enter');
  await expect(dialog).toBeHidden();
  await expect(agent.locator('.notice')).toHaveText('工单已创建，编号将在同步后分配');
  await expect(composer).toHaveValue('您好，我帮您查一下');

  const panel = agent.getByRole('complementary', { name: '工单' });
  const detail = panel.locator('.ticket-detail');
  await expect(detail.getByRole('heading', { level: 3 })).toContainText('快递丢失，客户要求退款');
  // The server numbers the ticket once it has synced.
  await expect(detail.locator('.ticket-number')).not.toHaveText('编号待分配', SYNCED);
  await expect(detail.locator('[data-deadline-kind="pool_l2_feedback"]')).toContainText('剩余', SYNCED);
  await expect(statusOf(agent)).toHaveText('待处理');
  await expect(detail.locator('[data-transition]')).toHaveCount(1);

  await detail.getByRole('button', { name: '开始处理' }).click();
  await expect(statusOf(agent)).toHaveText('处理中');

  // Escalation starts the senior agent's 30-minute clock.
  const escalation = detail.getByRole('region', { name: '升级' });
  await escalation.getByLabel('级别').selectOption('1');
  await escalation.getByRole('textbox', { name: '原因' }).fill('客户情绪激动，需要资深客服跟进');
  await escalation.getByRole('button', { name: '升级', exact: true }).click();
  await expect(detail.locator('.ticket-badges')).toContainText('已升级至 1 级');
  await expect(detail.locator('[data-deadline-kind="escalation_1_response"]')).toContainText('剩余');

  // 150 yuan is above the agent's 100-yuan limit: the form says so before anything is sent.
  const refund = detail.locator('.approval-form');
  await refund.getByRole('textbox', { name: '金额（元）' }).fill('150');
  await expect(refund.locator('.approval-route')).toHaveText('超出您的权限 ¥100.00：将提交主管审批');
  await refund.getByRole('textbox', { name: '原因' }).fill('快递丢失，全额退款');
  await refund.getByRole('button', { name: '提交审批' }).click();
  const request = detail.locator('.approval-item');
  await expect(request).toHaveAttribute('data-approval-status', 'pending');
  await expect(request).toContainText('待审批');
  await expect(request).not.toHaveAttribute('data-pending', 'true', SYNCED);

  // The supervisor approves it from the process monitor on their own workstation.
  await supervisor.goto(supervisorHost.url);
  await expect(supervisor.getByRole('status')).toHaveAttribute('data-connection', 'online', SYNCED);
  await supervisor.keyboard.press('Alt+W');
  const monitor = supervisor.getByRole('dialog', { name: '流程监控' });
  const pending = monitor.locator('.approval-item').filter({ hasText: '¥150.00' });
  await expect(pending).toHaveCount(1, SYNCED);
  await expect(pending).toContainText('李婷');
  await pending.getByRole('button', { name: '批准' }).click();
  await expect(monitor.locator('.approval-item').filter({ hasText: '¥150.00' })).toHaveCount(0, SYNCED);

  // The agent hears about it and sees it on the ticket.
  await expect(agent.locator('.notice')).toContainText('已批准', SYNCED);
  await expect(request).toHaveAttribute('data-approval-status', 'approved');
  await expect(request).toContainText('孙志强');

  await detail.getByRole('button', { name: '请客户确认' }).click();
  await expect(statusOf(agent)).toHaveText('待确认');

  // The customer confirms in the widget and rates the service.
  const survey = customer.locator('.widget-ticket-survey');
  await expect(survey).toBeVisible(SYNCED);
  await expect(survey).toContainText('快递丢失，客户要求退款');
  await survey.getByRole('radio', { name: '已解决' }).check();
  await survey.getByLabel('服务满意度（1–5 分）').selectOption('5');
  await survey.getByLabel('您向亲友推荐我们的可能性（0–10 分）').selectOption('9');
  await survey.getByRole('button', { name: '提交评价' }).click();
  await expect(survey).toBeHidden();

  await expect(statusOf(agent)).toHaveText('已关闭', SYNCED);
  await expect(detail.getByTestId('ticket-csat')).toHaveText('满意度（CSAT）5/5 · 推荐度（NPS）9/10');
  await expect(detail.locator('.ticket-history')).toContainText('客户确认问题已解决');
  await expect(detail.locator('[data-transition]')).toHaveText(['重新打开']);

  // The answer is the customer's satisfaction history too: on the chat and on the ticket.
  await agent.keyboard.press('Alt+C');
  const customerPanel = agent.getByRole('complementary', { name: '客户 360°' });
  const history = customerPanel.getByRole('region', { name: /满意度记录/ });
  await expect(history.getByTestId('csat-average')).toHaveText('平均满意度 5.0/5（2 次评价）', SYNCED);
  await expect(history.locator('li').filter({ hasText: '快递丢失，客户要求退款' })).toContainText('推荐度（NPS）9/10');
});

test('personal data is revealed on request until the chat changes, and the audit search is for supervisors', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await agent.goto(agentHost.url);
  await expect(agent.getByRole('status')).toHaveAttribute('data-connection', 'online', SYNCED);
  const first = agent.locator('.conversation-item[data-status="active"]').first();
  await first.click();
  await agent.keyboard.press('Alt+C');
  const panel = agent.getByRole('complementary', { name: '客户 360°' });
  const phone = panel.locator('[data-field="phone"]');
  await expect(phone).toHaveText(/^1\d\d\*{4}\d{4}$/);
  await panel.getByRole('button', { name: '显示完整的手机（记入审计日志）' }).click();
  await expect(phone).toHaveText(/^1\d{10}$/);
  await agent.keyboard.press('Alt+ArrowDown');
  await expect(phone).toHaveText(/\*{4}/);

  await agent.keyboard.press('Alt+U');
  await expect(agent.locator('.notice')).toHaveText('「审计查询（主管）」仅供主管和管理员使用');

  const supervisor = await (await browser.newContext()).newPage();
  await supervisor.goto(supervisorHost.url);
  await expect(supervisor.getByRole('status')).toHaveAttribute('data-connection', 'online', SYNCED);
  await supervisor.keyboard.press('Alt+U');
  const audit = supervisor.getByRole('dialog', { name: '审计查询' });
  await audit.getByRole('searchbox', { name: '关键词' }).fill('customer.reveal');
  await audit.getByRole('searchbox', { name: '关键词' }).press('Enter');
  await expect(audit.locator('.audit-table tbody tr').filter({ hasText: '李婷' }).first()).toContainText('customer.reveal', SYNCED);

  await server.stop();
  await audit.getByRole('button', { name: '查询' }).click();
  await expect(audit.getByRole('alert')).toHaveText('审计日志保存在服务器上，当前无法连接服务器', SYNCED);
  server = await startServerProcess(join(dir.path, 'server'), server.port);
});
