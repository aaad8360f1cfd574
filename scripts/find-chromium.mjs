// Which Chromium the browser tests drive: $CHROMIUM_PATH, else the system's (Debian's
// package on CI), else none, and Playwright uses the browser it installed itself.
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** @returns {string | undefined} */
export function chromiumExecutable() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return candidates.find((path) => existsSync(path));
}
