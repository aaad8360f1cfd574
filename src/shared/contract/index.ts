import type { z } from 'zod';
import type { Channel } from './channel';
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

export * from './api-error';
export * from './channel-routing';
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

export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ChannelArgs<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = Contract[K] extends Channel<z.ZodType, infer O> ? O : never;

/** What the renderer holds: one async function per channel. */
export type Api = { [K in ChannelName]: (input: ChannelInput<K>) => Promise<ChannelOutput<K>> };

/** What main implements: validated arguments in, the channel's output back. */
export type ApiHandlers = { [K in ChannelName]: (args: ChannelArgs<K>) => Promise<ChannelOutput<K>> };
