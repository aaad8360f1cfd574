/** The console window's size when the desktop shell opens it; the console bench renders at the same size. */
export const CONSOLE_WINDOW_SIZE = { width: 1280, height: 800 } as const;
