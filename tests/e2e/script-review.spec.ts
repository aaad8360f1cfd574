import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const dir = tempDir('e2e-script-review');
let server: ServerProcess;
const hosts = new Map<string, Promise<HostProcess>>();
/** Changes made on another workstation travel through the server. */
const SYNCED = { timeout: 20_000 };

/** One workstation per user, shared by the tests: a replica signed in as that user. */
const workstation = (user: string): Promise<HostProcess> => {
  let host = hosts.get(user);
  if (!host) {
    host = startHostProcess(join(dir.path, user), ['--server', server.url, '--user', user, '--password', 'demo']);
    hosts.set(user, host);
  }
  return host;
};

test.beforeAll(async () => {
  server = await startServerProcess(join(dir.path, 'server'), await freePort());
});
test.afterAll(async () => {
  for (const host of hosts.values()) await (await host).stop();
  await server?.stop();
  dir.remove();
});

const open = async (page: Page, url: string) => {
  await page.goto(url);
  await expect(page.getByRole('status')).toHaveAttribute('data-connection', 'online', SYNCED);
};

const NEW_BODY = '您好，我是悦享客服{{agentName}}，工号{{agentNo}}，很高兴为您服务。请问今天有什么可以帮您？';

test('a supervisor’s new version of a script is submitted, approved by an admin, and reaches the agent’s picker', async ({ browser }) => {
  test.setTimeout(180_000);
  const [supervisorHost, adminHost, agentHost] = [await workstation('supervisor1'), await workstation('admin'), await workstation('agent1')];
  const supervisor = await (await browser.newContext()).newPage();
  const admin = await (await browser.newContext()).newPage();
  const agent = await (await browser.newContext()).newPage();
  await open(supervisor, supervisorHost.url);
  await open(admin, adminHost.url);
  await open(agent, agentHost.url);

  // An agent pressing the key is told whose screen it is.
  await agent.keyboard.press('Alt+L');
  await expect(agent.locator('.notice')).toHaveText('「话术库（主管）」仅供主管和管理员使用');

  // The supervisor finds the script from the keyboard and starts version 2.
  await supervisor.keyboard.press('Alt+L');
  const library = supervisor.getByRole('dialog', { name: '话术库' });
  await expect(library.getByRole('heading', { name: /待审核/ })).toBeVisible();
  // The filter has the keyboard as the dialog opens.
  await expect(library.getByRole('combobox', { name: '筛选话术' })).toBeFocused();
  await supervisor.keyboard.type('标准开场白');
  await expect(library.getByRole('option').first()).toContainText('标准开场白');
  await supervisor.keyboard.press('Enter');
  await expect(library.getByRole('heading', { name: '标准开场白', level: 3 })).toBeVisible();
  await expect(library.getByTestId('script-state')).toHaveText('使用中 v1');
  await library.getByRole('button', { name: '新建版本' }).click();
  const body = library.getByRole('textbox', { name: '内容' });
  await body.fill('您好，我是{{nickname}}');
  await library.getByRole('textbox', { name: '修改说明（给审核人）' }).fill('更口语化，带上工号');
  await library.getByRole('button', { name: '保存草稿' }).click();
  await expect(library.getByRole('alert')).toContainText('无法填充占位符「nickname」');
  await body.fill(NEW_BODY);
  await expect(library.getByTestId('script-preview')).toHaveText('您好，我是悦享客服李婷，工号KF1001，很高兴为您服务。请问今天有什么可以帮您？');
  await library.getByRole('button', { name: '保存草稿' }).click();
  const openVersion = library.locator('.open-version');
  await expect(openVersion).toHaveAttribute('data-status', 'draft');
  await openVersion.getByRole('button', { name: '提交审核' }).click();
  await expect(openVersion).toHaveAttribute('data-status', 'review');
  await expect(openVersion).toContainText('这个版本是您写的，须由另一位主管或管理员审核');
  await expect(openVersion.getByRole('button', { name: '通过并发布' })).toHaveCount(0);

  // The agent keeps version 1 while version 2 is in review.
  await agent.keyboard.press('Alt+S');
  const picker = agent.getByRole('dialog', { name: '话术' });
  await picker.getByRole('combobox', { name: '搜索话术' }).fill('标准开场白');
  await expect(picker.getByRole('option').first()).not.toContainText('很高兴为您服务。请问今天');
  await agent.keyboard.press('Escape');

  // The admin reviews it from the queue, sees what changed, and publishes it.
  await admin.keyboard.press('Alt+L');
  const queue = admin.getByRole('dialog', { name: '话术库' });
  const waiting = queue.getByRole('region', { name: /待审核/ }).locator('li').filter({ hasText: '标准开场白' }).filter({ hasText: '孙志强' });
  await expect(waiting).toHaveCount(1, SYNCED);
  await waiting.getByRole('button', { name: '标准开场白' }).click();
  const review = queue.locator('.open-version');
  await expect(review.getByRole('heading', { name: /审核 v2/ })).toBeVisible();
  await expect(review.getByTestId('version-diff').locator('ins').first()).toBeVisible();
  await review.getByRole('button', { name: '通过并发布' }).click();
  await expect(queue.getByTestId('script-state')).toHaveText('使用中 v2');
  // Every earlier version stays readable, with what it changed.
  await queue.getByRole('button', { name: '查看 v2 的修改' }).click();
  await expect(queue.getByTestId('version-diff')).toContainText('v2 与 v1 对比');
  await expect(queue.getByTestId('version-diff')).toContainText('更口语化');

  // The agent's picker now offers version 2, filled for them.
  await expect(async () => {
    await agent.keyboard.press('Alt+S');
    const again = agent.getByRole('dialog', { name: '话术' });
    await again.getByRole('combobox', { name: '搜索话术' }).fill('标准开场白');
    try {
      await expect(again.getByRole('option').first()).toContainText('很高兴为您服务。请问今天有什么可以帮您？', { timeout: 1000 });
    } finally {
      await agent.keyboard.press('Escape');
    }
  }).toPass(SYNCED);

  // A reply made from it is counted by the server, and the supervisor's library shows it.
  await agent.keyboard.press('Alt+S');
  const picker2 = agent.getByRole('dialog', { name: '话术' });
  await picker2.getByRole('combobox', { name: '搜索话术' }).fill('标准开场白');
  await agent.keyboard.press('Enter');
  const composer = agent.getByRole('textbox', { name: '回复内容' });
  await expect(composer).toHaveValue(/很高兴为您服务。请问今天有什么可以帮您？/);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  await expect(library.getByText(/使用 1 次，涉及 1 个会话/).first()).toBeVisible(SYNCED);
});

