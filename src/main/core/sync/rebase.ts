import type Database from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import {
  APPEND_ONLY_TABLES,
  DOMAIN_TABLE_KEYS,
  DOMAIN_TABLES_PARENTS_FIRST,
  type DomainTableName,
  type ReplicaDatabase,
  type ReplicaTableName,
} from '../../../shared/db/replica-schema';
import { getMutator, MutationRejected, type MutationActor, type MutatorName } from '../../../shared/mutations';
import type { RowChange } from '../../../shared/sync/protocol';
import { ChangedConversations } from '../changed-conversations';
import type { Logger } from '../api/context';
import { runCaptured } from '../mutate';
import { yieldToEventLoop } from './yield-to-event-loop';

const isDomainTable = (table: string): table is DomainTableName => Object.prototype.hasOwnProperty.call(DOMAIN_TABLE_KEYS, table);
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Prepared upserts and deletes per domain table, built from the replica's actual columns. */
export class RowWriter {
  private readonly columns = new Map<DomainTableName, string[]>();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {
    for (const table of Object.keys(DOMAIN_TABLE_KEYS) as DomainTableName[]) {
      const info = sqlite.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[];
      this.columns.set(table, info.map((c) => c.name));
    }
  }

  put(table: DomainTableName, row: Record<string, unknown>): void {
    const all = this.columns.get(table) ?? [];
    // Columns a newer server knows and this replica does not are dropped, not fatal. A row
    // normally has every column of ours: then no column list is built for it.
    const complete = all.every((c) => Object.prototype.hasOwnProperty.call(row, c));
    const names = complete ? all : all.filter((c) => Object.prototype.hasOwnProperty.call(row, c));
    const id = complete ? `put:${table}` : `put:${table}:${names.join(',')}`;
    let statement = this.statements.get(id);
    if (!statement) {
      const keys = DOMAIN_TABLE_KEYS[table];
      const updates = names.filter((c) => !keys.includes(c)).map((c) => `${quote(c)} = excluded.${quote(c)}`);
      // History rows are append-only: a row we already have is never rewritten.
      const onConflict = APPEND_ONLY_TABLES.has(table) || updates.length === 0 ? 'do nothing' : `do update set ${updates.join(', ')}`;
      statement = this.sqlite.prepare(
        `insert into ${quote(table)} (${names.map(quote).join(', ')}) values (${names.map(() => '?').join(', ')})
         on conflict (${keys.map(quote).join(', ')}) ${onConflict}`,
      );
      this.statements.set(id, statement);
    }
    // Positional parameters: binding by name costs a lookup per column and row, a third of a bootstrap page's apply.
    statement.run(names.map((c) => toSqlValue(row[c])));
  }

  delete(table: DomainTableName, key: Record<string, unknown>): void {
    const keys = DOMAIN_TABLE_KEYS[table];
    const id = `delete:${table}`;
    let statement = this.statements.get(id);
    if (!statement) {
      statement = this.sqlite.prepare(`delete from ${quote(table)} where ${keys.map((k) => `${quote(k)} = ?`).join(' and ')}`);
      this.statements.set(id, statement);
    }
    statement.run(keys.map((k) => toSqlValue(key[k])));
  }

