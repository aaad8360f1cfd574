import type { z } from 'zod';
import type { ReplicaTableName } from '../db/replica-schema';
import type { Channel } from './channel';
import { conversationChannels } from './conversations';
import { kbAdminChannels } from './kb-admin';
import { knowledgeChannels } from './knowledge';
import { replyChannels } from './reply';
import { sessionChannels } from './session';
import { settingsChannels } from './settings';
import { ticketChannels } from './tickets';

export * from './views';
export * from './tickets';
export { MAX_MESSAGE_LENGTH } from './conversations';

/** The whole API between renderer and main: every domain's channels merged into one map. */
export const contract = {
  ...sessionChannels,
  ...conversationChannels,
  ...knowledgeChannels,
  ...replyChannels,
  ...settingsChannels,
  ...ticketChannels,
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

/** Events main pushes to the renderer. */
export type CoreEvent = { type: 'tables.changed'; tables: ReplicaTableName[] };

/**
 * Errors cross the transport as plain data. `code` is stable for programs; `messageKey`
 * is an i18next key in the 'errors' namespace so the renderer can say it in the user's language.
 */
export interface ApiErrorData {
  code: 'invalid_input' | 'not_found' | 'rejected' | 'unknown_channel' | 'internal';
  messageKey: string;
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
