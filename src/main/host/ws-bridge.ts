import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, type ApiErrorData } from '../../shared/contract';
import type { RequestFrame, ServerFrame } from '../../shared/contract/wire';
import { WS_PATH } from '../../shared/contract/wire';
import type { Core } from '../core/create-core';

const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Serves the core's API over a WebSocket. Any web page the user opens could try to connect
 * to a localhost port, so only pages served by this host (same origin) are accepted.
 */
export function attachWebSocketBridge(server: Server, core: Core): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH || !isSameOrigin(request)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = core.subscribe((event) => send({ event }));
    ws.on('close', unsubscribe);
    ws.on('message', async (raw) => {
      const frame = parseRequest(raw.toString());
      if (!frame) {
        ws.close(1003, 'malformed frame');
        return;
      }
      try {
        send({ id: frame.id, ok: true, result: await core.invoke(frame.channel, frame.input) });
      } catch (error) {
        send({ id: frame.id, ok: false, error: toErrorData(error) });
      }
    });
  });
  return wss;
}

function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function parseRequest(text: string): RequestFrame | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { id, channel, input } = value as Record<string, unknown>;
    if (typeof id !== 'number' || typeof channel !== 'string') return null;
    return { id, channel, input };
  } catch {
    return null;
  }
}

function toErrorData(error: unknown): ApiErrorData {
  if (error instanceof ApiError) return error.data;
  return { code: 'internal', messageKey: 'errors:api.internal', detail: error instanceof Error ? error.message : String(error) };
}
