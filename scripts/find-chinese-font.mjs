// Whether fontconfig lists a Chinese font (Linux). Without one Chromium draws the console's
// Chinese as empty boxes: no glyph is shaped, drawn or mapped, and the font test and the console
// bench would measure something else than an agent sees.
import { spawnSync } from 'node:child_process';

export const CHINESE_FONT_HINT = 'no Chinese font installed (fc-list :lang=zh finds none): on Debian, apt-get install fonts-noto-cjk';

/** @returns {boolean} */
export function chineseFontInstalled() {
  const installed = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return installed.status === 0 && installed.stdout.trim() !== '';
}
