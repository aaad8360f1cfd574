/**
 * Resolves in a later turn of the event loop, after timers and I/O that are due: work split at
 * these points never holds the main process (and with it the UI's IPC) for long.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
