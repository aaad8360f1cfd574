import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';

// Every test gets its own replica: they send replies and remap keys.
let dir: ReturnType<typeof tempDir>;
let host: HostProcess;
test.beforeEach(async () => {
  dir = tempDir('e2e-keyboard');
  host = await startHostProcess(dir.path);
});
test.afterEach(async () => {
  await host.stop();
  dir.remove();
});

const composerOf = (page: Page) => page.getByRole('textbox', { name: '回复内容' });
const title = (page: Page) => page.locator('#chat-title');

/** Customers with an unanswered message, longest-waiting first, as the slot strip shows them. */
async function waitingCustomers(page: Page): Promise<string[]> {
  return page.locator('.conversation-item.slot').evaluateAll((items) =>
    items
      .filter((item) => item instanceof HTMLElement && item.dataset.waitingSince)
      .map((item) => ({ name: item.querySelector('.customer-name')?.textContent ?? '', since: Date.parse((item as HTMLElement).dataset.waitingSince ?? '') }))
      .sort((a, b) => a.since - b.since)
      .map((w) => w.name),
  );
}

async function send(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(page.locator('.message.from-agent').filter({ hasText: text })).toHaveCount(1);
  await expect(composerOf(page)).toHaveValue('');
}

test('three waiting customers handled from the keyboard alone: longest first, a script via /, send, a remapped key', async ({ page }) => {
  await page.goto(host.url);
  const composer = composerOf(page);
  const slots = page.locator('.conversation-item.slot');
  await expect(slots).toHaveCount(5);
  await expect(composer).toBeFocused();
  const waiting = await waitingCustomers(page);
  expect(waiting).toHaveLength(3);
  const [longest, second, third] = waiting as [string, string, string];

  // Slot keys reach any chat; the reply box follows.
  await page.keyboard.press('Alt+1');
  await expect(title(page)).toHaveText((await slots.nth(0).locator('.customer-name').textContent()) ?? '');
  await expect(slots.nth(0)).toHaveAttribute('aria-current', 'true');
  await expect(composer).toBeFocused();

  // 1. The longest-waiting customer, answered with a script found by a simplified query for a
  //    traditional title; the customer's name and latest order fill in, the cursor lands on {{eta}}.
  await page.keyboard.press('F2');
  await expect(title(page)).toHaveText(longest);
  await page.keyboard.type('/');
  const search = page.getByRole('combobox', { name: '搜索话术' });
  await expect(search).toBeFocused();
  await expect(composer).toHaveValue('');
  await page.keyboard.type('结束语');
  await expect(page.getByRole('listbox', { name: '话术' }).getByRole('option').first()).toContainText('結束語');
  await page.keyboard.press('Enter');
  await expect(search).toBeHidden();
  await expect(composer).toBeFocused();
  const filled = await composer.inputValue();
  expect(filled).toContain(`感謝您的耐心,${longest}。`);
  expect(filled).toMatch(/訂單DD\d+頁面/);
  expect(await composer.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('{{eta}}');
  // A reply still holding a placeholder is not sent.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('eta');
  await expect(page.locator('.message.from-agent').filter({ hasText: '感謝您的耐心' })).toHaveCount(0);
  await page.keyboard.type('今天18:00');
  await page.keyboard.press('Enter');
  await expect(page.locator('.message.from-agent').filter({ hasText: '後續進展我會在今天18:00前主動聯繫您' })).toHaveCount(1);
  await expect(slots.filter({ hasText: longest })).not.toHaveAttribute('data-waiting-since');

  // 2. The next longest.
  await page.keyboard.press('F2');
  await expect(title(page)).toHaveText(second);
  await send(page, '您好，已为您核实，马上处理。');

  // 3. Remap "next waiting" from the keyboard: a taken key is refused naming its command.
  await page.keyboard.press('Control+,');
  const filter = page.getByRole('searchbox', { name: '筛选命令' });
  await expect(filter).toBeFocused();
  await page.keyboard.type('等待最久');
  await page.keyboard.press('Tab');
  const change = page.getByRole('button', { name: '更改「跳到等待最久的客户」的快捷键' });
  await expect(change).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('alert')).toHaveText('Alt+1 已被「切换到第 1 个会话」使用，请换一个按键');
  await page.keyboard.press('Alt+N');
  await expect(page.getByRole('dialog')).toContainText('「跳到等待最久的客户」已改为 Alt+N');
  await expect(page.locator('tr[data-command="nextWaiting"] kbd')).toHaveText('Alt+N');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(composer).toBeFocused();

  // The new key takes the agent to the third customer; the old one does nothing any more.
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('F2');
  await expect(title(page)).toHaveText((await slots.nth(0).locator('.customer-name').textContent()) ?? '');
  await page.keyboard.press('Alt+N');
  await expect(title(page)).toHaveText(third);
  await send(page, '收到，我这边马上为您跟进。');
  expect(await waitingCustomers(page)).toEqual([]);

  // The binding is a stored setting: after a reload Alt+N still means "next waiting".
  await page.reload();
  await expect(composerOf(page)).toBeFocused();
  await page.keyboard.press('Alt+N');
  await expect(page.locator('.notice')).toHaveText('没有其他等待中的客户');
});

