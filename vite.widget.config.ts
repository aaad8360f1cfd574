import { resolve } from 'node:path';
import type { UserConfig } from 'vite';

/** The customers' chat page, served by the central server at /widget/ (plain TypeScript and DOM, no framework). */
export default {
  root: resolve(import.meta.dirname, 'src/widget'),
  base: './',
  build: {
    outDir: resolve(import.meta.dirname, 'out/widget'),
    emptyOutDir: true,
    target: 'es2022',
    // Everything as files: the page's CSP allows no inline script or style.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
} satisfies UserConfig;
