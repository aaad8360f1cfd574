import { BRIDGE_GLOBAL, type InvokeResult, type Transport, type WorkstationBridge } from '../../shared/contract/client';
import type { CoreEvent } from '../../shared/contract';
import { REPLICA_TABLE_NAMES } from '../../shared/db/replica-schema';
import { WS_PATH, type RequestFrame, type ServerFrame } from '../../shared/contract/wire';

const RECONNECT_DELAY_MS = 1000;

/** Inside Electron the preload bridge is there; in a plain browser we talk to the host. */
export function createTransport(): Transport {
  const bridge = (window as unknown as Record<string, WorkstationBridge | undefined>)[BRIDGE_GLOBAL];
  return bridge ? bridge : createWebSocketTransport(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`);
}

/**
 * Requests made while the socket is (re)connecting wait for it; a request in flight when the
 * socket drops fails so the UI can show it. Reconnects forever: the host may restart.
 */
export function createWebSocketTransport(url: string): Transport {
  let socket: WebSocket | null = null;
  let open: Promise<WebSocket> | null = null;
  let nextId = 1;
  let connectedBefore = false;
  const pending = new Map<number, (result: InvokeResult) => void>();
  const listeners = new Set<(event: CoreEvent) => void>();

  const connect = (): Promise<WebSocket> => {
    if (open) return open;
    open = new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
        // Whatever changed while we were disconnected is unknown: refetch everything.
        if (connectedBefore) for (const listener of listeners) listener({ type: 'tables.changed', tables: [...REPLICA_TABLE_NAMES] });
        connectedBefore = true;
      };
      ws.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as ServerFrame;
        if ('event' in frame) {
          for (const listener of listeners) listener(frame.event);
          return;
        }
        pending.get(frame.id)?.(frame.ok ? { ok: true, result: frame.result } : { ok: false, error: frame.error });
        pending.delete(frame.id);
      };
      ws.onclose = () => {
        socket = null;
        open = null;
        for (const [id, settle] of pending) {
          settle({ ok: false, error: { code: 'internal', messageKey: 'errors:api.disconnected' } });
          pending.delete(id);
        }
        setTimeout(() => void connect(), RECONNECT_DELAY_MS);
      };
    });
    return open;
  };

  return {
    async invoke(channel, input) {
      const ws = socket ?? (await connect());
      const id = nextId++;
      const frame: RequestFrame = { id, channel, input };
      return new Promise<InvokeResult>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify(frame));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      void connect();
      return () => listeners.delete(listener);
    },
  };
}
