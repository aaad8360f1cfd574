import type { WebSocket } from 'ws';

export interface Heartbeat {
  /** Pings this socket from now on, until it closes. */
  watch(socket: WebSocket): void;
  stop(): void;
}

/**
 * Pings every watched socket each interval. One that has not answered the previous ping is gone
 * without a goodbye (a closed laptop lid, a NAT that forgot it) and is terminated, which fires
 * its 'close' handler: the owner's bookkeeping of peers stays in that one place.
 */
export function startHeartbeat(intervalMs: number): Heartbeat {
  const answered = new Map<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const [socket, alive] of answered) {
      if (!alive) {
        answered.delete(socket);
        socket.terminate();
        continue;
      }
      answered.set(socket, false);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return {
    watch(socket) {
      answered.set(socket, true);
      socket.on('pong', () => {
        if (answered.has(socket)) answered.set(socket, true);
      });
      socket.on('close', () => answered.delete(socket));
    },
    stop() {
      clearInterval(timer);
      answered.clear();
    },
  };
}
