import { coalescingRunner } from '../../shared/async/coalescing-runner';
import type { ChangeFeed } from '../db/change-feed';
import type { Store } from '../db/open-store';
import type { RoutingConfig } from './config';
import { RoutingWork, routingTransaction } from './work';

export interface RoutingService {
  /** One pass now (tests, and callers that just changed something routing must see). */
  pass(): Promise<void>;
  close(): Promise<void>;
}

/** Changes that can free capacity or make someone available: a conversation closing or moving, presence, membership. */
const TRIGGER_TABLES = ['conversations', 'users', 'group_members'] as const;
/**
 * How long a commit's pass waits. Every reply touches its conversation, and a pass started at
 * once (a few milliseconds at 10,000 conversations, synchronous SQLite) held the event loop
 * just as the workstations that the reply's poke had woken sent their pulls: they waited for
 * it. Nobody notices routing 20 ms later, and commits within the wait share one pass.
 */
export const COMMIT_PASS_DELAY_MS = 20;

/**
 * The server's routing and lifecycle loop. A pass, in one transaction under the routing lock:
 * bot deadlines → first-response SLA → idle sessions → serve the queues. It runs after every
 * commit that touched conversations, users or memberships (from any writer, read from the
 * change log) and on a timer for the clocks. Every clock is computed from stored times, so a
 * restarted server carries on exactly where the previous one stopped.
 */
export function startRouting(
  store: Store,
  feed: ChangeFeed,
  config: RoutingConfig,
  now: () => Date,
  onError: (message: string, error: unknown) => void,
  { background }: { background: boolean },
): RoutingService {

  const once = async () => {
    const wrote = await routingTransaction(store, async (tx) => {
      const work = new RoutingWork(tx, now().toISOString(), config);
      await work.botDeadlines();
      await work.firstResponseDeadlines();
      await work.idleSessions();
      await work.serveQueues();
      return work.wrote;
    });
    if (wrote) await store.afterWrite();
  };

  // Requests during a pass coalesce into one more pass, as the sync engine does for pulls.
  const runner = coalescingRunner(once, (error) => onError('routing pass failed', error));
  const pass = runner.request;

  let delayed: ReturnType<typeof setTimeout> | null = null;
  const passAfterCommit = async () => {
    delayed ??= setTimeout(() => {
      delayed = null;
      void pass();
    }, COMMIT_PASS_DELAY_MS);
  };

  // Without the background loop (tests that script every step) passes run only when asked.
  const unwatch = background ? feed.watch(TRIGGER_TABLES, passAfterCommit) : null;
  const timer = background ? setInterval(() => void pass(), config.tickMs) : null;
  timer?.unref();
  if (background) void pass();

  return {
    pass,
    async close() {
      if (timer) clearInterval(timer);
      if (delayed) clearTimeout(delayed);
      unwatch?.();
      await runner.close();
    },
  };
}
