import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { DomainTables, ReplicaDatabase, ReplicaTableName } from '../../shared/db/replica-schema';
import { getMutator, type MutationActor, type MutatorArgs, type MutatorName } from '../../shared/mutations';

export interface MutationOutcome {
  mutationId: string;
  tables: ReplicaTableName[];
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
  const mutationId = uuidv7();
  await db.transaction().execute(async (tx) => {
    await mutator.apply({ db: tx as unknown as Kysely<DomainTables>, actor, now }, validArgs);
    await tx
      .insertInto('outbox')
      .values({ mutation_id: mutationId, name, args: JSON.stringify(validArgs), created_at: now, status: 'pending', error: null })
      .execute();
  });
  return { mutationId, tables: [...mutator.writes, 'outbox'] };
}
