import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { PullRequest, PullResponse, RowChange } from '../../shared/sync/protocol';
import type { ServerDatabase } from '../db/schema';
import type { Store } from '../db/open-store';
import { highWaterMark, purgedThrough, tagsMatch } from './change-log';
import { clientLastSeq } from './clients';
import { scopeChangeTag, SYNCED_TABLE_NAMES, SYNCED_TABLES, viewerTags, visibleTo, type SyncedTable, type Viewer } from './scope';

type Db = Kysely<ServerDatabase>;
type Row = Record<string, unknown>;
type ChangesPage = Extract<PullResponse, { kind: 'changes' }>;

/**
 * Where an interrupted bootstrap resumes: snapshot change number `s`, table index `t`, the
 * last row sent `k` (its SyncedTable.order values); `n` rows in scope at the start and `d`
 * sent so far feed the progress bar. Tampering gains nothing: scope is re-evaluated on every
 * page. Version 1 tokens held key values where `k` now holds order values: they reset.
 */
const bootstrapStateSchema = z.object({
  v: z.literal(2),
  u: z.string(),
  s: z.number().int().nonnegative(),
  t: z.number().int().nonnegative(),
  k: z.array(z.string()).nullable(),
  n: z.number().int().nonnegative(),
  d: z.number().int().nonnegative(),
});
type BootstrapState = z.infer<typeof bootstrapStateSchema>;

const encodeBootstrap = (state: BootstrapState) => Buffer.from(JSON.stringify(state)).toString('base64url');

