import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import type { SyncStatusView } from '../../src/shared/contract';
import { silentLog, tempDir } from './replica';
import { freePort, startServerProcess, type ServerProcess } from './server-process';
import { waitFor } from './wait-for';

export interface SyncedWorkstations {
  /** The workstations opened so far, in order. */
  readonly cores: readonly Core[];
  serverUrl(): string;
  /** A path in this block's temporary folder. */
  dataPath(name: string): string;
  /** A workstation signed in as `username` (password `demo`), returned once it is online and idle. */
  workstation(name: string, username: string): Promise<Core>;
  status(core: Core): Promise<SyncStatusView>;
  /** Online with nothing left to push. */
  settled(core: Core, what: string): Promise<SyncStatusView>;
  /** SIGTERM the server: the workstations go offline and keep working. */
  stopServer(): Promise<void>;
  /** Start the server again on the same port and data, as after an outage. */
  restartServer(): Promise<void>;
}

/**
 * The real demo server in a child process plus in-process workstation cores against it, for one
 * `describe` block; everything is closed and removed after the block.
 */
export function useSyncedWorkstations(label: string): SyncedWorkstations {
  const dir = tempDir(label);
  const serverDir = join(dir.path, 'server');
  let server: ServerProcess;
  let port: number;
  const cores: Core[] = [];

  beforeAll(async () => {
    port = await freePort();
    server = await startServerProcess(serverDir, port);
  });
  afterAll(async () => {
    for (const core of cores) await core.close();
    await server.stop();
    dir.remove();
  });

  const status = (core: Core) => core.invoke('sync.status', {}) as Promise<SyncStatusView>;
  const settled = (core: Core, what: string) => waitFor(() => status(core), (s) => s.connection === 'online' && s.pendingCount === 0, what);

  return {
    cores,
    serverUrl: () => server.url,
    dataPath: (name) => join(dir.path, name),
    status,
    settled,
    async workstation(name, username) {
      const core = await createCore({
        dataDir: join(dir.path, name),
        log: silentLog,
        sync: { serverUrl: server.url, credentials: { username, password: 'demo' }, maxBackoffMs: 300 },
      });
      cores.push(core);
      await settled(core, `${name} online`);
      return core;
    },
    stopServer: () => server.stop(),
    async restartServer() {
      server = await startServerProcess(serverDir, port);
    },
  };
}
