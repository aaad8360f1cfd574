// Layer rules live here so a machine, not a reviewer, keeps the architecture honest
// (ARCHITECTURE.md "Layers"): electron only in src/main/electron and src/preload; the
// renderer never reaches main/server code or Node; src/shared runs everywhere.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Bare names here; every `node:` specifier is caught by the 'node:*' pattern below.
const nodeModules = builtinModules.filter((m) => !m.startsWith('node:'));
const nativeOrServerPackages = ['better-sqlite3', 'ws', 'electron-store', 'kysely/*sqlite*'];

const electron = {
  name: 'electron',
  message: 'Only src/main/electron and src/preload may import electron.',
};

const forbid = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', '.data/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['src/main/electron/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': forbid([electron], []) },
  },
  {
    // The customers' chat widget runs in a browser too, served by the central server.
    files: ['src/renderer/**/*.{ts,tsx}', 'src/widget/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [electron, ...[...nodeModules, ...nativeOrServerPackages].map((name) => ({ name, message: 'The renderer runs in a browser: no Node modules.' }))],
        [
          { group: ['**/main/**', '**/main', '**/server/**', '**/server', '**/preload/**'], message: 'The renderer talks to main only through the typed API in src/shared/contract.' },
          { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
        ],
      ),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [electron, ...[...nodeModules, ...nativeOrServerPackages].map((name) => ({ name, message: 'src/shared runs everywhere: no Node modules.' }))],
        [
          { group: ['**/main/**', '**/server/**', '**/renderer/**', '**/preload/**', 'react', 'react-dom'], message: 'src/shared depends on nothing but itself and pure libraries.' },
          { group: ['node:*'], message: 'src/shared runs everywhere: no Node modules.' },
        ],
      ),
    },
  },
  {
    files: ['src/main/core/**/*.ts', 'src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid([electron], [
        { group: ['**/renderer/**', '**/electron/**'], message: 'Core and server never depend on the UI or the Electron shell.' },
      ]),
    },
  },
);
