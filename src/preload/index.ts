import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, type CoreEvent } from '../shared/contract';
import { BRIDGE_GLOBAL, IPC_EVENT, IPC_INVOKE, type InvokeResult, type WorkstationBridge } from '../shared/contract/client';

const allowed = new Set<string>(CHANNEL_NAMES);

/** Exactly the contract's channels: the renderer gets no ipcRenderer, no Node, nothing else. */
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
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
