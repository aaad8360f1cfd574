import { expect, test, type Page } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';

let dir: ReturnType<typeof tempDir>;
let host: HostProcess;
test.beforeAll(async () => {
  dir = tempDir('e2e-a11y');
  host = await startHostProcess(dir.path);
});
test.afterAll(async () => {
  await host.stop();
  dir.remove();
});

/** Roles a screen-reader user operates, which must say what they do. */
const CONTROL_ROLES = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'switch', 'slider', 'spinbutton', 'tab', 'menuitem', 'option', 'treeitem']);

interface AxNode {
  nodeId: string;
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
  backendDOMNodeId?: number;
}

/**
 * Controls and focusable elements without an accessible name, read from Chromium's accessibility
 * tree — what a screen reader is given — each as "role: the start of its HTML".
 */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  const problems: string[] = [];
  for (const node of nodes) {
    if (node.ignored) continue;
    const role = node.role?.value ?? '';
    const focusable = node.properties?.some((p) => p.name === 'focusable' && p.value.value === true) ?? false;
    const named = (node.name?.value ?? '').trim() !== '';
    // A focusable element reached by Tab must be a named control, not an anonymous box.
    if (named || !(CONTROL_ROLES.has(role) || (focusable && !['RootWebArea', 'WebArea'].includes(role)))) continue;
    let html = '?';
    if (node.backendDOMNodeId !== undefined) {
      const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId })) as { object: { objectId?: string } };
      if (object.objectId) {
        const result = (await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { return (this.outerHTML || String(this)).slice(0, 160); }', returnByValue: true })) as { result: { value: string } };
        html = result.result.value;
      }
    }
    problems.push(`${role}: ${html}`);
  }
  await cdp.detach();
  return problems;
}

test('every control of the console has an accessible name, with each panel and dialog open', async ({ page }) => {
  await page.goto(host.url);
  const composer = page.getByRole('textbox', { name: '回复内容' });
  await expect(composer).toBeFocused();
  await expect(page.locator('.messages[data-active] .message').first()).toBeVisible();
  expect(await unnamedControls(page), 'main console').toEqual([]);
  // The check itself catches an unlabelled control.
  await page.evaluate(() => document.querySelector('.app-header')?.append(Object.assign(document.createElement('button'), { className: 'unlabelled-probe' })));
  expect(await unnamedControls(page)).toEqual([expect.stringContaining('unlabelled-probe')]);
  await page.evaluate(() => document.querySelector('.unlabelled-probe')?.remove());

  await page.keyboard.press('Alt+C');
  await expect(page.locator('.customer-panel')).toBeVisible();
  expect(await unnamedControls(page), 'customer panel').toEqual([]);

  await page.keyboard.press('Alt+K');
  await expect(page.getByRole('searchbox').or(page.getByRole('combobox')).first()).toBeVisible();
  expect(await unnamedControls(page), 'knowledge base').toEqual([]);

  await page.keyboard.press('Alt+J');
  expect(await unnamedControls(page), 'tickets').toEqual([]);
  await page.keyboard.press('Escape');

  for (const [key, name] of [
    ['Control+k', '命令面板'],
    ['Control+/', '快捷键一览'],
    ['Control+,', '设置'],
  ] as const) {
    await composer.focus();
    await page.keyboard.press(key);
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    expect(await unnamedControls(page), name).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});

test('regions are labelled, the open chat announces what it is, and the status bar is a live status', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('navigation', { name: '会话' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  // The open chat's history is one labelled region; the hidden slots' are out of the tree.
  await expect(page.getByRole('region', { name: '消息记录' })).toHaveCount(1);
  await expect(page.getByRole('status').filter({ has: page.locator('.connection') })).toBeVisible();
  // Switching chats is announced politely, without moving focus out of the reply box.
  await page.keyboard.press('Alt+2');
  const name = await page.locator('#chat-title').textContent();
  await expect(page.locator('div.visually-hidden[aria-live="polite"][aria-atomic="true"]')).toContainText(name ?? '');
  await expect(page.getByRole('textbox', { name: '回复内容' })).toBeFocused();
  // SLA clocks are read out in words, not as "0:45/2:00".
  const sla = page.locator('.conversation-item.slot .sla[data-sla-level]').first();
  await expect(sla.locator('.visually-hidden')).toContainText(/\S/);
});
