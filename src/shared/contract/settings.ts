import { z } from 'zod';
import { COMMAND_IDS } from '../console/commands';
import { parseChord } from '../console/key-chord';
import type { Channel as MessageChannel, ConversationStatus, OrderStatus, TicketPriority, TicketStatus } from '../domain/enums';
import { command, query } from './channel';
import { FONT_SIZE_RANGE, KB_FAVOURITES_MAX, THEMES, type UiSettingsView } from './values';

/**
 * Per-user UI settings of the console (key bindings, font size, theme, attention), kept in the
 * replica's local_settings table — the same API in Electron and the browser host.
 *
 * The console's read-only views that no other domain file offers yet (slot clocks, the customer
 * panel) ride along in this map so the contract index needs one line for the console; they move to
 * their domains' files when those grow them.
 */

export { DEFAULT_UI_SETTINGS, FONT_SIZE_RANGE, KB_FAVOURITES_MAX, THEMES, type Theme, type UiSettingsView } from './values';

const chordText = z
  .string()
  .min(1)
  .max(40)
  .refine((text) => parseChord(text, 'other') !== null, 'api.invalid_value');

/** One schema per setting: validates settings.set and, in main, each stored value on the way out. */
export const uiSettingSchemas = {
  keyBindings: z.partialRecord(z.enum(COMMAND_IDS), chordText.nullable()),
  fontSize: z.number().int().min(FONT_SIZE_RANGE.min).max(FONT_SIZE_RANGE.max),
  theme: z.enum(THEMES),
  sound: z.boolean(),
  notifications: z.boolean(),
  kbFavourites: z
    .array(z.string().min(1).max(100))
    .max(KB_FAVOURITES_MAX)
    .refine((ids) => new Set(ids).size === ids.length, 'api.invalid_value'),
} satisfies { [K in keyof UiSettingsView]: z.ZodType<UiSettingsView[K]> };

export type UiSettingKey = keyof UiSettingsView;
export const UI_SETTING_KEYS = Object.keys(uiSettingSchemas) as UiSettingKey[];

/** When an active chat started and whether the agent has answered it yet: slot order and SLA clocks. */
export interface SlotStateView {
  conversationId: string;
  startedAt: string;
  firstResponseAt: string | null;
}

/** The 360° panel. Phone, ID number and address arrive masked; the core never sends them whole. */
export interface CustomerPanelView {
  id: string;
  name: string;
  valueLevel: number;
  tags: string[];
  phoneMasked: string | null;
  idNumberMasked: string | null;
  addressMasked: string | null;
  /** Newest first; the first one fills {{orderNo}}. */
  orders: { id: string; orderNo: string; status: OrderStatus; amountFen: number; items: { name: string; quantity: number }[]; placedAt: string }[];
  /** `csatScore`: the customer's satisfaction answer for the chat (1–5), null until given. */
  conversations: { id: string; subject: string; channel: MessageChannel; status: ConversationStatus; lastMessageAt: string; csatScore: number | null }[];
  /** The closing survey's answer per ticket: CSAT 1–5, NPS 0–10, and when the customer confirmed. */
  tickets: {
    id: string;
    number: string | null;
    title: string;
    status: TicketStatus;
    priority: TicketPriority;
    createdAt: string;
    csatScore: number | null;
    npsScore: number | null;
    confirmedAt: string | null;
    updatedAt: string;
  }[];
}

const id = z.string().min(1).max(100);

export const settingsChannels = {
  // sync_state holds the signed-in user: a new sign-in must load that user's settings.
  'settings.get': query<UiSettingsView>()(z.object({}).default({}), ['sync_state']),
  'settings.set': command<UiSettingsView>()(z.strictObject(uiSettingSchemas).partial()),
  'console.slots': query<SlotStateView[]>()(z.object({}).default({}), ['conversations', 'sync_state']),
  'console.customer': query<CustomerPanelView>()(z.object({ customerId: id }), ['customers', 'orders', 'conversations', 'tickets']),
};
