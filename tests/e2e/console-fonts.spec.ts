import { expect, test } from '@playwright/test';
import { CHINESE_FONT_HINT, chineseFontInstalled } from '../../scripts/find-chinese-font.mjs';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';

let dir: ReturnType<typeof tempDir>;
let host: HostProcess;
// Which face each platform's Chinese UI font is found by (styles.css) is checked where the console
// bench measures memory; Microsoft YaHei's and PingFang SC's names are not tried on this machine.
test.skip(process.platform !== 'linux', 'font faces are checked on Linux, through fontconfig');

test.beforeAll(async () => {
  if (!chineseFontInstalled()) throw new Error(CHINESE_FONT_HINT);
  dir = tempDir('e2e-fonts');
  host = await startHostProcess(dir.path);
});
test.afterAll(async () => {
  await host?.stop();
  dir?.remove();
});

test('the console draws Chinese, Latin and bold text with one regular face, emboldened where bold', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.locator('.messages[data-active] .message-body').first()).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  /** The font files Chromium drew an element's text with, by PostScript name (a bold face has its own). */
  const facesOf = async (selector: string) => {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    expect(nodeId, selector).toBeGreaterThan(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((font) => font.postScriptName);
  };
  // A customer's name in bold, the agent's name and number (Chinese and Latin), a message.
  const bold = await facesOf('.conversation-item .customer-name');
  const header = await facesOf('.app-header .agent');
  const message = await facesOf('.messages[data-active] .message-body');
  expect(await page.locator('.conversation-item .customer-name').first().evaluate((name) => getComputedStyle(name).fontWeight)).toBe('600');
  expect(new Set([...bold, ...header, ...message]).size, JSON.stringify({ bold, header, message })).toBe(1);
});
