import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandId, KeyBindings } from '../../shared/console/commands';
import { ariaKeyShortcut } from '../../shared/console/key-chord';
import { nextPresence } from '../../shared/console/presence';
import type { UserView } from '../../shared/contract';
import { keyLabel } from '../console/console-format';
import { PLATFORM } from '../console/platform';
import { LanguageSwitcher } from './LanguageSwitcher';

interface Props {
  user: UserView | undefined;
  bindings: KeyBindings;
  onRun(id: CommandId): void;
}

/** The title bar: who is signed in, their presence, the tools. Memoised: a chat switch leaves it as it is. */
export const ConsoleHeader = memo(function ConsoleHeader({ user, bindings, onRun }: Props) {
  const { t } = useTranslation();
  const shortcut = (id: CommandId) => {
    const chord = bindings[id];
    return chord ? ariaKeyShortcut(chord, PLATFORM) : undefined;
  };
  const presence = user?.presence;
  return (
    <header className="app-header">
      <h1>{t('app.title')}</h1>
      {user && <span className="agent">{t('app.agent', { name: user.displayName, agentNo: user.agentNo })}</span>}
      {presence && (
        <button
          type="button"
          className={`presence presence-${presence}`}
          title={t('console:presence.next', { presence: t(`console:presence.${nextPresence(presence)}`) })}
          aria-keyshortcuts={shortcut('togglePresence')}
          onClick={() => onRun('togglePresence')}
        >
          {t(`console:presence.${presence}`)}
        </button>
      )}
      <nav className="header-actions" aria-label={t('console:header.tools')}>
        <button type="button" aria-keyshortcuts={shortcut('commandPalette')} onClick={() => onRun('commandPalette')}>
          {t('console:commands.commandPalette')} <kbd>{keyLabel(bindings.commandPalette, t)}</kbd>
        </button>
        <button type="button" aria-keyshortcuts={shortcut('cheatSheet')} onClick={() => onRun('cheatSheet')}>
          {t('console:commands.cheatSheet')} <kbd>{keyLabel(bindings.cheatSheet, t)}</kbd>
        </button>
        <button type="button" aria-keyshortcuts={shortcut('settings')} onClick={() => onRun('settings')}>
          {t('console:commands.settings')}
        </button>
      </nav>
      <LanguageSwitcher />
    </header>
  );
});
