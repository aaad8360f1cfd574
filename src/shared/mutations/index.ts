import type { z } from 'zod';
import { conversationMutators } from './conversation-mutations';
import type { Mutator } from './define';
import { kbMutators } from './kb-mutations';
import { presenceMutators } from './presence-mutations';
import { ticketMutators } from './ticket-mutations';

export * from './define';

/** Every mutation the sync protocol knows, by its `domain.verb` name. */
export const mutators = {
  ...conversationMutators,
  ...presenceMutators,
  ...ticketMutators,
  ...kbMutators,
};

export type MutatorName = keyof typeof mutators;
export type MutatorArgs<K extends MutatorName> = z.output<(typeof mutators)[K]['args']>;

export function isMutatorName(name: string): name is MutatorName {
  return Object.prototype.hasOwnProperty.call(mutators, name);
}

export function getMutator(name: MutatorName): Mutator<z.ZodType> {
  return mutators[name] as Mutator<z.ZodType>;
}
