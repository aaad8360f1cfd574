import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { CORE_BUNDLE_BUILD, CORE_NATIVE_DEPENDENCIES } from './vite.core.config';
import { rendererConfig } from './vite.renderer.config';

export default defineConfig({
  main: {
    build: {
      ...CORE_BUNDLE_BUILD,
      outDir: 'out/main',
      // The core's dependencies are bundled (vite.core.config.ts says why). electron-store stays in
      // node_modules: it compiles its schema validator at run time into code that requires ajv's files.
      externalizeDeps: false,
      rolldownOptions: {
        ...CORE_BUNDLE_BUILD.rolldownOptions,
        external: [...CORE_NATIVE_DEPENDENCIES, 'electron-store'],
        input: { main: resolve(import.meta.dirname, 'src/main/electron/main.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': everything else is bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
