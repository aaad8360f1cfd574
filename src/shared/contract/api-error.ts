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
