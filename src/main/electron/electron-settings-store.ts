import Store from 'electron-store';
import type { SettingsStore } from '../core/settings-store';

/** UI settings kept by electron-store in the app's user-data folder, per signed-in user. */
export function electronSettingsStore(): SettingsStore {
  const store = new Store<{ users: Record<string, Record<string, string>> }>({ name: 'ui-settings', defaults: { users: {} } });
  return {
    async read(userId) {
      return store.get('users')[userId] ?? {};
    },
    async write(userId, entries) {
      const users = store.get('users');
      store.set('users', { ...users, [userId]: { ...users[userId], ...entries } });
    },
  };
}
