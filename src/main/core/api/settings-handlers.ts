import type { ApiHandlers } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import {
  DEFAULT_UI_SETTINGS,
  UI_SETTING_KEYS,
  uiSettingSchemas,
  type CustomerPanelView,
  type UiSettingKey,
  type UiSettingsView,
} from '../../../shared/contract/settings';
import { COMMAND_IDS, overrideProblems, type KeyBindingOverrides } from '../../../shared/console/commands';
import { normaliseChord, type Platform } from '../../../shared/console/key-chord';
import { maskAddress, maskIdNumber, maskPhone } from '../../../shared/console/mask';
import { parseJsonArray, type HandlerContext } from './context';

type SettingsHandlers = Pick<ApiHandlers, 'settings.get' | 'settings.set' | 'console.slots' | 'console.customer'>;

/**
 * Which modifier "Mod" means and which chords the OS keeps depend on the platform. The renderer
 * runs on this machine too (Electron, or the host on 127.0.0.1), so this process's platform is theirs.
 */
const PLATFORM: Platform = process.platform === 'darwin' ? 'mac' : 'other';

export function settingsHandlers(ctx: HandlerContext): SettingsHandlers {
  const { db } = ctx;

  async function readSettings(userId: string): Promise<UiSettingsView> {
    const stored = await ctx.settings.read(userId);
    const settings: UiSettingsView = { ...DEFAULT_UI_SETTINGS };
    for (const [storedKey, value] of Object.entries(stored)) {
      if (!(UI_SETTING_KEYS as string[]).includes(storedKey)) continue;
      const key = storedKey as UiSettingKey;
      const parsed = uiSettingSchemas[key].safeParse(JSON.parse(value));
      // A value that no longer fits (an older version wrote it) falls back to the default.
      if (parsed.success) Object.assign(settings, { [key]: parsed.data });
    }
    return settings;
  }

  function canonicalBindings(overrides: KeyBindingOverrides): KeyBindingOverrides {
    const problems = overrideProblems(overrides, PLATFORM);
    if (problems.length > 0) {
      throw new ApiError({
        code: 'invalid_input',
        messageKey: 'errors:api.invalid_input',
        detail: problems.map((p) => `${p.command}: ${p.problem.kind}`).join('; '),
        issues: problems.map((p) => ({ path: ['keyBindings', p.command], messageKey: 'errors:api.invalid_value' })),
      });
    }
    const canonical: KeyBindingOverrides = {};
    for (const id of COMMAND_IDS) {
      const chord = overrides[id];
      if (chord !== undefined) canonical[id] = chord === null ? null : normaliseChord(chord, PLATFORM);
    }
    return canonical;
  }

  return {
    async 'settings.get'() {
      const { userId } = await ctx.actor();
      return readSettings(userId);
    },

    async 'settings.set'(patch) {
      const { userId } = await ctx.actor();
      const values: Partial<UiSettingsView> = { ...patch };
      if (patch.keyBindings !== undefined) values.keyBindings = canonicalBindings(patch.keyBindings);
      const entries = Object.fromEntries(UI_SETTING_KEYS.filter((key) => values[key] !== undefined).map((key) => [key, JSON.stringify(values[key])]));
      await ctx.settings.write(userId, entries, ctx.clock.now().toISOString());
      return readSettings(userId);
    },

    async 'console.slots'() {
      const { userId } = await ctx.actor();
      const rows = await db
        .selectFrom('conversations')
        .select(['id', 'created_at', 'first_response_at'])
        .where('assignee_id', '=', userId)
        .where('status', '=', 'active')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ conversationId: r.id, startedAt: r.created_at, firstResponseAt: r.first_response_at }));
    },

    async 'console.customer'({ customerId }) {
      const customer = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
      if (!customer) throw new ApiError({ code: 'not_found', messageKey: 'errors:api.invalid_value' });
      const [orders, conversations, tickets] = await Promise.all([
        db.selectFrom('orders').selectAll().where('customer_id', '=', customerId).orderBy('placed_at', 'desc').execute(),
        db
          .selectFrom('conversations')
          .select(['id', 'subject', 'channel', 'status', 'last_message_at', 'csat_score'])
          .where('customer_id', '=', customerId)
          .orderBy('last_message_at', 'desc')
          .execute(),
        db
          .selectFrom('tickets')
          .select(['id', 'number', 'title', 'status', 'priority', 'created_at', 'csat_score', 'nps_score', 'confirmed_at', 'updated_at'])
          .where('customer_id', '=', customerId)
          .orderBy('created_at', 'desc')
          .execute(),
      ]);
      const view: CustomerPanelView = {
        id: customer.id,
        name: customer.name,
        valueLevel: customer.value_level,
        tags: parseJsonArray(customer.tags),
        phoneMasked: maskPhone(customer.phone),
        idNumberMasked: maskIdNumber(customer.id_number),
        addressMasked: maskAddress(customer.address),
        orders: orders.map((o) => ({
          id: o.id,
          orderNo: o.order_no,
          status: o.status,
          amountFen: o.amount_fen,
          items: parseItems(o.items),
          placedAt: o.placed_at,
        })),
        conversations: conversations.map((c) => ({ id: c.id, subject: c.subject, channel: c.channel, status: c.status, lastMessageAt: c.last_message_at, csatScore: c.csat_score })),
        tickets: tickets.map((t) => ({
          id: t.id,
          number: t.number,
          title: t.title,
          status: t.status,
          priority: t.priority,
          createdAt: t.created_at,
          csatScore: t.csat_score,
          npsScore: t.nps_score,
          confirmedAt: t.confirmed_at,
          updatedAt: t.updated_at,
        })),
      };
      return view;
    },
  };
}

function parseItems(json: string): { name: string; quantity: number }[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, quantity } = item as { name?: unknown; quantity?: unknown };
    return typeof name === 'string' && typeof quantity === 'number' ? [{ name, quantity }] : [];
  });
}
