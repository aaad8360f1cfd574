import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMANDS, type CommandGroup, type KeyBindings } from '../../shared/console/commands';
import { keyLabel } from '../console/console-format';
import { Modal } from './Modal';

const GROUPS: CommandGroup[] = ['reply', 'navigate', 'handoff', 'tickets', 'tools'];

/** Every command with its current key, grouped; the ones not built yet say so. */
export function CheatSheet({ bindings, onClose }: { bindings: KeyBindings; onClose(): void }) {
  const { t } = useTranslation();
  const closeRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal labelledBy="cheat-sheet-title" className="cheat-sheet" onClose={onClose} initialFocus={closeRef}>
      <header className="modal-header">
        <h2 id="cheat-sheet-title">{t('console:cheatSheet.title')}</h2>
        <button ref={closeRef} type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      <div className="cheat-sheet-groups">
        {GROUPS.map((group) => (
          <table key={group} className="key-table">
            <caption>{t(`console:groups.${group}`)}</caption>
            <tbody>
              {COMMANDS.filter((c) => c.group === group).map((c) => (
                <tr key={c.id} data-command={c.id} aria-disabled={c.status === 'coming' ? true : undefined}>
                  <th scope="row">
                    {t(`console:commands.${c.id}`)}
                    {c.status === 'coming' && <span className="coming-badge">{t('console:commands.coming')}</span>}
                  </th>
                  <td>
                    <kbd>{keyLabel(bindings[c.id], t)}</kbd>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        <table className="key-table">
          <caption>{t('console:cheatSheet.more')}</caption>
          <tbody>
            {(['scriptTrigger', 'newLine', 'cheatSheetAlias', 'closeDialog', 'tabOrder'] as const).map((item) => (
              <tr key={item}>
                <th scope="row">{t(`console:cheatSheet.${item}.what`)}</th>
                <td>
                  <kbd>{t(`console:cheatSheet.${item}.keys`)}</kbd>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Modal>
  );
}