function decodeBootstrap(token: string): BootstrapState | null {
  try {
    const parsed = bootstrapStateSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function pull(store: Store, viewer: Viewer, request: PullRequest): Promise<PullResponse> {
  const run = (tx: Db) => pullInSnapshot(tx, viewer, request);
  // One snapshot for the whole page: the rows sent agree with each other and with the cursor.
  if (store.dialect === 'postgres') return store.readDb.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(run);
  // On SQLite a read transaction sees one committed state from its first read to its end, so
  // the high-water mark read first covers every row the page reads. There is one writer at a
  // time, so that state holds every change numbered up to the mark and nothing half-done.
  return store.readDb.transaction().execute(run);
}

async function pullInSnapshot(db: Db, viewer: Viewer, request: PullRequest): Promise<PullResponse> {
  const hwm = await highWaterMark(db);
  const floor = await purgedThrough(db);
  let resumed: BootstrapState | null = null;
  if (request.bootstrap !== null) {
    resumed = decodeBootstrap(request.bootstrap);
    // A token this server cannot continue (altered, another user's, from another database):
    // starting over is the one answer that always lets the client make progress.
    if (!resumed || resumed.u !== viewer.userId || (request.cursor !== null && request.cursor !== resumed.s)) return { kind: 'reset', reason: 'cursor_expired' };
  }
  const since = resumed ? resumed.s : request.cursor;
  if (since !== null) {
    if (since < floor || since > hwm) return { kind: 'reset', reason: 'cursor_expired' };
    if (await scopeChangedSince(db, viewer, since, hwm)) return { kind: 'reset', reason: 'scope_changed' };
  }
  const lastMutationSeq = await clientLastSeq(db, request.clientId);
  if (since === null || resumed) {
    // A replica being (re)built may have lost what it knew: it hears of every retained rejection.
    const rejected = await rejectionsSince(db, request.clientId, 0, hwm);
    const page = await bootstrapPage(db, viewer, resumed ?? (await startBootstrap(db, viewer, hwm)), request.limit);
    return { ...page, lastMutationSeq, rejected };
  }
  // A client has received every rejection numbered at or below the cursor it sends back.
  const rejected = await rejectionsSince(db, request.clientId, since, hwm);
  return { ...(await catchUp(db, viewer, since, hwm, request.limit)), lastMutationSeq, rejected };
}

async function scopeChangedSince(db: Db, viewer: Viewer, since: number, hwm: number): Promise<boolean> {
  const hit = await db
    .selectFrom('change_log')
    .select('change_no')
    .where('change_no', '>', since)
    .where('change_no', '<=', hwm)
    .where(tagsMatch([scopeChangeTag(viewer)]))
    .limit(1)
    .executeTakeFirst();
  return hit !== undefined;
}

async function rejectionsSince(db: Db, clientId: string, since: number, hwm: number): Promise<{ seq: number; messageKey: string }[]> {
  const rows = await sql<{ seq: number; message_key: string }>`
    select mr.seq, mr.message_key from change_log cl
    join mutation_rejections mr on mr.client_id = cl.row_id and cast(mr.seq as text) = cl.row_id2
    where cl.tbl = 'mutation_rejections' and cl.row_id = ${clientId} and cl.change_no > ${since} and cl.change_no <= ${hwm}
    order by mr.seq`.execute(db);
  return rows.rows.map((r) => ({ seq: Number(r.seq), messageKey: r.message_key }));
}

type Page = Omit<ChangesPage, 'lastMutationSeq' | 'rejected'>;

async function startBootstrap(db: Db, viewer: Viewer, snapshot: number): Promise<BootstrapState> {
  let total = 0;
  for (const spec of SYNCED_TABLES) {
    const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(spec.table)} r where ${visibleTo(spec.table, viewer)}`.execute(db);
    total += Number(result.rows[0]?.n ?? 0);
  }
  return { v: 2, u: viewer.userId, s: snapshot, t: 0, k: null, n: total, d: 0 };
}

const columnList = (columns: readonly string[]) => sql.join(columns.map((c) => sql.ref(`r.${c}`)));
const keyColumns = (spec: SyncedTable) => columnList(spec.key);

/** Keyset pagination; row values compare column by column on SQLite and PostgreSQL alike. */
function afterRow(spec: SyncedTable, last: string[] | null): RawBuilder<boolean> {
  if (!last) return sql<boolean>`1 = 1`;
  return sql<boolean>`(${columnList(spec.order)}) > (${sql.join(last)})`;
}

const keyValues = (spec: SyncedTable, row: Row) => spec.key.map((c) => String(row[c]));
const orderValues = (spec: SyncedTable, row: Row) => spec.order.map((c) => String(row[c]));
const keyRecord = (spec: SyncedTable, values: readonly string[]) => Object.fromEntries(spec.key.map((c, i) => [c, values[i] ?? '']));

/**
 * One page of a bootstrap: rows in scope, table by table in SyncedTable.order. Rows are read
 * as they are now, which may be newer than the snapshot; catching up from the snapshot
 * afterwards re-examines every row changed since, so the replica converges either way.
 */
async function bootstrapPage(db: Db, viewer: Viewer, state: BootstrapState, limit: number): Promise<Page> {
  const changes: RowChange[] = [];
  let { t, k } = state;
  for (let spec = SYNCED_TABLES[t]; spec && changes.length < limit; spec = SYNCED_TABLES[t]) {
    const want = limit - changes.length;
    // A table walked parent by parent starts at the parent of the last row sent.
    const fromParent = spec.order !== spec.key && k ? (k[0] ?? null) : null;
    const rows = await sql<Row>`select r.* from ${sql.table(spec.table)} r
      where ${visibleTo(spec.table, viewer, { kind: 'scan', fromParent })} and ${afterRow(spec, k)} order by ${columnList(spec.order)} limit ${want}`.execute(db);
    for (const row of rows.rows) changes.push({ table: spec.table, op: 'put', key: keyRecord(spec, keyValues(spec, row)), row });
    const last = rows.rows.at(-1);
    if (rows.rows.length < want || !last) {
      t += 1;
      k = null;
    } else {
      k = orderValues(spec, last);
    }
  }
  const sent = state.d + changes.length;
  const done = t >= SYNCED_TABLES.length;
  return {
    kind: 'changes',
    changes,
    cursor: state.s,
    bootstrap: done ? null : encodeBootstrap({ ...state, t, k, d: sent }),
    // Even the last page says more: the changes since the snapshot are still to come.
    more: true,
    remaining: done ? 0 : Math.max(0, state.n - sent),
  };
}

/**
 * Changes after `cursor` that may concern the viewer, at most `limit` entries. The log says
 * which rows to look at; each row's current state decides put (in scope) or delete (gone, or
 * out of scope — a conversation reassigned away, a script unpublished).
 */
async function catchUp(db: Db, viewer: Viewer, cursor: number, hwm: number, limit: number): Promise<Page> {
  const tags = await viewerTags(db, viewer);
  let query = db
    .selectFrom('change_log')
    .select(['change_no', 'tbl', 'row_id', 'row_id2'])
    .where('change_no', '>', cursor)
    .where('change_no', '<=', hwm)
    .where('tbl', 'in', SYNCED_TABLE_NAMES);
  if (tags) query = query.where(tagsMatch(tags));
  const entries = await query.orderBy('change_no').limit(limit + 1).execute();
  const more = entries.length > limit;
  const page = entries.slice(0, limit);
  const next = more ? Number(page.at(-1)?.change_no ?? hwm) : hwm;
  return { kind: 'changes', changes: await currentState(db, viewer, page), cursor: next, bootstrap: null, more };
}

const KEYS_PER_QUERY = 400;

async function currentState(db: Db, viewer: Viewer, entries: { tbl: string; row_id: string; row_id2: string | null }[]): Promise<RowChange[]> {
  const keysByTable = new Map<string, Map<string, string[]>>();
  for (const entry of entries) {
    const keys = keysByTable.get(entry.tbl) ?? new Map<string, string[]>();
    keysByTable.set(entry.tbl, keys);
    const values = entry.row_id2 === null ? [entry.row_id] : [entry.row_id, entry.row_id2];
    keys.set(JSON.stringify(values), values);
  }
  const puts: RowChange[] = [];
  const deletes: RowChange[][] = [];
  for (const spec of SYNCED_TABLES) {
    const keys = [...(keysByTable.get(spec.table)?.entries() ?? [])];
    const tableDeletes: RowChange[] = [];
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      const chunk = keys.slice(i, i + KEYS_PER_QUERY);
      const rows = await sql<Row>`select r.* from ${sql.table(spec.table)} r
        where ${keyIn(spec, chunk.map(([, values]) => values))} and ${visibleTo(spec.table, viewer, { kind: 'lookup' })}`.execute(db);
      const found = new Map(rows.rows.map((row) => [JSON.stringify(keyValues(spec, row)), row]));
      for (const [id, values] of chunk) {
        const row = found.get(id);
        const key = keyRecord(spec, values);
        if (row) puts.push({ table: spec.table, op: 'put', key, row });
        else tableDeletes.push({ table: spec.table, op: 'delete', key });
      }
    }
    deletes.push(tableDeletes);
  }
  // Children are deleted before their parents and parents put before their children, so
  // whatever a page moves in or out of scope arrives in an order a replica can apply.
  return [...deletes.reverse().flat(), ...puts];
}

function keyIn(spec: SyncedTable, keys: string[][]): RawBuilder<boolean> {
  if (spec.key.length === 1) return sql<boolean>`${keyColumns(spec)} in (${sql.join(keys.map((k) => k[0]))})`;
  return sql<boolean>`(${keyColumns(spec)}) in (values ${sql.join(keys.map((k) => sql`(${sql.join(k)})`))})`;
}
