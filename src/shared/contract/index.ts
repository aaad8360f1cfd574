import type { z } from 'zod';
import type { ReplicaTableName } from '../db/replica-schema';
import { CONVERSATION_SCOPED_TABLES, type Channel } from './channel';
import { conversationChannels } from './conversations';
import { handoffChannels } from './handoff';
import { kbAdminChannels } from './kb-admin';
import { knowledgeChannels } from './knowledge';
import { replyChannels } from './reply';
import { scriptChannels } from './scripts';
import { sessionChannels } from './session';
import { settingsChannels } from './settings';
import { ticketAdminChannels } from './ticket-admin';
import { ticketChannels } from './tickets';

export * from './views';
export * from './tickets';
export * from './ticket-admin';
export * from './handoff';
export { MAX_MESSAGE_LENGTH } from './conversations';

/** The whole API between renderer and main: every domain's channels merged into one map. */
export const contract = {
  ...sessionChannels,
  ...conversationChannels,
  ...knowledgeChannels,
  ...replyChannels,
  ...settingsChannels,
  ...ticketChannels,
  ...ticketAdminChannels,
  ...handoffChannels,
  ...scriptChannels,
  ...kbAdminChannels,
};

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- inference helper over any channel
type AnyChannel = Channel<z.ZodType, any>;
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ChannelArgs<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = Contract[K] extends Channel<z.ZodType, infer O> ? O : never;

/** What the renderer holds: one async function per channel. */
export type Api = { [K in ChannelName]: (input: ChannelInput<K>) => Promise<ChannelOutput<K>> };

/** What main implements: validated arguments in, the channel's output back. */
export type ApiHandlers = { [K in ChannelName]: (args: ChannelArgs<K>) => Promise<ChannelOutput<K>> };

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export function channelReads(name: ChannelName): readonly ReplicaTableName[] {
  return (contract[name] as AnyChannel).reads;
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
  const channel = contract[name] as AnyChannel;
  const touched = channel.reads.filter((table) => event.tables.includes(table));
  if (touched.length === 0) return false;
  if (!channel.conversationScoped || event.conversations === undefined) return true;
  if (touched.some((table) => !scopedTables.includes(table))) return true;
  const conversationId = typeof input === 'object' && input !== null ? (input as { conversationId?: unknown }).conversationId : undefined;
  return typeof conversationId !== 'string' || event.conversations.includes(conversationId);
}

/**
 * Errors cross the transport as plain data. `code` is stable for programs; `messageKey`
 * is an i18next key in the 'errors' namespace so the renderer can say it in the user's language.
 */
export interface ApiErrorData {
  code: 'invalid_input' | 'not_found' | 'rejected' | 'unknown_channel' | 'internal';
  messageKey: string;
  /** Interpolation values of messageKey, when the message names what was refused. */
  messageParams?: Record<string, string | number>;
  detail?: string;
  issues?: { path: (string | number)[]; messageKey: string }[];
}

export class ApiError extends Error {
  readonly data: ApiErrorData;
  constructor(data: ApiErrorData) {
    super(data.detail ?? data.messageKey);
    this.name = 'ApiError';
    this.data = data;
  }
}
