import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CORE_NODE_FLAGS } from '../../src/shared/memory-flags';

const root = resolve(import.meta.dirname, '../..');

export interface HostProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs the real `npm run host` entry in a child process, as a user would, on a free port; with
 * `bundle`, that entry bundled (vite.core.config.ts) instead of compiled by tsx.
 */
export function startHostProcess(dataDir: string, extraArgs: string[] = [], bundle?: string): Promise<HostProcess> {
  const entry = bundle === undefined ? ['--import', 'tsx', join(root, 'src/main/host/main.ts')] : [bundle];
  const child: ChildProcess = spawn(process.execPath, [...CORE_NODE_FLAGS, ...entry, '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Workstation: (http:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolvePromise({
        url: match[1],
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
}