  /**
   * Empties every domain table, children first, for a re-bootstrap. A full replica's 100,000
   * messages took 0.6 s in one statement; deleted a few hundred rows at a time, the event loop
   * runs every SLICE_MS (inside the caller's transaction, as the apply's slices do).
   */
  async clearDomain(): Promise<void> {
    let sliceStart = performance.now();
    for (const table of [...DOMAIN_TABLES_PARENTS_FIRST].reverse()) {
      const chunk = this.sqlite.prepare(`delete from ${quote(table)} where rowid in (select rowid from ${quote(table)} limit ${CLEAR_CHUNK_ROWS})`);
      while (chunk.run().changes > 0) {
        if (performance.now() - sliceStart < SLICE_MS) continue;
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
  }
}

function toSqlValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  // JSON columns may arrive parsed from PostgreSQL; the replica stores them as text.
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * Longest stretch of a page's apply without letting the event loop run. A bootstrap must not
 * hold the main process for more than a frame (16 ms), and the turn that runs a slice may also
 * run other due work (the next page arriving, a garbage collection of up to 7 ms measured in a
 * bootstrap): an eighth of a frame. At 4 ms the longest stall was 15.9–16.7 ms; at 2 ms,
 * 9.8–10.9 ms, and the bootstrap no slower.
 */
const SLICE_MS = 2;

/** Rows a re-bootstrap deletes per statement: about a millisecond's worth. */
const CLEAR_CHUNK_ROWS = 200;

/**
 * Pages from this many rows (bootstrap pages, catching up after being offline) commit in a turn
 * of their own and without SQLite's automatic checkpoint.
 */
export const LARGE_PAGE_ROWS = 100;

/**
 * Runs `write` with commits that do not wait for the disk (synchronous = NORMAL instead of the
 * replica's FULL), for writes a power loss may take back harmlessly: a sync page is a copy of
 * the server's state, and a lost one comes back with the next pull (the cursor stored with it
 * is lost too; acknowledged mutations reappear as pending and the server answers duplicate).
 * The WAL keeps commits in order, so a later FULL commit (a local mutation) makes these durable
 * as well. Waiting for the flush would block the main process for it on every page. The
 * connection is held until the level is restored, so no other transaction commits with it.
 */
export async function withoutDiskFlush<T>(db: Kysely<ReplicaDatabase>, sqlite: Database.Database, write: (db: Kysely<ReplicaDatabase>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    const level = Number(sqlite.pragma('synchronous', { simple: true }));
    sqlite.pragma('synchronous = NORMAL');
    try {
      return await write(connection);
    } finally {
      sqlite.pragma(`synchronous = ${level}`);
    }
  });
}

/**
 * Runs `write` with SQLite's automatic checkpoint off, so that its commit does not copy the
 * write-ahead log back into the database file: past 1000 pages (4 MB, a few bootstrap pages)
 * that copy and its two flushes block the main process for tens of milliseconds. The caller
 * checkpoints afterwards with `checkpointWal`, in a turn of its own.
 */
async function withoutCheckpoint<T>(sqlite: Database.Database, write: () => Promise<T>): Promise<T> {
  const pages = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  sqlite.pragma('wal_autocheckpoint = 0');
  try {
    return await write();
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  }
}

/**
 * Copies the write-ahead log into the database file after a rebase: one page's worth of log
 * at a time stays a short stall, and the log does not grow for the next local commit to copy.
 * Durable as any checkpoint (the log and the file are flushed); readers are never waited for.
 */
export async function checkpointWal(db: Kysely<ReplicaDatabase>, sqlite: Database.Database): Promise<void> {
  await db.connection().execute(async () => {
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  });
}

export interface RebaseInput {
  changes: RowChange[];
  /** Wipe the domain tables first (bootstrap from scratch). */
  clear: boolean;
  /** Everything up to this seq is processed by the server; drop it from the outbox. */
  lastMutationSeq: number;
  rejected: { seq: number; messageKey: string }[];
  syncState: Record<string, string | null>;
}

export interface RebaseResult {
  tables: Set<ReplicaTableName>;
  /** The conversations whose messages or conversation row may have changed; undefined: any. */
  conversations: string[] | undefined;
  replayFailures: number;
  /** The commit left the log for the caller to checkpoint (`checkpointWal`), in a turn of its own. */
  checkpointDue: boolean;
}

/**
 * Makes the replica = server state + still-pending local mutations, in one transaction:
 * take back every optimistic effect (undo log, newest first), apply the server's rows, drop
 * what the server has processed (keeping rejections visible), and replay what is left.
 */
export async function rebase(
  db: Kysely<ReplicaDatabase>,
  sqlite: Database.Database,
  writer: RowWriter,
  input: RebaseInput,
  now: string,
  log: Logger,
): Promise<RebaseResult> {
  const tables = new Set<ReplicaTableName>(['outbox', 'sync_state']);
  const changed = new ChangedConversations();
  let replayFailures = 0;
  const apply = async (tx: Transaction<ReplicaDatabase>) => {
    let sliceStart = performance.now();
    // Whatever is undone or replayed belongs to the mutations that are pending or left undo images;
    // images of a mutation no longer in the outbox (a refused reply the agent dismissed) say nothing of their chat.
    const undone = new Set((await tx.selectFrom('undo_log').select('mutation_seq').distinct().execute()).map((r) => r.mutation_seq));
    const local = await tx
      .selectFrom('outbox')
      .select(['seq', 'name', 'args'])
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb('seq', 'in', [...undone, -1])]))
      .execute();
    for (const mutation of local) changed.mutation(mutation.name, JSON.parse(mutation.args) as unknown);
    if (local.filter((m) => undone.has(m.seq)).length < undone.size) changed.everything();
    undoAll(sqlite, writer, tables);
    if (input.clear) {
      changed.everything();
      await writer.clearDomain();
      sliceStart = performance.now();
      for (const table of Object.keys(DOMAIN_TABLE_KEYS) as DomainTableName[]) tables.add(table);
    }
    for (const change of input.changes) {
      if (!isDomainTable(change.table)) {
        log.warn(`sync: ignoring change to unknown table ${change.table}`);
        continue;
      }
      if (change.op === 'put' && change.row) writer.put(change.table, change.row);
      else if (change.op === 'delete') writer.delete(change.table, change.key);
      tables.add(change.table);
      changed.row(change.table, change.op === 'put' ? change.row : change.key);
      // A live page is never sliced: a slow first statement (preparing it, a GC) would otherwise
      // hand the turn to other work before the poke is answered.
      if (largePage && performance.now() - sliceStart >= SLICE_MS) {
        // Still inside the transaction: queries through kysely wait for it (one connection),
        // and whatever uses the connection directly (KB search) joins it as a savepoint.
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    await settleOutbox(tx, input);
    for (const [key, value] of Object.entries(input.syncState)) {
      if (value === null) await tx.deleteFrom('sync_state').where('key', '=', key).execute();
      else await tx.insertInto('sync_state').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    }
    replayFailures = await replayPending(tx, await signedInActor(tx), now, tables, log);
    // The commit of a large page writes milliseconds of log: in a turn of its own. A live page's
    // commit is microseconds, and a turn given away would let other work run before its poke is answered.
    if (largePage) await yieldToEventLoop();
  };
  // A live page of a few rows adds little to the log: SQLite's own checkpoint, rare at that size,
  // costs less than a checkpoint after every poke would add to the next one's latency.
  const largePage = input.clear || input.changes.length >= LARGE_PAGE_ROWS;
  const transaction = (connection: Kysely<ReplicaDatabase>) => connection.transaction().execute(apply);
  await withoutDiskFlush(db, sqlite, (connection) => (largePage ? withoutCheckpoint(sqlite, () => transaction(connection)) : transaction(connection)));
  return { tables, conversations: changed.list(), replayFailures, checkpointDue: largePage };
}

