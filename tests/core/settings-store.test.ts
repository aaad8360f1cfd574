import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import type { SettingsStore } from '../../src/main/core/settings-store';
import type { UiSettingsView } from '../../src/shared/contract/settings';
import { fixedClock, silentLog } from '../support/replica';

describe('where UI settings are kept', () => {
  let core: Core;
  afterEach(async () => core.close());

  it('the shell’s own store (Electron: electron-store) receives and serves the settings, not the replica', async () => {
    const kept = new Map<string, Record<string, string>>();
    const store: SettingsStore = {
      read: async (userId) => kept.get(userId) ?? {},
      write: async (userId, entries) => void kept.set(userId, { ...kept.get(userId), ...entries }),
    };
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock('2026-11-22T10:00:00Z'), log: silentLog, settingsStore: store });
    await core.invoke('settings.set', { theme: 'dark', fontSize: 18 });
    expect(kept.get('u-agent-1')).toMatchObject({ theme: '"dark"', fontSize: '18' });
    expect(await core.invoke('settings.get', {})).toMatchObject({ theme: 'dark', fontSize: 18 } satisfies Partial<UiSettingsView>);
    const rows = await sql<{ n: number }>`select count(*) as n from local_settings`.execute(core.replica.db);
    expect(rows.rows[0]?.n).toBe(0);
  });

  it('without one (the browser host), settings live in the replica', async () => {
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock('2026-11-22T10:00:00Z'), log: silentLog });
    await core.invoke('settings.set', { theme: 'dark' });
    expect(await core.invoke('settings.get', {})).toMatchObject({ theme: 'dark' });
    const rows = await sql<{ n: number }>`select count(*) as n from local_settings`.execute(core.replica.db);
    expect(rows.rows[0]?.n).toBe(1);
  });
});
