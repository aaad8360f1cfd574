import type { ShellBridge } from './shell';
import { ApiError, type ApiErrorData } from './api-error';
import { CHANNEL_NAMES, type CoreEvent } from './channel-routing';
import type { Api, ChannelName } from './index';

export type InvokeResult = { ok: true; result: unknown } | { ok: false; error: ApiErrorData };

/** What a transport must provide: Electron's preload bridge and the WebSocket client both do. */
export interface Transport {
  invoke(channel: ChannelName, input: unknown): Promise<InvokeResult>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
}

export interface ApiClient {
  api: Api;
  onEvent(listener: (event: CoreEvent) => void): () => void;
}

export function createApiClient(transport: Transport): ApiClient {
  const api = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [
      channel,
      async (input: unknown) => {
        const response = await transport.invoke(channel, input);
        if (!response.ok) throw new ApiError(response.error);
        return response.result;
      },
    ]),
  ) as Api;
  return { api, onEvent: (listener) => transport.onEvent(listener) };
}

/** The object the Electron preload puts on window: the contract, and the shell's attention calls. */
export interface WorkstationBridge {
  invoke(channel: string, input: unknown): Promise<InvokeResult>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
  shell?: ShellBridge;
}

export const BRIDGE_GLOBAL = 'workstation';
export const IPC_INVOKE = 'api:invoke';
export const IPC_EVENT = 'api:event';
/** The shell's own messages (./shell.ts): kept here, beside the API's, so the preload needs no schema. */
export const IPC_SHELL_ATTENTION = 'shell:attention';
export const IPC_SHELL_NOTIFY = 'shell:notify';
export const IPC_SHELL_OPEN_CHAT = 'shell:open-chat';
