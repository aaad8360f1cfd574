import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const dir = tempDir('e2e-ticket-admin');
let server: ServerProcess;
let adminHost: HostProcess;
let agentHost: HostProcess;
/** Changes made elsewhere travel through the server: give the sync a little longer than a local render. */
const SYNCED = { timeout: 20_000 };

test.beforeAll(async () => {
  server = await startServerProcess(join(dir.path, 'server'), await freePort());
  adminHost = await startHostProcess(join(dir.path, 'admin'), ['--server', server.url, '--user', 'admin', '--password', 'demo']);
  agentHost = await startHostProcess(join(dir.path, 'agent'), ['--server', server.url, '--user', 'agent1', '--password', 'demo']);
});
test.afterAll(async () => {
  await adminHost?.stop();
  await agentHost?.stop();
  await server?.stop();
  dir.remove();
});

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('status').first()).toHaveAttribute('data-connection', 'online', SYNCED);
}

const selectedName = (page: Page) => page.locator('.category-tree [aria-selected="true"] .category-name');

test('an admin shapes the categories and the authority limits from the keyboard; the agent works under them', async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext()).newPage();
  const agent = await (await browser.newContext()).newPage();
  await open(admin, adminHost.url);

  // The Quick start's process is there on arrival: refunds waiting, clocks running out, an alert.
  await admin.keyboard.press('Alt+W');
  const monitor = admin.getByRole('dialog', { name: '流程监控' });
  await expect(monitor.locator('.approval-item')).toHaveCount(2, SYNCED);
  await expect(monitor.locator('[data-deadline-id="t-17:escalation_3_statement"]')).toContainText('剩余');
  await expect(monitor.locator('[data-alert-id]')).not.toHaveCount(0);
  await admin.keyboard.press('Escape');

  await admin.keyboard.press('Control+Alt+C');
  const categories = admin.getByRole('dialog', { name: '工单分类管理' });
  const tree = categories.getByRole('tree', { name: '工单分类（三级）' });
  await expect(tree).toBeFocused();
  await expect(selectedName(admin)).toHaveText('訂單服務');
  for (let i = 0; i < 4; i++) await admin.keyboard.press('ArrowDown');
  await expect(selectedName(admin)).toHaveText('物流問題');

  // Insert adds below it; the new category is chosen and the tree has the keyboard again.
  await admin.keyboard.press('Insert');
  await expect(categories.getByRole('textbox', { name: '在「物流問題」下添加' })).toBeFocused();
  await admin.keyboard.type('派送延誤');
  await admin.keyboard.press('Enter');
  await expect(selectedName(admin)).toHaveText('派送延誤', SYNCED);
  await expect(tree).toBeFocused();

  // F2 renames; Alt+↑ moves it before 快遞丟失.
  await admin.keyboard.press('F2');
  await expect(categories.getByRole('textbox', { name: '名称' })).toBeFocused();
  await admin.keyboard.type('派送超时');
  await admin.keyboard.press('Enter');
  await expect(selectedName(admin)).toHaveText('派送超时');
  await expect(tree).toBeFocused();
  await admin.keyboard.press('Alt+ArrowUp');
  const logistics = ['未發貨', '派送超时', '快遞丟失'];
  await expect(tree.locator('.category-row.level-3').filter({ hasText: /^(未發貨|派送超时|快遞丟失)/ }).locator('.category-name')).toHaveText(logistics);

  // 快遞丟失 is used by a ticket: retired (Delete), it stays in the tree and in that ticket's history.
  await admin.keyboard.press('ArrowDown');
  await expect(selectedName(admin)).toHaveText('快遞丟失');
  await expect(categories.locator('.category-selected')).toContainText('1 张工单');
  await expect(categories.locator('.category-selected')).toContainText('停用后这些工单仍保留它');
  await admin.keyboard.press('Delete');
  const lost = tree.getByRole('treeitem').filter({ hasText: '快遞丟失' });
  await expect(lost).toContainText('已停用');
  await expect(tree).toBeFocused();
  await admin.keyboard.press('Escape');
  await expect(categories).toBeHidden();

  // Limits: agents 200 yuan, 李婷 300 of her own; a negative amount is refused on the spot.
  await admin.keyboard.press('Control+Alt+E');
  const limits = admin.getByRole('dialog', { name: '权限额度' });
  const agentRefund = limits.getByRole('textbox', { name: '客服的退款上限（元）' });
  await agentRefund.focus();
  await admin.keyboard.type('-1');
  await admin.keyboard.press('Enter');
  await expect(limits.locator('[data-role="agent"]').getByRole('alert')).toContainText('请输入 0 到');
  await agentRefund.fill('');
  await admin.keyboard.type('200');
  await admin.keyboard.press('Enter');
  await expect(limits.locator('[data-role="agent"] [data-testid="effective-limit"]').first()).toHaveText('生效：¥200.00（角色）', SYNCED);
  const li = limits.locator('[data-user-id="u-agent-1"]');
  await expect(li.getByTestId('effective-limit').first()).toHaveText('生效：¥200.00（角色）');
  await li.getByRole('textbox', { name: '李婷的退款上限（元）' }).focus();
  await admin.keyboard.type('300');
  await admin.keyboard.press('Enter');
  await expect(li.getByTestId('effective-limit').first()).toHaveText('生效：¥300.00（个人）', SYNCED);
  await expect(limits.locator('[data-user-id="u-agent-2"] [data-testid="effective-limit"]').first()).toHaveText('生效：¥200.00（角色）');
  await admin.keyboard.press('Escape');

  // The agent: 快遞丟失 is no longer offered for a new ticket, and her own limit is 300 yuan.
  await open(agent, agentHost.url);
  await agent.keyboard.press('Control+Alt+C');
  await expect(agent.locator('.notice')).toHaveText('「工单分类管理（管理员）」仅供管理员使用');
  const chat = agent.locator('.conversation-item[data-status="active"]').filter({ hasText: '张伟' });
  await chat.click();
  await agent.keyboard.press('Alt+G');
  const dialog = agent.getByRole('dialog', { name: '创建工单' });
  await dialog.getByLabel('第 1 级分类').selectOption({ label: '訂單服務' });
  await dialog.getByLabel('第 2 级分类').selectOption({ label: '物流問題' });
  await expect(dialog.getByLabel('第 3 级分类').locator('option')).toHaveText(['未设置', '未發貨', '派送超时'], SYNCED);
  await agent.keyboard.press('Escape');
  await agent.keyboard.press('Alt+J');
  const panel = agent.getByRole('complementary', { name: '工单' });
  await panel.locator('.ticket-row[data-ticket-id="t-08"]').click();
  await panel.locator('.approval-form').getByRole('textbox', { name: '金额（元）' }).fill('350');
  await expect(panel.locator('.approval-route')).toHaveText('超出您的权限 ¥300.00：将提交主管审批', SYNCED);
});

