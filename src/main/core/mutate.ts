import { sql, type Kysely, type Transaction } from 'kysely';
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
