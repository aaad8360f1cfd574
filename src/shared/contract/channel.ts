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
  /** Never set at runtime; carries the output type. */
  readonly output?: O;
}

export function query<O>() {
  return <I extends z.ZodType>(input: I, reads: readonly ReplicaTableName[]): Channel<I, O> => ({ input, reads });
}

/** Commands change data; they read nothing that a query should be refetched for. */
export function command<O>() {
  return <I extends z.ZodType>(input: I): Channel<I, O> => ({ input, reads: [] });
}