/**
 * Read inside the rebase transaction: the replica has one connection, so asking through
 * anything but `tx` would wait for this very transaction to end.
 */
async function signedInActor(tx: Transaction<ReplicaDatabase>): Promise<MutationActor | null> {
  const row = await tx
    .selectFrom('sync_state')
    .innerJoin('users', 'users.id', 'sync_state.value')
    .select(['users.id', 'users.role'])
    .where('sync_state.key', '=', 'user_id')
    .executeTakeFirst();
  return row ? { userId: row.id, role: row.role } : null;
}

function undoAll(sqlite: Database.Database, writer: RowWriter, tables: Set<ReplicaTableName>): void {
  const images = sqlite.prepare(`select table_name, row_key, old_row from undo_log order by id desc`).all() as { table_name: string; row_key: string; old_row: string | null }[];
  for (const image of images) {
    if (!isDomainTable(image.table_name)) continue;
    if (image.old_row === null) writer.delete(image.table_name, JSON.parse(image.row_key) as Record<string, unknown>);
    else writer.put(image.table_name, JSON.parse(image.old_row) as Record<string, unknown>);
    tables.add(image.table_name);
  }
  sqlite.prepare(`delete from undo_log`).run();
}

async function settleOutbox(tx: Transaction<ReplicaDatabase>, input: RebaseInput): Promise<void> {
  for (const { seq, messageKey } of input.rejected) {
    await tx.updateTable('outbox').set({ status: 'rejected', error: messageKey }).where('seq', '=', seq).where('status', '=', 'pending').execute();
  }
  await tx.deleteFrom('outbox').where('seq', '<=', input.lastMutationSeq).where('status', '=', 'pending').execute();
}

async function replayPending(tx: Transaction<ReplicaDatabase>, actor: MutationActor | null, now: string, tables: Set<ReplicaTableName>, log: Logger): Promise<number> {
  const pending = await tx.selectFrom('outbox').select(['seq', 'name', 'args']).where('status', '=', 'pending').orderBy('seq').execute();
  if (!actor) return pending.length;
  let failures = 0;
  for (const mutation of pending) {
    try {
      await runCaptured(tx, mutation.seq, mutation.name, JSON.parse(mutation.args), actor, now);
      for (const table of getMutator(mutation.name as MutatorName).writes) tables.add(table);
    } catch (error) {
      // The server has the last word: the mutation stays queued and its verdict comes back with a push.
      if (!(error instanceof MutationRejected)) log.warn(`sync: replaying ${mutation.name} #${mutation.seq} failed`, error);
      failures++;
    }
  }
  return failures;
}
