import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { UserConfig } from 'vite';

/** One renderer build for both shells: Electron loads it from disk, the browser host serves it. */
export const rendererConfig: UserConfig = {
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    // electron-vite leaves its renderer build unminified: the desktop shell would load twice the
    // script (1.8 MB against 0.9 MB) that the browser host serves and the console bench measures.
    minify: true,
    // V8 and Blink's script cache keep a script with one character beyond Latin-1 at two bytes per
    // character: the console's Chinese strings escaped, its 0.8 MB of script stays one byte each.
    rolldownOptions: { output: { charset: 'ascii' } },
  },
};

export default rendererConfig;
