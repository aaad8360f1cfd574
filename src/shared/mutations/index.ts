import type { z } from 'zod';
import { conversationMutators } from './conversation-mutations';
import type { Mutator } from './define';
import { handoffMutators } from './handoff-mutations';
import { kbMutators } from './kb-mutations';
import { presenceMutators } from './presence-mutations';
import { ticketAdminMutators } from './ticket-admin-mutations';
import { replyRuleMutators, scriptMutators } from './script-mutations';
import { ticketMutators } from './ticket-mutations';

export * from './define';

/** Every mutation the sync protocol knows, by its `domain.verb` name. */
export const mutators = {
  ...conversationMutators,
  ...handoffMutators,
  ...presenceMutators,
  ...ticketMutators,
  ...ticketAdminMutators,
  ...scriptMutators,
  ...replyRuleMutators,
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

/**
 * The conversation a queued mutation belongs to, for telling the renderer which chats changed:
 * its id; null when the mutation writes no conversation's rows (its outbox entry concerns no
 * chat view); undefined when it cannot be told.
 */
export function mutationConversation(name: string, args: unknown): string | null | undefined {
  if (!isMutatorName(name)) return undefined;
  const mutator = getMutator(name);
  if (mutator.conversationOf) {
    const parsed = mutator.args.safeParse(args);
    return parsed.success ? mutator.conversationOf(parsed.data) : undefined;
  }
  return mutator.writes.some((table) => table === 'messages' || table === 'conversations') ? undefined : null;
}
