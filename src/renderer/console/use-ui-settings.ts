import { useCallback, useMemo } from 'react';
import { effectiveBindings, type KeyBindings } from '../../shared/console/commands';
import { DEFAULT_UI_SETTINGS } from '../../shared/contract/values';
import type { UiSettingsView } from '../../shared/contract/settings';
import { useApi, useApiQuery, useQueryClient } from '../api/api-context';
import { PLATFORM } from './platform';

export interface UiSettings {
  settings: UiSettingsView;
  bindings: KeyBindings;
  save(patch: Partial<UiSettingsView>): Promise<UiSettingsView>;
}

/**
 * The agent's settings, with the defaults until the replica answers so keys work from the first
 * frame. Saving puts the stored result straight into the cache: settings live in a local-only
 * table that no "tables changed" event covers.
 */
export function useUiSettings(): UiSettings {
  const api = useApi();
  const queryClient = useQueryClient();
  const query = useApiQuery('settings.get', {});
  const settings = query.data ?? DEFAULT_UI_SETTINGS;
  const bindings = useMemo(() => effectiveBindings(settings.keyBindings, PLATFORM), [settings.keyBindings]);
  const save = useCallback(
    async (patch: Partial<UiSettingsView>) => {
      const stored = await api['settings.set'](patch);
      queryClient.setQueryData(['settings.get', {}], stored);
      return stored;
    },
    [api, queryClient],
  );
  return { settings, bindings, save };
}
