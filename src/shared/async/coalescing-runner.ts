/**
 * Runs an async pass one at a time. A request while a pass runs does not start a second one
 * beside it: it asks for exactly one more pass after the current one, however many requests
 * came in. Used by the server's routing and outbound delivery, which are triggered by every
 * commit and by timers, and must never overlap themselves.
 */
export interface CoalescingRunner {
  /** Resolves when the pass it joined (or started), and any pass requested meanwhile, is done. */
  request(): Promise<void>;
  /** No new passes; resolves once the current one is over. */
  close(): Promise<void>;
}

export function coalescingRunner(pass: () => Promise<void>, onError: (error: unknown) => void): CoalescingRunner {
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const request = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          onError(error);
        }
      } while (again && !closed);
    })().finally(() => (running = null));
    return running;
  };

  return {
    request,
    async close() {
      closed = true;
      await running;
    },
  };
}