test('a ticket without a chat, for a customer found by search, then handed to a colleague with a note', async ({ browser }) => {
  test.setTimeout(120_000);
  const agent = await (await browser.newContext()).newPage();
  await open(agent, agentHost.url);

  await agent.keyboard.press('Control+Alt+G');
  const dialog = agent.getByRole('dialog', { name: '新建工单（无会话）' });
  const search = dialog.getByRole('combobox', { name: '客户' });
  await expect(search).toBeFocused();
  await agent.keyboard.type('5671');
  await expect(dialog.getByRole('option')).toHaveText([/张伟.*138\*\*\*\*5671/]);
  await agent.keyboard.press('Enter');
  const title = dialog.getByRole('textbox', { name: '标题' });
  await expect(title).toBeFocused();
  await expect(dialog).toContainText('此工单不关联会话');
  await agent.keyboard.type('来电：要求补开发票');
  await agent.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  const panel = agent.getByRole('complementary', { name: '工单' });
  const detail = panel.locator('.ticket-detail');
  await expect(detail.getByRole('heading', { level: 3 })).toContainText('来电：要求补开发票');
  await expect(detail.locator('.ticket-number')).not.toHaveText('编号待分配', SYNCED);
  const ticketId = await detail.getAttribute('data-ticket-id');

  const transfer = detail.getByRole('region', { name: '转交' });
  await transfer.getByLabel('转交给').selectOption({ label: '王浩然（KF1002 · 客服 · 离线）' });
  await transfer.getByRole('textbox', { name: '转交说明' }).fill('客户要电子发票，已核对抬头，请开具后回电');
  await transfer.getByRole('button', { name: '转交工单' }).press('Enter');
  await expect(panel.getByRole('status')).toHaveText('工单已转交给 王浩然');
  await expect(panel.locator(`.ticket-row[data-ticket-id="${ticketId}"]`)).toHaveCount(0);

  // An admin sees the ticket with its new owner and the transfer in its history.
  const admin = await (await browser.newContext()).newPage();
  await open(admin, adminHost.url);
  await admin.keyboard.press('Alt+M');
  const adminPanel = admin.getByRole('complementary', { name: '工单' });
  await adminPanel.locator(`.ticket-row[data-ticket-id="${ticketId}"]`).click(SYNCED);
  const adminDetail = adminPanel.locator('.ticket-detail');
  await expect(adminDetail.locator('.profile')).toContainText('王浩然', SYNCED);
  await expect(adminDetail.locator('.ticket-history')).toContainText('将工单从 李婷 转交给 王浩然');
  await expect(adminDetail.locator('.ticket-history')).toContainText('客户要电子发票');
});
