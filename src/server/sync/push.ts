import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DomainTables } from '../../shared/db/replica-schema';
import { getMutator, isMutatorName, MutationRejected, type Mutator, type MutatorName } from '../../shared/mutations';
import type { PushedMutation, PushRequest, PushResponse, PushResult } from '../../shared/sync/protocol';
import type { ServerDatabase } from '../db/schema';
import type { Store } from '../db/open-store';
import { audit, mutationTarget } from '../audit/audit-log';
import type { RoutingConfig } from '../routing/config';
import { ASSIGNING_MUTATIONS, handoffEffects } from '../routing/handoff-effects';
import { takeRoutingLock } from '../routing/work';
import type { TicketConfig } from '../tickets/config';
import { ticketEffects } from '../tickets/ticket-effects';
import { clientLastSeq, registerClient } from './clients';
import type { Viewer } from './scope';

export interface PushLog {
  error(message: string, error: unknown): void;
}

type Resolved = { name: MutatorName; mutator: Mutator<z.ZodType>; args: unknown } | { messageKey: string };

/** Unknown names and bad arguments are refused for good: sending them again cannot help. */
function resolve(mutation: PushedMutation): Resolved {
  if (!isMutatorName(mutation.name)) return { messageKey: 'errors:mutation.unknown' };
  const mutator = getMutator(mutation.name);
  const parsed = mutator.args.safeParse(mutation.args);
  return parsed.success ? { name: mutation.name, mutator, args: parsed.data } : { messageKey: 'errors:mutation.invalid_args' };
}

/**
 * Deterministic refusals: a retry would fail the same way, so they are recorded as rejections
 * rather than stopping the queue forever. A constraint violation (a client reusing a row id,
 * a reference to a row that does not exist) is as permanent as a MutationRejected.
 */
function permanentRefusal(error: unknown): string | null {
  if (error instanceof MutationRejected) return error.messageKey;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code))) return 'errors:mutation.conflict';
  return null;
}

type Claim = 'claimed' | 'duplicate' | 'gap';

/**
 * Takes ownership of `seq` inside the caller's transaction by advancing the client's last seq
 * from exactly seq - 1. On PostgreSQL a concurrent retry of the same seq blocks on the row
 * until this transaction ends and then finds last_seq moved: it answers duplicate, never
 * applies twice. A rollback un-claims.
 */
async function claim(tx: Transaction<ServerDatabase>, clientId: string, seq: number, nowIso: string): Promise<Claim> {
  const result = await tx
    .updateTable('clients')
    .set({ last_seq: seq, updated_at: nowIso })
    .where('client_id', '=', clientId)
    .where('last_seq', '=', seq - 1)
    .executeTakeFirst();
  if (result.numUpdatedRows === 1n) return 'claimed';
  const row = await tx.selectFrom('clients').select('last_seq').where('client_id', '=', clientId).executeTakeFirstOrThrow();
  return seq <= Number(row.last_seq) ? 'duplicate' : 'gap';
}

type Outcome = PushResult | { stop: 'gap' | 'transient' };

/** What the server decides after a mutator, beyond the mutator itself. */
export interface PushEffects {
  tickets: TicketConfig;
  routing: RoutingConfig;
}

/**
 * Applies the batch in order, each mutation in its own transaction with the same mutator code
 * the client ran optimistically, acting as the token's user at server time.
 */
export async function push(store: Store, viewer: Viewer, request: PushRequest, now: () => Date, log: PushLog, effects: PushEffects): Promise<PushResponse> {
  const { db } = store;
  await registerClient(db, request.clientId, viewer, now().toISOString());
  const results: PushResult[] = [];
  let stopped: PushResponse['stopped'];
  let wrote = false;
  try {
    for (const mutation of request.mutations) {
      const outcome = await applyOne(store, viewer, request.clientId, mutation, now().toISOString(), effects).catch((error: unknown): Outcome => {
        log.error(`push: ${mutation.name} (client ${request.clientId}, seq ${mutation.seq}) failed; the client will retry`, error);
        return { stop: 'transient' };
      });
      if ('stop' in outcome) {
        stopped = { seq: mutation.seq, reason: outcome.stop };
        break;
      }
      results.push(outcome);
      if (outcome.status !== 'duplicate') wrote = true;
    }
  } finally {
    if (wrote) await store.afterWrite();
  }
  const lastMutationSeq = await clientLastSeq(db, request.clientId);
  return stopped ? { lastMutationSeq, results, stopped } : { lastMutationSeq, results };
}

async function applyOne(store: Store, viewer: Viewer, clientId: string, mutation: PushedMutation, nowIso: string, effects: PushEffects): Promise<Outcome> {
  const { db } = store;
  const resolved = resolve(mutation);
  if ('messageKey' in resolved) return recordRejection(db, viewer, clientId, mutation, nowIso, resolved.messageKey);
  try {
    return await db.transaction().execute(async (tx): Promise<Outcome> => {
      const claimed = await claim(tx, clientId, mutation.seq, nowIso);
      if (claimed === 'duplicate') return { seq: mutation.seq, status: 'duplicate' };
      if (claimed === 'gap') return { stop: 'gap' };
      // Reading a colleague's load and giving them a chat must not interleave with a routing pass.
      if (ASSIGNING_MUTATIONS.has(resolved.name)) await takeRoutingLock(tx, store.dialect);
      await resolved.mutator.apply({ db: tx as unknown as Kysely<DomainTables>, actor: viewer, now: nowIso }, resolved.args);
      await ticketEffects(tx, resolved.name, resolved.args, nowIso, effects.tickets);
      await handoffEffects(tx, resolved.name, resolved.args, nowIso, effects.routing);
      await audit(tx, nowIso, { ...(await auditOf(tx, viewer, clientId, mutation, resolved.args)), outcome: 'applied' });
      return { seq: mutation.seq, status: 'applied' };
    });
  } catch (error) {
    const refusal = permanentRefusal(error);
    if (refusal === null) throw error;
    return recordRejection(db, viewer, clientId, mutation, nowIso, refusal);
  }
}

/** The mutator's writes were rolled back; the seq still advances so the queue moves on. */
function recordRejection(db: Kysely<ServerDatabase>, viewer: Viewer, clientId: string, mutation: PushedMutation, nowIso: string, messageKey: string): Promise<Outcome> {
  return db.transaction().execute(async (tx): Promise<Outcome> => {
    const claimed = await claim(tx, clientId, mutation.seq, nowIso);
    if (claimed === 'duplicate') return { seq: mutation.seq, status: 'duplicate' };
    if (claimed === 'gap') return { stop: 'gap' };
    await tx
      .insertInto('mutation_rejections')
      .values({ client_id: clientId, seq: mutation.seq, user_id: viewer.userId, name: mutation.name, message_key: messageKey, created_at: nowIso })
      .execute();
    // Refusals are evidence too: an agent trying a refund above their authority again and again.
    await audit(tx, nowIso, { ...(await auditOf(tx, viewer, clientId, mutation, mutation.args)), outcome: 'rejected', messageKey });
    return { seq: mutation.seq, status: 'rejected', messageKey };
  });
}

/** Every applied or refused mutation is an audit entry: the mutation names what was done, its arguments how. */
async function auditOf(db: Kysely<ServerDatabase>, viewer: Viewer, clientId: string, mutation: PushedMutation, args: unknown) {
  return {
    actorKind: 'user' as const,
    actorId: viewer.userId,
    actorRole: viewer.role,
    action: mutation.name,
    ...(await mutationTarget(db, mutation.name, args)),
    detail: args,
    clientId,
    seq: mutation.seq,
  };
}
