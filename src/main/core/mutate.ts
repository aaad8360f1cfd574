import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DomainTables, ReplicaDatabase, ReplicaTableName } from '../../shared/db/replica-schema';
import { getMutator, isMutatorName, MutationRejected, type MutationActor, type MutatorArgs, type MutatorName } from '../../shared/mutations';

export interface MutationOutcome {
  seq: number;
  tables: ReplicaTableName[];
}

/**
 * Runs a mutator against the replica with undo capture on, tagged with `seq`, so a later
 * rebase can take its effects back exactly. Must run inside a transaction.
 */
export async function runCaptured(tx: Transaction<ReplicaDatabase>, seq: number, name: string, args: unknown, actor: MutationActor, now: string): Promise<void> {
  // An outbox written by another version of the app may name a mutation this one lacks.
  if (!isMutatorName(name)) throw new MutationRejected('errors:mutation.unknown');
  const mutator = getMutator(name);
  await sql`update undo_capture set mutation_seq = ${seq} where id = 1`.execute(tx);
  try {
    await mutator.apply({ db: tx as unknown as Kysely<DomainTables>, actor, now }, mutator.args.parse(args));
  } finally {
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(tx);
  }
}

/**
 * Applies a mutation optimistically to the replica and queues it for the server in the same
 * transaction: either both happen or neither, so nothing the agent did can be shown locally
 * and then silently never sent.
 */
export async function applyLocalMutation<K extends MutatorName>(
  db: Kysely<ReplicaDatabase>,
  actor: MutationActor,
  now: string,
  name: K,
  args: MutatorArgs<K>,
): Promise<MutationOutcome> {
  const mutator = getMutator(name);
  const validArgs = mutator.args.parse(args);
  const seq = await db.transaction().execute(async (tx) => {
    const { seq } = await tx
      .insertInto('outbox')
      .values({ mutation_id: crypto.randomUUID(), name, args: JSON.stringify(validArgs), created_at: now, status: 'pending', error: null })
      .returning('seq')
      .executeTakeFirstOrThrow();
    await runCaptured(tx, seq, name, validArgs, actor, now);
    return seq;
  });
  return { seq, tables: [...mutator.writes, 'outbox'] };
}

export type BatchItemOutcome =
  | { kind: 'applied'; seq: number; tables: ReplicaTableName[]; inserted: ReplicaTableName[] }
  /** Ran but changed nothing: not queued, the server has nothing to do for it either. */
  | { kind: 'unchanged' }
  | { kind: 'refused'; messageKey: string };

class BatchRefused extends Error {}

/**
 * Applies many mutations as one: each is queued and run as applyLocalMutation does, but all in
 * one transaction, so a refusal anywhere leaves the replica and its outbox untouched. Every item
 * is tried (each in a savepoint), so the caller learns every refusal at once, not just the first.
 * Returns whether the batch was committed and what each item did (`inserted`: tables where it
 * created rows, read from its undo images).
 */
export async function applyLocalMutationsAtomically(
  db: Kysely<ReplicaDatabase>,
  actor: MutationActor,
  now: string,
  batch: readonly { name: MutatorName; args: unknown }[],
): Promise<{ committed: boolean; outcomes: BatchItemOutcome[] }> {
  const outcomes: BatchItemOutcome[] = [];
  try {
    await db.transaction().execute(async (tx) => {
      for (const { name, args } of batch) {
        const mutator = getMutator(name);
        await sql`savepoint batch_item`.execute(tx);
        try {
          const validArgs = mutator.args.parse(args);
          const { seq } = await tx
            .insertInto('outbox')
            .values({ mutation_id: crypto.randomUUID(), name, args: JSON.stringify(validArgs), created_at: now, status: 'pending', error: null })
            .returning('seq')
            .executeTakeFirstOrThrow();
          await runCaptured(tx, seq, name, validArgs, actor, now);
          const images = await tx.selectFrom('undo_log').select(['table_name', 'old_row']).where('mutation_seq', '=', seq).execute();
          if (images.length === 0) {
            await sql`rollback to batch_item`.execute(tx);
            outcomes.push({ kind: 'unchanged' });
          } else {
            const inserted = images.filter((i) => i.old_row === null).map((i) => i.table_name as ReplicaTableName);
            outcomes.push({ kind: 'applied', seq, tables: [...mutator.writes, 'outbox'], inserted });
          }
        } catch (error) {
          if (!(error instanceof MutationRejected) && !(error instanceof z.ZodError)) throw error;
          await sql`rollback to batch_item`.execute(tx);
          outcomes.push({ kind: 'refused', messageKey: error instanceof MutationRejected ? error.messageKey : 'errors:mutation.invalid_args' });
        }
        await sql`release batch_item`.execute(tx);
      }
      if (outcomes.some((o) => o.kind === 'refused')) throw new BatchRefused();
    });
  } catch (error) {
    if (!(error instanceof BatchRefused)) throw error;
    return { committed: false, outcomes };
  }
  return { committed: true, outcomes };
}
