import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DomainTableName, DomainTables } from '../db/replica-schema';
import type { Role } from '../domain/enums';

export interface MutationActor {
  userId: string;
  role: Role;
}

/**
 * Everything a mutator may use. The same mutator runs optimistically on the desktop
 * replica and authoritatively on the central server, so it sees only the domain tables
 * (present on both) and takes time from the context, never from a clock of its own.
 */
export interface MutationContext {
  db: Kysely<DomainTables>;
  actor: MutationActor;
  now: string;
}

/** A refusal the user must see (state machine, permission, authority limit): not a crash. */
export class MutationRejected extends Error {
  readonly messageKey: string;
  /** Values the message names (the word refused, the group it is already in). */
  readonly messageParams: Record<string, string | number> | undefined;
  constructor(messageKey: string, detail?: string, messageParams?: Record<string, string | number>) {
    super(detail ?? messageKey);
    this.name = 'MutationRejected';
    this.messageKey = messageKey;
    this.messageParams = messageParams;
  }
}

export interface Mutator<S extends z.ZodType> {
  readonly args: S;
  /** Domain tables this mutator may change; drives "tables changed" events. */
  readonly writes: readonly DomainTableName[];
  /**
   * The one conversation whose rows this mutation writes (and so whose chat views it changes).
   * Without it, a mutation writing messages or conversations is taken to touch any of them.
   */
  conversationOf?(args: z.output<S>): string;
  apply(ctx: MutationContext, args: z.output<S>): Promise<void>;
}

export function defineMutator<S extends z.ZodType>(mutator: Mutator<S>): Mutator<S> {
  return mutator;
}
