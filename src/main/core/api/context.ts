import type { Kysely } from 'kysely';
import type { ReplicaDatabase, ReplicaTableName } from '../../../shared/db/replica-schema';
import type { MutationActor, MutatorArgs, MutatorName } from '../../../shared/mutations';
import { ChangedConversations } from '../changed-conversations';
import { applyLocalMutation, type MutationOutcome } from '../mutate';
import type { SettingsStore } from '../settings-store';
import type { SyncSnapshot } from '../sync/sync-engine';

export interface Clock {
  now(): Date;
}

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export interface HandlerContext {
  db: Kysely<ReplicaDatabase>;
  clock: Clock;
  dataDir: string;
  settings: SettingsStore;
  /** The signed-in user of this replica. */
  actor(): Promise<MutationActor>;
  /** `conversations`: the chats whose rows changed, when known; without it, any may have. */
  tablesChanged(tables: readonly ReplicaTableName[], conversations?: readonly string[]): void;
  /** The sync engine's state, or null when the replica works without a server. */
  syncStatus(): SyncSnapshot | null;
  /** Push and pull now; resolves when done or failed (the state says which). */
  syncNow(): Promise<void>;
  /** A request to the central server as the signed-in user; null when the replica works without one. */
  serverRequest: (<T>(path: string, body: unknown) => Promise<T>) | null;
}

/** Applies a mutation to the replica, queues it for the server and tells the renderer what changed. */
export function localMutator(ctx: HandlerContext) {
  return async <K extends MutatorName>(name: K, args: MutatorArgs<K>): Promise<MutationOutcome> => {
    const outcome = await applyLocalMutation(ctx.db, await ctx.actor(), ctx.clock.now().toISOString(), name, args);
    const changed = new ChangedConversations();
    changed.mutation(name, args);
    ctx.tablesChanged(outcome.tables, changed.list());
    return outcome;
  };
}

export const parseJsonArray = (value: string): string[] => {
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
};
