import type { Store } from './open-store';
import { highWaterMark } from '../sync/change-log';

export interface ChangeEntry {
  tbl: string;
  row_id: string;
}

type Handler = (entries: ChangeEntry[]) => Promise<void>;

export interface ChangeFeed {
  /** `handle` gets the committed entries of `tables` after each commit; returns the unsubscribe. */
  watch(tables: readonly string[], handle: Handler): () => void;
  close(): void;
}

/**
 * What was committed since last time, for the server's own reactions (routing, outbound
 * delivery, the widget's live updates): after every commit of this instance (and, on
 * PostgreSQL, of every instance) the new change-log entries are read once and handed to each
 * watcher whose tables they touch. The change log is the one record of what changed whoever
 * wrote it — a push, the routing, a supervisor's direct write — so reacting to it needs no
 * cooperation from the writers. Notifications arriving while a range is read coalesce into the
 * next range. Handlers run independently (a slow one delays no other) and must tolerate being
 * called again before they finish; a failed one is reported, and the timers of the services
 * cover what it missed.
 */
export async function openChangeFeed(store: Store, onError: (message: string, error: unknown) => void): Promise<ChangeFeed> {
  const watchers = new Set<{ tables: ReadonlySet<string>; handle: Handler }>();
  let seen = await highWaterMark(store.db);
  let target = seen;
  let running = false;
  let closed = false;

  const drain = async () => {
    while (!closed && target > seen) {
      const from = seen;
      const upTo = target;
      seen = upTo;
      try {
        const entries = await store.db.selectFrom('change_log').select(['tbl', 'row_id']).where('change_no', '>', from).where('change_no', '<=', upTo).execute();
        for (const watcher of watchers) {
          const mine = entries.filter((e) => watcher.tables.has(e.tbl));
          if (mine.length > 0) watcher.handle(mine).catch((error: unknown) => onError('change feed: a watcher failed', error));
        }
      } catch (error) {
        onError('change feed: reading new changes failed', error);
      }
    }
  };
  const kick = () => {
    if (running) return;
    running = true;
    void drain().finally(() => {
      running = false;
      // A notification may have landed between the loop's last check and this callback.
      if (!closed && target > seen) kick();
    });
  };
  const unsubscribe = store.onCommitted((changeNo) => {
    target = Math.max(target, changeNo);
    kick();
  });

  return {
    watch(tables, handle) {
      const watcher = { tables: new Set(tables), handle };
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    },
    close() {
      closed = true;
      unsubscribe();
      watchers.clear();
    },
  };
}
