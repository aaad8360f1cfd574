import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { createCore, type Core, type CoreOptions } from '../core/create-core';
import { attachWebSocketBridge } from './ws-bridge';

export interface HostOptions extends CoreOptions {
  /** Built renderer (index.html and assets). */
  rendererDir: string;
  port: number;
  /** Loopback only by default: the host serves one agent's replica, not a network. */
  hostname?: string;
}

export interface RunningHost {
  url: string;
  core: Core;
  server: Server;
  close(): Promise<void>;
}

/** The no-Electron entry: the same core, the built renderer, and the API over a WebSocket. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const core = await createCore(options);
  const serveRenderer = sirv(options.rendererDir, { single: true, etag: true, dev: false });
  const server = createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    serveRenderer(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  const wss = attachWebSocketBridge(server, core);
  const hostname = options.hostname ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, hostname, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}`,
    core,
    server,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}
