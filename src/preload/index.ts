import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, type CoreEvent } from '../shared/contract/channel-routing';
import { BRIDGE_GLOBAL, IPC_EVENT, IPC_INVOKE, IPC_SHELL_ATTENTION, IPC_SHELL_NOTIFY, IPC_SHELL_OPEN_CHAT, type InvokeResult, type WorkstationBridge } from '../shared/contract/client';

const allowed = new Set<string>(CHANNEL_NAMES);

/**
 * Exactly the contract's channels and the shell's attention calls: the renderer gets no
 * ipcRenderer, no Node, nothing else. Main validates what arrives on every one of them.
 */
const bridge: WorkstationBridge = {
  invoke(channel, input) {
    if (!allowed.has(channel)) {
      return Promise.resolve<InvokeResult>({ ok: false, error: { code: 'unknown_channel', messageKey: 'errors:api.unknown_channel', detail: channel } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input) as Promise<InvokeResult>;
  },
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: CoreEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
  shell: {
    setAttention(attention) {
      ipcRenderer.send(IPC_SHELL_ATTENTION, attention);
    },
    notify(notification) {
      ipcRenderer.send(IPC_SHELL_NOTIFY, notification);
    },
    onOpenChat(listener) {
      const handler = (_event: IpcRendererEvent, conversationId: unknown) => {
        if (typeof conversationId === 'string') listener(conversationId);
      };
      ipcRenderer.on(IPC_SHELL_OPEN_CHAT, handler);
      return () => {
        ipcRenderer.removeListener(IPC_SHELL_OPEN_CHAT, handler);
      };
    },
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
