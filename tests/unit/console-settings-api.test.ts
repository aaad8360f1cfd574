import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type ConversationSummary } from '../../src/shared/contract';
import type { CustomerPanelView, SlotStateView, UiSettingsView } from '../../src/shared/contract/settings';
import { DEFAULT_UI_SETTINGS } from '../../src/shared/contract/settings';
import { createCore, type Core } from '../../src/main/core/create-core';
import { fixedClock, silentLog, tempDir } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';

describe('console settings and views through the core API', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function demoCore(dataDir = ':memory:'): Promise<Core> {
    const core = await createCore({ dataDir, demo: true, clock: fixedClock(NOW), log: silentLog });
    cleanups.push(() => core.close());
    return core;
  }

  it('starts with the defaults and keeps changes across a restart', async () => {
    const dir = tempDir('settings-api');
    cleanups.push(() => dir.remove());
    const first = await createCore({ dataDir: dir.path, demo: true, clock: fixedClock(NOW), log: silentLog });
    expect(await first.invoke('settings.get', {})).toEqual(DEFAULT_UI_SETTINGS);
    const stored = (await first.invoke('settings.set', { fontSize: 18, theme: 'dark', keyBindings: { nextWaiting: 'alt+n' } })) as UiSettingsView;
    expect(stored).toMatchObject({ fontSize: 18, theme: 'dark', sound: true, keyBindings: { nextWaiting: 'Alt+N' } });
    await first.close();

    const second = await demoCore(dir.path);
    expect(await second.invoke('settings.get', {})).toEqual(stored);
    // A partial change keeps the rest.
    expect(await second.invoke('settings.set', { sound: false })).toEqual({ ...stored, sound: false });
  });

  it('refuses a key binding that another command already uses, and malformed settings', async () => {
    const core = await demoCore();
    const conflict = await core.invoke('settings.set', { keyBindings: { nextWaiting: 'Alt+1' } }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ApiError);
    expect((conflict as ApiError).data).toMatchObject({ code: 'invalid_input', issues: [{ path: ['keyBindings', 'nextWaiting'] }] });
    for (const bad of [{ fontSize: 99 }, { theme: 'pink' }, { keyBindings: { notACommand: 'Alt+Q' } }, { keyBindings: { slot1: 'Ctrl+Banana' } }, { extra: true }]) {
      await expect(core.invoke('settings.set', bad), JSON.stringify(bad)).rejects.toMatchObject({ data: { code: 'invalid_input' } });
    }
    expect(await core.invoke('settings.get', {})).toEqual(DEFAULT_UI_SETTINGS);
  });

  it('lists the slots in start order with whether the agent has answered', async () => {
    const core = await demoCore();
    const slots = (await core.invoke('console.slots', {})) as SlotStateView[];
    const active = ((await core.invoke('conversation.list', {})) as ConversationSummary[]).filter((c) => c.status === 'active');
    expect(slots.map((s) => s.conversationId).sort()).toEqual(active.map((c) => c.id).sort());
    expect(slots.map((s) => s.startedAt)).toEqual(slots.map((s) => s.startedAt).sort());
    expect(slots.every((s) => s.firstResponseAt !== null)).toBe(true);
  });

  it('shows the customer panel with masked personal data and the newest order first', async () => {
    const core = await demoCore();
    const panel = (await core.invoke('console.customer', { customerId: 'cu-01' })) as CustomerPanelView;
    expect(panel.name).toBe('张伟');
    expect(panel.phoneMasked).toBe('138****5671');
    expect(panel.idNumberMasked).toMatch(/^110\*+4517$/);
    expect(panel.addressMasked).toBe('北京市朝阳区****');
    expect(JSON.stringify(panel)).not.toContain('13812345671');
    expect(panel.orders.map((o) => o.placedAt)).toEqual(panel.orders.map((o) => o.placedAt).sort().reverse());
    expect(panel.conversations.length).toBeGreaterThan(0);
    await expect(core.invoke('console.customer', { customerId: 'nobody' })).rejects.toMatchObject({ data: { code: 'not_found' } });
  });
});
