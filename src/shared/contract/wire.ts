import type { ApiErrorData, CoreEvent } from './index';

/**
 * Frames of the WebSocket bridge between the renderer and the browser host. The Electron
 * transport carries the same requests over IPC; only the framing differs.
 */
export interface RequestFrame {
  id: number;
  channel: string;
  input: unknown;
}

export type ResponseFrame = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ApiErrorData };

export interface EventFrame {
  event: CoreEvent;
}

export type ServerFrame = ResponseFrame | EventFrame;

export const WS_PATH = '/api';