test('cheat sheet, command palette, customer panel, and the hand-over commands', async ({ page }) => {
  await page.goto(host.url);
  const composer = composerOf(page);
  await expect(composer).toBeFocused();

  await page.keyboard.press('Control+/');
  const sheet = page.getByRole('dialog', { name: '快捷键一览' });
  await expect(sheet).toBeVisible();
  await expect(sheet.locator('tr[data-command="nextWaiting"] kbd')).toHaveText('F2');
  await expect(sheet.locator('tr[data-command="transfer"] kbd')).toHaveText('Alt+T');
  await expect(sheet.locator('tr[data-command="transfer"]')).not.toHaveAttribute('aria-disabled');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(composer).toBeFocused();

  // "?" opens it too once focus has left the text field.
  await page.keyboard.press('Tab');
  await expect(composer).not.toBeFocused();
  await page.keyboard.press('?');
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // Transfer opens from its key and from the palette; Escape gives the reply box back.
  await page.keyboard.press('Alt+T');
  const transfer = page.getByRole('dialog', { name: '转接会话' });
  await expect(transfer.getByRole('combobox', { name: '搜索同事或技能组' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(transfer).toBeHidden();
  await expect(composer).toBeFocused();

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('combobox', { name: '搜索命令或会话' });
  await expect(palette).toBeFocused();
  await page.keyboard.type('转接');
  await page.keyboard.press('Enter');
  await expect(transfer).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(transfer).toBeHidden();
  await page.keyboard.press('Control+k');
  await expect(palette).toBeFocused();
  await page.keyboard.type('王芳');
  await expect(page.getByRole('listbox', { name: '命令面板' }).getByRole('option').first()).toContainText('王芳');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(title(page)).toHaveText('王芳');
  await expect(composer).toBeFocused();

  await page.keyboard.press('Alt+C');
  const panel = page.getByRole('complementary', { name: '客户 360°' });
  await expect(panel).toBeVisible();
  await expect(panel.locator('.masked').first()).toHaveText(/^1\d\d\*{4}\d{4}$/);
  await expect(panel).toContainText('订单');
  await page.keyboard.press('Alt+C');
  await expect(panel).toBeHidden();
});

test('each chat keeps its own half-typed reply when switching by keys without pause, and Esc gives back the "/"', async ({ page }) => {
  await page.goto(host.url);
  const composer = composerOf(page);
  await expect(composer).toBeFocused();
  await page.keyboard.press('Alt+1');
  await page.keyboard.type('第一位客户的草稿');
  await page.keyboard.press('Alt+2');
  await expect(composer).toHaveValue('');
  await page.keyboard.type('第二位');
  await page.keyboard.press('Alt+1');
  await expect(composer).toHaveValue('第一位客户的草稿');
  await page.keyboard.press('Alt+2');
  await expect(composer).toHaveValue('第二位');
  await expect(composer).toBeFocused();

  await page.keyboard.press('Alt+3');
  await page.keyboard.type('/');
  await expect(page.getByRole('combobox', { name: '搜索话术' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue('/');

  await page.reload();
  await expect(composerOf(page)).toBeFocused();
  await page.keyboard.press('Alt+1');
  await expect(composerOf(page)).toHaveValue('第一位客户的草稿');
  await page.keyboard.press('Alt+3');
  await expect(composerOf(page)).toHaveValue('/');
});

/**
 * Keys sent back to back in one burst, as a fast typist's are: Playwright's keyboard waits for
 * each key to be handled, which would hide a key lost between two events.
 */
async function pressInOneBurst(page: Page, keys: { key: string; code: string; keyCode: number; alt?: boolean }[]) {
  const cdp = await page.context().newCDPSession(page);
  const ALT = 1;
  const events = keys.flatMap(({ key, code, keyCode, alt }) => {
    const modifiers = alt ? ALT : 0;
    const press = [
      { type: 'rawKeyDown' as const, key, code, windowsVirtualKeyCode: keyCode, modifiers },
      { type: 'keyUp' as const, key, code, windowsVirtualKeyCode: keyCode, modifiers },
    ];
    if (!alt) return press;
    const altKey = { key: 'Alt', code: 'AltLeft', windowsVirtualKeyCode: 18 };
    return [{ type: 'rawKeyDown' as const, ...altKey, modifiers: ALT }, ...press, { type: 'keyUp' as const, ...altKey, modifiers: 0 }];
  });
  await Promise.all(events.map((event) => cdp.send('Input.dispatchKeyEvent', event)));
  await cdp.detach();
}

test('Esc and the next shortcut pressed without pause: the shortcut is not lost', async ({ page }) => {
  await page.goto(host.url);
  const search = page.getByRole('combobox', { name: '搜索话术' });
  await expect(composerOf(page)).toBeFocused();
  for (let round = 0; round < 3; round++) {
    await page.keyboard.press('Alt+S');
    await expect(search).toBeFocused();
    await page.keyboard.type('标准');
    await pressInOneBurst(page, [
      { key: 'Escape', code: 'Escape', keyCode: 27 },
      { key: 's', code: 'KeyS', keyCode: 83, alt: true },
    ]);
    // A fresh picker, not the one just closed.
    await expect(search).toBeFocused();
    await expect(search).toHaveValue('');
    await page.keyboard.press('Escape');
    await expect(composerOf(page)).toBeFocused();
  }
});

test('font size and dark theme are settings that survive a reload', async ({ page }) => {
  await page.goto(host.url);
  await page.keyboard.press('Control+,');
  const dialog = page.getByRole('dialog', { name: '设置' });
  await dialog.getByRole('combobox', { name: '主题' }).selectOption('dark');
  await dialog.getByRole('combobox', { name: '字号' }).selectOption('18');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('18px');
});

/** Messages among the rendered rows whose day label is missing, or there without a new day: one label per day, on its first message. */
function misplacedDayLabels(list: Locator): Promise<string[]> {
  return list.locator('li.message').evaluateAll((items) => {
    const rows = items
      .map((li) => ({ index: Number(li.getAttribute('data-index')), id: li.getAttribute('data-message-id') ?? '', at: new Date(li.querySelector('time')?.getAttribute('datetime') ?? ''), labelled: li.querySelector('.day-separator') !== null }))
      .sort((a, b) => a.index - b.index);
    const day = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
    return rows.flatMap((row, i) => {
      const before = rows[i - 1];
      if (!before || before.index !== row.index - 1) return [];
      return (day(before.at) !== day(row.at)) === row.labelled ? [] : [row.id];
    });
  });
}

test('a chat with 5,000 messages opens on its newest page and scrolls back, a page at a time, to the first message', async ({ page }) => {
  await page.goto(host.url);
  const firstSlot = page.locator('.conversation-item.slot').first();
  const id = await firstSlot.getAttribute('data-conversation-id');
  // The host has migrated and seeded the replica; add history beside it (WAL allows a second writer).
  const db = new Database(join(dir.path, 'replica.sqlite'));
  // Five minutes apart: 288 a day, so days begin inside pages and at their edges.
  const start = Date.now() - 20 * 86_400_000;
  const insert = db.prepare('insert into messages (id, conversation_id, sender_kind, sender_id, body, channel, created_at) values (?, ?, ?, null, ?, ?, ?)');
  const channel = (db.prepare('select channel from conversations where id = ?').get(id) as { channel: string }).channel;
  db.transaction(() => {
    for (let i = 0; i < 5000; i++) {
      insert.run(`bulk-${String(i).padStart(4, '0')}`, id, i % 2 ? 'agent' : 'customer', `历史消息 ${i}`, channel, new Date(start + i * 300_000).toISOString());
    }
  })();
  const history = (db.prepare('select id from messages where conversation_id = ? order by created_at, id').all(id) as { id: string }[]).map((m) => m.id);
  db.close();

  await page.reload();
  await expect(composerOf(page)).toBeFocused();
  await page.keyboard.press('Alt+1');
  await expect(page.locator('section.chat')).toHaveAttribute('data-conversation-id', id ?? '');
  const list = page.locator('.messages[data-active]');
  const rows = list.locator('.message-rows > li');
  // Opened at the bottom, on the newest message; the size of the history is not known yet.
  await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(2);
  await expect(list.locator('.message').last()).toHaveAttribute('aria-setsize', '-1');
  await expect(list.locator(`[data-message-id="${history.at(-1)}"]`)).toBeInViewport();
  expect(await rows.count()).toBeLessThan(80);

  // Scrolling up loads the next older page of 100 above; the message that was at the top stays in view.
  for (let page = 1; ; page++) {
    const oldestLoaded = history[Math.max(0, history.length - 100 * page)] ?? '';
    await list.evaluate((el) => el.scrollTo({ top: 0 }));
    if (100 * page >= history.length) {
      await expect(list.locator('.history-start')).toBeVisible();
      break;
    }
    await expect.poll(() => list.evaluate((el) => el.scrollTop), { message: `page ${page + 1} loaded above` }).toBeGreaterThan(0);
    await expect(list.locator(`[data-message-id="${oldestLoaded}"]`)).toBeInViewport();
    // Never the whole history in the page, and each day labelled once, on its first message.
    expect(await rows.count()).toBeLessThan(80);
    const days = await list.locator('.day-separator').evaluateAll((els) => els.map((el) => el.getAttribute('data-day')));
    expect(new Set(days).size).toBe(days.length);
    expect(await misplacedDayLabels(list)).toEqual([]);
  }
  const oldest = await list.locator('.message').first().getAttribute('data-message-id');
  expect(oldest).toBe('bulk-0000');
  // The first message, under the start of the conversation and its day's label, numbered as such.
  await expect(list.locator('.message-body').filter({ hasText: /^历史消息 0$/ })).toBeVisible();
  await expect(rows.nth(0)).toHaveClass(/history-start/);
  await expect(rows.nth(1).getByRole('separator')).toBeVisible();
  await expect(rows.nth(1)).toHaveAttribute('aria-posinset', '1');
  expect(Number(await rows.nth(1).getAttribute('aria-setsize'))).toBeGreaterThanOrEqual(5000);


  // The end key takes the agent back to the newest message.
  await list.focus();
  await page.keyboard.press('End');
  await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(2);
});
