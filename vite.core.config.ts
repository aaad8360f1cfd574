import { resolve } from 'node:path';
import type { InlineConfig, UserConfig } from 'vite';

/**
 * Packages the core's bundle leaves to Node's resolver: better-sqlite3 loads a compiled addon
 * (.node) that a bundle cannot hold. A new native dependency goes here too.
 */
export const CORE_NATIVE_DEPENDENCIES: readonly string[] = ['better-sqlite3'];

/**
 * The core's JavaScript dependencies go into its bundle, minified. Loaded from node_modules, zod
 * and kysely keep their whole sources, comments included, in V8's heap: bundled and tree-shaken,
 * the host holds ~5 MB less; minified, ~2 MB less again (docs/console.md). Chinese (the demo
 * data's) is escaped: with one character beyond Latin-1, V8 holds the whole source at two bytes
 * per character. Names are not mangled, so a stack trace in a log still reads. Chunks (the entry
 * loads the rest as one, after setting the core's V8 flags) sit beside the entry, so
 * import.meta.dirname means the same directory in both.
 */
export const CORE_BUNDLE_BUILD = {
  minify: true,
  rolldownOptions: { external: [...CORE_NATIVE_DEPENDENCIES], output: { charset: 'ascii', chunkFileNames: '[name]-[hash].js', minify: { mangle: false, compress: true, codegen: { removeWhitespace: true } } } },
} satisfies UserConfig['build'];

/** The browser host bundled as the desktop shell bundles its main process: what the console bench runs. */
export const browserHostConfig = (outDir: string): InlineConfig => ({
  configFile: false,
  logLevel: 'warn',
  ssr: { noExternal: true },
  build: { ...CORE_BUNDLE_BUILD, ssr: resolve(import.meta.dirname, 'src/main/host/main.ts'), outDir, emptyOutDir: true, target: 'node20' },
});
