import type { KeyBindingOverrides } from '../console/commands';

/**
 * The contract's plain values — field limits, option lists, defaults — apart from its schemas,
 * so that the renderer can show and check them without loading zod and building every channel's
 * schema (~3 MB of the console's renderer). The domain files re-export what is theirs.
 */

export const KB_TITLE_MAX = 200;
export const KB_BODY_MAX = 20_000;
export const KB_NOTES_MAX = 5_000;
export const KB_LIST_MAX = 50;
export const KB_NOTE_MAX = 2_000;
/** Rows the management list shows at most; narrower filters find the rest. */
export const KB_ADMIN_LIST_LIMIT = 300;
/** External pages over http(s), or another article written /kb/<article id> (the KB panel opens those). */
export const KB_LINK_URL = /^(https?:\/\/\S+|\/kb\/[^/?#\s]+)$/;
export const KB_ADMIN_FILTERS = ['all', 'due', 'review', 'drafts', 'feedback'] as const;
export type KbAdminFilter = (typeof KB_ADMIN_FILTERS)[number];

export const KB_QUERY_MAX_LENGTH = 200;

export const TICKET_TITLE_MAX = 200;
export const TICKET_DESCRIPTION_MAX = 5000;

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const FONT_SIZE_RANGE = { min: 12, max: 22 } as const;

export interface UiSettingsView {
  /** Only the agent's changes to the default keys (src/shared/console/commands.ts). */
  keyBindings: KeyBindingOverrides;
  fontSize: number;
  theme: Theme;
  /** A short sound when a customer writes in a background slot or a chat arrives. */
  sound: boolean;
  /** An OS notification for the same, when the window is not in front. */
  notifications: boolean;
  /** The agent's favourite knowledge-base articles, newest first: this desktop only, never synced. */
  kbFavourites: string[];
}

export const DEFAULT_UI_SETTINGS: UiSettingsView = { keyBindings: {}, fontSize: 14, theme: 'system', sound: true, notifications: false, kbFavourites: [] };
export const KB_FAVOURITES_MAX = 100;
