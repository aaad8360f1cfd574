import { expect, test, type Page } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';

// Every test gets its own replica: they send replies.
let dir: ReturnType<typeof tempDir>;
let host: HostProcess;
test.beforeEach(async () => {
  dir = tempDir('e2e-reply-assist');
  host = await startHostProcess(dir.path);
});
test.afterEach(async () => {
  await host.stop();
  dir.remove();
});

const composerOf = (page: Page) => page.getByRole('textbox', { name: '回复内容' });

/** Opens a customer's chat from the command palette, keyboard only, once the console has the keyboard. */
async function openChat(page: Page, name: string) {
  await expect(composerOf(page)).toBeFocused();
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('combobox', { name: '搜索命令或会话' })).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await expect(page.locator('#chat-title')).toHaveText(name);
  await expect(composerOf(page)).toBeFocused();
}

test('a risky reply is underlined and explained, a suggestion rewrites it, and only send-anyway sends it — marked', async ({ page }) => {
  await page.goto(host.url);
  const composer = composerOf(page);
  await openChat(page, '张伟');

  await page.keyboard.type('我保证明天一定到，我们是全网最低价');
  const check = page.getByRole('region', { name: '回复检查' });
  const findings = check.getByRole('listitem');
  await expect(findings).toHaveCount(2);
  await expect(findings.nth(0)).toContainText('越权承诺');
  await expect(findings.nth(0)).toContainText('「保证明天一定到」超出客服权限');
  await expect(findings.nth(1)).toContainText('绝对化用语');
  await expect(findings.nth(1)).toContainText('「全网最低价」属于绝对化或误导性表述');
  await expect(findings.nth(1)).toContainText('目前的活动价格以页面公示为准，您可以放心参考');
  // The flagged words are underlined in the reply box itself.
  await expect(page.locator('.composer-mirror mark')).toHaveText(['保证明天一定到', '全网最低价']);
  await expect(composer).toHaveAttribute('aria-invalid', 'true');

  // F8 walks the findings (selecting their words), Alt+Enter applies the one at the cursor.
  await page.keyboard.press('F8');
  await page.keyboard.press('F8');
  await expect(findings.nth(1)).toHaveAttribute('aria-current', 'true');
  expect(await composer.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('全网最低价');
  await page.keyboard.press('Alt+Enter');
  await expect(composer).toHaveValue('我保证明天一定到，目前的活动价格以页面公示为准，您可以放心参考');
  await expect(findings).toHaveCount(1);
  await expect(page.locator('.composer-mirror mark')).toHaveText(['保证明天一定到']);

  // Enter does not send a reply with an open finding, and says how to send it anyway.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('回复中有 1 处不合规，请修改后再发送；确需原样发送请按 Ctrl+Shift+Enter，将记录在案');
  const sent = page.locator('.message.from-agent').filter({ hasText: '我保证明天一定到' });
  await expect(sent).toHaveCount(0);
  await expect(composer).toBeFocused();

  // Send anyway: sent, and the message carries the override for everyone who reads the chat.
  await page.keyboard.press('Control+Shift+Enter');
  await expect(sent).toHaveCount(1);
  await expect(composer).toHaveValue('');
  await expect(sent).toHaveAttribute('data-overridden', 'true');
  await expect(sent.locator('.override-mark')).toHaveText(' · 经确认强制发送：越权承诺');
  await expect(check).toBeHidden();

  // Recorded in the replica, not only on screen.
  await page.reload();
  await openChat(page, '张伟');
  await expect(page.locator('.message.from-agent').filter({ hasText: '我保证明天一定到' }).locator('.override-mark')).toContainText('越权承诺');

  // A clean reply goes out with Enter and no mark.
  await page.keyboard.type('已为您登记，今天18:00前给您回电。');
  await page.keyboard.press('Enter');
  const clean = page.locator('.message.from-agent').filter({ hasText: '已为您登记，今天18:00前给您回电。' });
  await expect(clean).toHaveCount(1);
  await expect(clean).not.toHaveAttribute('data-overridden');
});

test('recommended scripts sit beside the reply box and go in with one key, placeholders filled', async ({ page }) => {
  await page.goto(host.url);
  const composer = composerOf(page);
  // 刘洋 is upset about a price; the console has no emotion score yet and says which emotion it used.
  await openChat(page, '刘洋');
  const panel = page.getByRole('complementary', { name: '推荐话术' });
  await expect(panel).toContainText('按客户情绪「情绪平稳」推荐');
  const items = panel.getByRole('button');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('Ctrl+Alt+1');
  await expect(items.nth(2)).toContainText('Ctrl+Alt+3');
  const third = (await items.nth(2).locator('.recommended-title').textContent()) ?? '';
  expect(third).not.toBe('');

  // The third one greets the customer by name, as the "/" picker fills it.
  await page.keyboard.press('Control+Alt+3');
  await expect(composer).toBeFocused();
  const inserted = await composer.inputValue();
  expect(inserted.startsWith('刘洋您好')).toBe(true);
  expect(inserted).not.toContain('{{customerName}}');

  // The first one leaves {{solution}} for the agent: the cursor lands on it.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+Alt+1');
  await expect(composer).toHaveValue(/\{\{solution\}\}/);
  expect(await composer.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('{{solution}}');
});

test('the knowledge base panel: suggestions from the chat, a traditional two-character query finds simplified articles, one key inserts the answer', async ({ page }) => {
  await page.goto(host.url);
  const composer = composerOf(page);
  await openChat(page, '刘洋');

  await page.keyboard.press('Alt+K');
  const panel = page.getByRole('complementary', { name: '知识库' });
  const search = panel.getByRole('combobox', { name: '搜索知识库' });
  await expect(search).toBeFocused();
  // With nothing typed, articles suggested by the customer's latest message (直播间的价格…).
  const list = panel.getByRole('listbox');
  await expect(panel.getByRole('heading', { name: '根据客户最新消息推荐' })).toBeVisible();
  await expect(list.getByRole('option').filter({ hasText: '价格保护(保价)规则' })).toHaveCount(1);

  await page.keyboard.type('帳號');
  await expect(panel.getByRole('heading', { name: '搜索结果' })).toBeVisible();
  const first = list.getByRole('option').first();
  await expect(first).toContainText('账号被盗怎么办');
  await expect(first).toContainText('操作指南 › 賬號與安全');
  await expect(first).toHaveAttribute('aria-selected', 'true');

  // Enter opens the article: answer, notes, links, other phrasings.
  await page.keyboard.press('Enter');
  const article = panel.getByRole('article', { name: '账号被盗怎么办' });
  await expect(article).toBeFocused();
  await expect(article).toContainText('标准答案');
  await expect(article).toContainText('其他问法');
  await expect(article.getByRole('listitem').filter({ hasText: '有人盗用我的账号下单' })).toHaveCount(1);
  const answer = (await article.locator('.kb-answer').textContent()) ?? '';
  expect(answer.length).toBeGreaterThan(20);

  // One key puts the standard answer into the reply, and the keyboard goes back there.
  await page.keyboard.press('Alt+A');
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue(answer);
  await expect(panel).toBeVisible();

  // Esc steps back: article → list → reply box; Alt+K from inside the panel closes it.
  await page.keyboard.press('Alt+K');
  await expect(search).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(composer).toBeFocused();
  await page.keyboard.press('Alt+K');
  await expect(search).toBeFocused();

  // A favourite, kept on this desktop: listed under the suggestions while the search box is empty.
  await page.keyboard.press('Enter');
  await expect(article).toBeFocused();
  const favourite = article.getByRole('button', { name: '收藏' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(favourite).toBeFocused();
  await page.keyboard.press('Space');
  await expect(favourite).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(search).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  const favourites = panel.getByRole('group', { name: '我的收藏' });
  await expect(favourites.getByRole('option')).toHaveText([/账号被盗怎么办/]);
  await page.reload();
  await expect(composerOf(page)).toBeFocused();
  await page.keyboard.press('Alt+K');
  await expect(favourites.getByRole('option')).toHaveText([/账号被盗怎么办/]);

  await page.keyboard.press('Alt+K');
  await expect(panel).toBeHidden();
  await expect(composerOf(page)).toBeFocused();
});
