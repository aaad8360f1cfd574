import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const dir = tempDir('e2e-kb-review');
let server: ServerProcess;
let agentHost: HostProcess;
let supervisorHost: HostProcess;
let adminHost: HostProcess;
/** Changes made elsewhere travel through the server. */
const SYNCED = { timeout: 20_000 };
const NEW_ANSWER = '每消费1元得1积分，积分在次年12月31日清零，可在“我的-积分”中查看明细。';

test.beforeAll(async () => {
  server = await startServerProcess(join(dir.path, 'server'), await freePort());
  const signIn = (user: string) => ['--server', server.url, '--user', user, '--password', 'demo'];
  [agentHost, supervisorHost, adminHost] = await Promise.all([
    startHostProcess(join(dir.path, 'agent'), signIn('agent1')),
    startHostProcess(join(dir.path, 'supervisor'), signIn('supervisor1')),
    startHostProcess(join(dir.path, 'admin'), signIn('admin')),
  ]);
});
test.afterAll(async () => {
  await Promise.all([agentHost?.stop(), supervisorHost?.stop(), adminHost?.stop()]);
  await server?.stop();
  dir.remove();
});

async function online(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('status')).toHaveAttribute('data-connection', 'online', SYNCED);
}

test('a supervisor edits an article, another reviewer publishes it, and the agent’s KB search finds the new answer', async ({ browser }) => {
  test.setTimeout(180_000);
  const agent = await (await browser.newContext()).newPage();
  const supervisor = await (await browser.newContext()).newPage();
  const admin = await (await browser.newContext()).newPage();
  await online(agent, agentHost.url);
  await online(supervisor, supervisorHost.url);
  await online(admin, adminHost.url);

  // The key is in the registry for everyone; agents are told the screen is not theirs.
  await agent.keyboard.press('Control+Alt+K');
  await expect(agent.locator('.notice')).toHaveText('「知识库管理」仅供主管和管理员使用');

  // The supervisor opens it from the command palette and finds the article from the keyboard.
  await supervisor.keyboard.press('Control+K');
  await supervisor.getByRole('combobox', { name: '搜索命令或会话' }).fill('知识库管理');
  await supervisor.keyboard.press('Enter');
  const dialog = supervisor.getByRole('dialog', { name: '知识库管理' });
  await expect(dialog.getByRole('tab', { name: /文章/ })).toHaveAttribute('aria-selected', 'true');
  const filter = dialog.getByRole('combobox', { name: '按标题或编号筛选' });
  await expect(filter).toBeFocused();
  await filter.fill('积分获取');
  const articles = dialog.getByRole('listbox', { name: '文章' }).getByRole('option');
  await expect(articles).toHaveCount(1);
  await expect(articles.first()).toContainText('已发布 v1');
  await supervisor.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { level: 3, name: '积分获取与使用' })).toBeFocused();

  await dialog.getByRole('button', { name: '修改（新建草稿）' }).click();
  const editor = dialog.getByRole('form', { name: '编辑草稿' });
  await editor.getByRole('textbox', { name: '标准答案' }).fill(NEW_ANSWER);
  await editor.getByRole('textbox', { name: '修改内容与原因（给审核人看）' }).fill('积分有效期改为次年年底');
  await editor.getByRole('button', { name: '保存并提交审核' }).click();
  await expect(dialog.locator('[data-revision-status="review"]')).toBeVisible();
  await expect(dialog.getByRole('button', { name: '发布', exact: true })).toBeDisabled();
  await expect(dialog.getByText('您参与编写了该修订，需由其他审核人决定')).toBeVisible();
  // What agents read has not changed: the article is still at version 1.
  await expect(dialog.locator('.kb-badges').first()).toContainText('已发布 v1');
  await expect(dialog.locator('.kb-badges').first()).not.toContainText('尚未同步', SYNCED);

  // The admin finds it in the review queue, sees what changed, and publishes it.
  await admin.keyboard.press('Control+Alt+K');
  const review = admin.getByRole('dialog', { name: '知识库管理' });
  await review.getByRole('tab', { name: /审核队列/ }).click();
  const queued = review.locator('li[data-article-id="kb-a29"]');
  await expect(queued).toBeVisible(SYNCED);
  await queued.getByRole('button', { name: '积分获取与使用' }).click();
  const changes = review.locator('.kb-open-revision [data-field="body"] dd');
  await expect(changes.locator('ins').filter({ hasText: '次年12' })).toHaveCount(1);
  await expect(changes.locator('del').filter({ hasText: '每年11' })).toHaveCount(1);
  await review.getByRole('button', { name: '发布', exact: true }).click();
  await review.getByRole('textbox', { name: '审核备注（可选）' }).fill('与运营确认');
  await review.getByRole('button', { name: '发布为新版本' }).click();
  await expect(review.getByText('已发布：客服将收到新版本')).toBeVisible();
  await expect(review.locator('.kb-badges').first()).toContainText('已发布 v2');
  const versions = review.locator('.kb-version');
  await expect(versions).toHaveCount(2);
  await versions.first().getByRole('button', { name: '查看改动' }).click();
  await expect(versions.first().locator('[data-field="body"] ins').filter({ hasText: '次年12' })).toHaveCount(1);

  // The agent's KB search answers with the new text, and only the new text.
  await agent.keyboard.press('Alt+K');
  const panel = agent.getByRole('complementary', { name: '知识库' });
  const search = panel.getByRole('combobox', { name: '搜索知识库' });
  await search.fill('次年12月31日');
  await expect(panel.getByRole('option')).toHaveCount(1, SYNCED);
  await expect(panel.getByRole('option').first()).toContainText('积分获取与使用');
  await agent.keyboard.press('Enter');
  await expect(panel.locator('.kb-answer')).toHaveText(NEW_ANSWER);

  // The agent tells the reviewers something is still missing; it reaches their feedback tab.
  await panel.getByRole('button', { name: '反馈给审核人' }).click();
  await panel.getByLabel('问题类型').selectOption({ label: '内容缺失' });
  await panel.getByRole('textbox', { name: '应当如何表述（审核人可见）' }).fill('请补充积分能否转赠');
  await panel.getByRole('button', { name: '发送' }).click();
  await expect(panel.getByText('已发送给知识库审核人')).toBeVisible();
  await review.getByRole('button', { name: /返回列表/ }).click();
  await review.getByRole('tab', { name: /客服反馈/ }).click();
  await expect(review.locator('[data-feedback-id]').filter({ hasText: '请补充积分能否转赠' })).toBeVisible(SYNCED);
});
