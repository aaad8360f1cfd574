import type { ReplicaTableName } from '../db/replica-schema';
import { CONVERSATION_SCOPED_TABLES } from './channel';
import { CHANNEL_ROUTES } from './channel-routes';
import type { ChannelName } from './index';

/**
 * Which channels exist and which replica tables each one reads, without their schemas: the
 * renderer and the preload route calls and "tables changed" events with this, so neither loads
 * zod nor builds every channel's schema (~3 MB of the console's renderer).
 */
export interface ChannelRoute {
  readonly reads: readonly ReplicaTableName[];
  /** See `Channel.conversationScoped` (./channel.ts). */
  readonly conversationScoped?: true;
}

export const CHANNEL_NAMES = Object.keys(CHANNEL_ROUTES) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CHANNEL_ROUTES, name);
}

/**
 * Events main pushes to the renderer. `conversations`, when present, names every conversation
 * whose rows in the conversation-scoped tables changed; absent, any of them may have.
 */
export type CoreEvent = { type: 'tables.changed'; tables: ReplicaTableName[]; conversations?: string[] };

const scopedTables: readonly ReplicaTableName[] = CONVERSATION_SCOPED_TABLES;

/**
 * Whether a "tables changed" event can change the answer of `channel` for `input`: it read one of
 * the tables, and — for a conversation-scoped channel told which conversations changed — either
 * a table outside the scoped ones changed or its own conversation is among them. A new message in
 * one chat thus refetches that chat's history, not every open slot's.
 */
export function eventAffects(event: CoreEvent, name: ChannelName, input: unknown): boolean {
  const channel: ChannelRoute = CHANNEL_ROUTES[name];
  const touched = channel.reads.filter((table) => event.tables.includes(table));
  if (touched.length === 0) return false;
  if (!channel.conversationScoped || event.conversations === undefined) return true;
  if (touched.some((table) => !scopedTables.includes(table))) return true;
  const conversationId = typeof input === 'object' && input !== null ? (input as { conversationId?: unknown }).conversationId : undefined;
  return typeof conversationId !== 'string' || event.conversations.includes(conversationId);
}
