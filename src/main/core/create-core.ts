import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ApiError,
  contract,
  isChannelName,
  type ApiErrorData,
  type ApiHandlers,
  type ChannelName,
  type CoreEvent,
} from '../../shared/contract';
import type { ReplicaTableName } from '../../shared/db/replica-schema';
import { MutationRejected, type MutationActor } from '../../shared/mutations';
import { conversationHandlers } from './api/conversation-handlers';
import { handoffHandlers } from './api/handoff-handlers';
import { kbAdminHandlers } from './api/kb-admin-handlers';
import { knowledgeHandlers } from './api/knowledge-handlers';
import { replyHandlers } from './api/reply-handlers';
import { ticketAdminHandlers } from './api/ticket-admin-handlers';
import { scriptHandlers } from './api/script-handlers';
import { createReplyRulesSource } from './reply-rules-source';
import { ticketHandlers } from './api/ticket-handlers';
import type { Clock, HandlerContext, Logger } from './api/context';
import { sessionHandlers } from './api/session-handlers';
import { settingsHandlers } from './api/settings-handlers';
import { migrateReplica, openReplicaDatabase, REPLICA_SCHEMA_VERSION, type Replica } from './db/open-replica';
import { loadDemoData } from './demo/load-demo';
import { replicaSettingsStore, type SettingsStore } from './settings-store';
import { SyncEngine, type SyncConfig } from './sync/sync-engine';

export interface CoreOptions {
  /** Folder holding the replica; ':memory:' keeps everything in memory (tests). */
  dataDir: string;
  clock?: Clock;
  log?: Logger;
  /** Seed an empty replica with the demo data set and sign in as its demo agent. */
  demo?: boolean;
  sqliteNativeBinding?: string | undefined;
  /** The central server to sync with; without it the replica works alone. */
  sync?: SyncConfig | undefined;
  /** Where UI settings live; the replica unless the shell has its own (Electron: electron-store). */
  settingsStore?: SettingsStore | undefined;
}

export type CoreListener = (event: CoreEvent) => void;

/** The desktop core, independent of any transport: Electron IPC and the WebSocket bridge both call invoke(). */
export interface Core {
  invoke(channel: unknown, input: unknown): Promise<unknown>;
  subscribe(listener: CoreListener): () => void;
  readonly replica: Replica;
  /** The sync engine, when a server is configured (tests drive it directly). */
  sync(): SyncEngine | null;
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };
const consoleLog: Logger = {
  info: (m, d) => console.info(m, d ?? ''),
  warn: (m, d) => console.warn(m, d ?? ''),
  error: (m, d) => console.error(m, d ?? ''),
};

function tablesChangedEvent(tables: readonly ReplicaTableName[], conversations: readonly string[] | undefined): CoreEvent {
  return conversations === undefined ? { type: 'tables.changed', tables: [...new Set(tables)] } : { type: 'tables.changed', tables: [...new Set(tables)], conversations: [...new Set(conversations)] };
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? consoleLog;
  const inMemory = options.dataDir === ':memory:';
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  const replica = openReplicaDatabase({
    file: inMemory ? ':memory:' : join(options.dataDir, 'replica.sqlite'),
    nativeBinding: options.sqliteNativeBinding,
  });
  await migrateReplica(replica.db);
  if (options.demo) await loadDemoData(replica.db, clock.now());

  const listeners = new Set<CoreListener>();
  const emit = (event: CoreEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error('core listener failed', error);
      }
    }
  };

  let engine: SyncEngine | null = null;
  const ctx: HandlerContext = {
    db: replica.db,
    clock,
    dataDir: options.dataDir,
    settings: options.settingsStore ?? replicaSettingsStore(replica.db),
    syncStatus: () => engine?.status() ?? null,
    syncNow: async () => {
      await engine?.requestSync();
    },
    serverRequest: options.sync ? <T>(path: string, body: unknown) => (engine ? engine.serverRequest<T>(path, body) : Promise.reject(new Error('sync stopped'))) : null,
    async actor(): Promise<MutationActor> {
      const row = await replica.db
        .selectFrom('sync_state')
        .innerJoin('users', 'users.id', 'sync_state.value')
        .select(['users.id', 'users.role'])
        .where('sync_state.key', '=', 'user_id')
        .executeTakeFirst();
      if (!row) throw new ApiError({ code: 'not_found', messageKey: 'errors:session.no_user' });
      return { userId: row.id, role: row.role };
    },
    tablesChanged(tables: readonly ReplicaTableName[], conversations?: readonly string[]) {
      emit(tablesChangedEvent(tables, conversations));
      // A local write is pushed right away; the engine coalesces bursts into one run.
      if (tables.includes('outbox')) void engine?.requestSync();
    },
  };

  if (options.sync) {
    engine = new SyncEngine(options.sync, {
      db: replica.db,
      sqlite: replica.sqlite,
      clock,
      log,
      schemaVersion: REPLICA_SCHEMA_VERSION,
      tablesChanged: (tables, conversations) => emit(tablesChangedEvent(tables, conversations)),
    });
    engine.start();
  }

  const replyRules = createReplyRulesSource(replica.db);
  const handlers: ApiHandlers = {
    ...sessionHandlers(ctx),
    ...conversationHandlers(ctx),
    ...settingsHandlers(ctx),
    ...knowledgeHandlers(ctx, replica.sqlite),
    ...replyHandlers(ctx, replyRules),
    ...ticketHandlers(ctx),
    ...ticketAdminHandlers(ctx),
    ...handoffHandlers(ctx),
    ...scriptHandlers(ctx, replyRules),
    ...kbAdminHandlers(ctx),
  };

  async function invoke(channel: unknown, input: unknown): Promise<unknown> {
    if (!isChannelName(channel)) {
      throw new ApiError({ code: 'unknown_channel', messageKey: 'errors:api.unknown_channel', detail: String(channel) });
    }
    const parsed = contract[channel].input.safeParse(input ?? {});
    if (!parsed.success) throw new ApiError(invalidInput(parsed.error));
    const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
    try {
      return await handler(parsed.data);
    } catch (error) {
      throw toApiError(channel, error, log);
    }
  }

  return {
    invoke,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replica,
    sync: () => engine,
    async close() {
      await engine?.stop();
      listeners.clear();
      await replica.close();
    },
  };
}

const I18N_KEY = /^[a-z_]+(\.[a-z_]+)+$/;
/** A key naming its own namespace ('kb-admin:invalid.link_url') is used as written. */
const NAMESPACED_KEY = /^[a-z-]+:[a-z_]+(\.[a-z_]+)+$/;

function invalidInput(error: z.ZodError): ApiErrorData {
  return {
    code: 'invalid_input',
    messageKey: 'errors:api.invalid_input',
    issues: error.issues.map((issue) => ({
      path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
      // Contract schemas name an i18n key as their message (e.g. 'message.empty'); zod's own
      // English defaults are replaced by a key per issue code.
      messageKey: NAMESPACED_KEY.test(issue.message) ? issue.message : I18N_KEY.test(issue.message) ? `errors:${issue.message}` : `errors:validation.${issue.code}`,
    })),
  };
}

function toApiError(channel: ChannelName, error: unknown, log: Logger): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof MutationRejected) {
    return new ApiError({ code: 'rejected', messageKey: error.messageKey, ...(error.messageParams ? { messageParams: error.messageParams } : {}) });
  }
  if (error instanceof z.ZodError) return new ApiError(invalidInput(error));
  log.error(`api ${channel} failed`, error);
  return new ApiError({ code: 'internal', messageKey: 'errors:api.internal', detail: error instanceof Error ? error.message : String(error) });
}