test('an admin’s new word reaches the reply check on an agent’s workstation', async ({ browser }) => {
  test.setTimeout(120_000);
  const [adminHost, agentHost] = [await workstation('admin'), await workstation('agent1')];
  const admin = await (await browser.newContext()).newPage();
  const agent = await (await browser.newContext()).newPage();
  await open(admin, adminHost.url);
  await open(agent, agentHost.url);

  const composer = agent.getByRole('textbox', { name: '回复内容' });
  await composer.fill('这个问题我没听说过');
  await expect(agent.locator('.finding')).toHaveCount(0);

  await admin.keyboard.press('Control+Alt+H');
  const rules = admin.getByRole('dialog', { name: '回复规则' });
  await rules.getByRole('combobox', { name: '规则' }).selectOption({ label: '冷漠用语' });
  const group = rules.locator('.rule-group[data-group="dont_know"]');
  await group.getByRole('textbox', { name: '添加词语' }).fill('不知道');
  await group.getByRole('textbox', { name: '添加词语' }).press('Enter');
  await expect(group.getByRole('alert')).toHaveText('「不知道」已在列表中（写作「不知道」）');
  await group.getByRole('textbox', { name: '添加词语' }).fill('没听说过');
  await group.getByRole('textbox', { name: '添加词语' }).press('Enter');
  await expect(group.getByRole('button', { name: '删除「没听说过」' })).toBeVisible();
  await rules.getByRole('textbox', { name: '要检查的回复' }).fill('我没听说过这个');
  await expect(rules.getByTestId('try-findings')).toContainText('冷漠用语');

  // After the sync the agent's check finds the new word, in either script.
  await expect(async () => {
    await composer.fill('这个问题我沒聽說過');
    await expect(agent.locator('.finding').first()).toContainText('沒聽說過', { timeout: 1000 });
  }).toPass(SYNCED);
});
