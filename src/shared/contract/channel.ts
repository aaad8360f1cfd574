import type { z } from 'zod';
import type { ReplicaTableName } from '../db/replica-schema';

/**
 * One API channel: its input schema (validated in main for every call, whatever the
 * transport) and, as a phantom type, its output. `reads` lists the replica tables a query
 * depends on, so the renderer can refetch exactly what a "tables changed" event touches.
 */
export interface Channel<I extends z.ZodType, O> {
  readonly input: I;
  readonly reads: readonly ReplicaTableName[];
  /**
   * The answer for input `conversationId` X depends, in the conversation-scoped tables
   * (`CONVERSATION_SCOPED_TABLES`), only on X's rows: its messages, its conversation row and the
   * outbox entries of mutations made in X. A change event that names the conversations it touched
   * then refetches this query only for those.
   */
  readonly conversationScoped?: true;
  /** Never set at runtime; carries the output type. */
  readonly output?: O;
}

export function query<O>() {
  return <I extends z.ZodType>(input: I, reads: readonly ReplicaTableName[], options?: { conversationScoped: true }): Channel<I, O> =>
    options ? { input, reads, conversationScoped: options.conversationScoped } : { input, reads };
}

/** Tables whose rows each belong to one conversation (for the outbox: the conversation a mutation was made in). */
export const CONVERSATION_SCOPED_TABLES = ['messages', 'conversations', 'outbox'] as const satisfies readonly ReplicaTableName[];

/** Commands change data; they read nothing that a query should be refetched for. */
export function command<O>() {
  return <I extends z.ZodType>(input: I): Channel<I, O> => ({ input, reads: [] });
}
