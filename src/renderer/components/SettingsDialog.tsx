import type { TFunction } from 'i18next';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bindingProblem, COMMANDS, effectiveBindings, overrideProblems, type BindingProblem, type CommandId, type KeyBindingOverrides } from '../../shared/console/commands';
import { fuzzyFilter } from '../../shared/console/fuzzy';
import { chordFromKeyEvent, normaliseChord } from '../../shared/console/key-chord';
import { THEMES } from '../../shared/contract/values';
import type { UiSettingsView } from '../../shared/contract/settings';
import { keyLabel } from '../console/console-format';
import { PLATFORM } from '../console/platform';
import type { UiSettings } from '../console/use-ui-settings';
import { errorText } from '../i18n/format';
import { Modal } from './Modal';

const FONT_SIZES = [12, 13, 14, 15, 16, 18, 20, 22];

type Message = { kind: 'error' | 'ok'; text: string } | null;

function problemText(problem: BindingProblem, chord: string, t: TFunction): string {
  const key = keyLabel(chord, t);
  switch (problem.kind) {
    case 'conflict':
      return t('console:settings.problem.conflict', { key, command: t(`console:commands.${problem.other}`) });
    case 'reserved':
      return t(`console:settings.problem.reserved.${problem.reason}`, { key });
    default:
      return t(`console:settings.problem.${problem.kind}`, { key });
  }
}

/**
 * Key bindings (filter, then change a command's key by pressing the new one), appearance and
 * attention. Every change is saved at once through settings.set; a key already used by another
 * command is refused with that command's name.
 */
export function SettingsDialog({ ui, onClose }: { ui: UiSettings; onClose(): void }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const [recording, setRecording] = useState<CommandId | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const { settings, bindings, save } = ui;

  const rows = useMemo(
    () =>
      fuzzyFilter(COMMANDS, filter, (c) => [
        { text: t(`console:commands.${c.id}`), weight: 2 },
        { text: keyLabel(bindings[c.id], t), weight: 1 },
      ]),
    [filter, bindings, t],
  );

  const store = async (patch: Partial<UiSettingsView>, ok: string) => {
    try {
      await save(patch);
      setMessage({ kind: 'ok', text: ok });
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(t, error) });
    }
  };

  const storeBindings = async (overrides: KeyBindingOverrides, ok: string) => {
    // The same rules settings.set enforces, checked here to say which command is in the way.
    const problem = overrideProblems(overrides, PLATFORM)[0];
    if (problem) {
      setMessage({ kind: 'error', text: problemText(problem.problem, overrides[problem.command] ?? '', t) });
      return;
    }
    await store({ keyBindings: overrides }, ok);
  };

  const onRecordKey = (id: CommandId, event: KeyboardEvent<HTMLButtonElement>) => {
    if (recording !== id || event.nativeEvent.isComposing) return;
    // Tab still moves on, so recording never traps the keyboard.
    if (event.key === 'Tab') {
      setRecording(null);
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (event.key === 'Escape') {
      setRecording(null);
      setMessage({ kind: 'ok', text: t('console:settings.recordCancelled') });
      return;
    }
    const chord = chordFromKeyEvent(event.nativeEvent);
    if (chord === null) return;
    const problem = bindingProblem(bindings, id, chord, PLATFORM);
    if (problem) {
      // Stay in recording: the agent can try another key straight away.
      setMessage({ kind: 'error', text: problemText(problem, chord, t) });
      return;
    }
    const overrides: KeyBindingOverrides = { ...settings.keyBindings };
    const definition = COMMANDS.find((c) => c.id === id);
    if (definition && normaliseChord(definition.defaultKey, PLATFORM) === chord) delete overrides[id];
    else overrides[id] = chord;
    setRecording(null);
    void storeBindings(overrides, t('console:settings.saved.key', { command: t(`console:commands.${id}`), key: keyLabel(chord, t) }));
  };

  const reset = (id: CommandId) => {
    const overrides: KeyBindingOverrides = { ...settings.keyBindings };
    delete overrides[id];
    const chord = effectiveBindings(overrides, PLATFORM)[id];
    void storeBindings(overrides, t('console:settings.saved.key', { command: t(`console:commands.${id}`), key: keyLabel(chord, t) }));
  };

  const toggleNotifications = async (on: boolean) => {
    if (on) {
      if (typeof Notification === 'undefined') {
        setMessage({ kind: 'error', text: t('console:settings.notificationsUnsupported') });
        return;
      }
      const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
      if (permission !== 'granted') {
        setMessage({ kind: 'error', text: t('console:settings.notificationsDenied') });
        return;
      }
    }
    await store({ notifications: on }, t('console:settings.saved.generic'));
  };

  return (
    <Modal
      labelledBy={`${ids}-title`}
      className="settings"
      onClose={onClose}
      onCancel={(event) => {
        // Escape while recording cancels the recording, not the dialog.
        if (recording) event.preventDefault();
      }}
      initialFocus={filterRef}
    >
      <header className="modal-header">
        <h2 id={`${ids}-title`}>{t('console:settings.title')}</h2>
        <button type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      <p className={`settings-message ${message?.kind ?? ''}`} role={message?.kind === 'error' ? 'alert' : undefined} aria-live="polite">
        {message?.text}
      </p>
      <section aria-labelledby={`${ids}-keys`}>
        <h3 id={`${ids}-keys`}>{t('console:settings.keys')}</h3>
        <input
          ref={filterRef}
          type="search"
          className="settings-filter"
          aria-label={t('console:settings.filter')}
          placeholder={t('console:settings.filter')}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <table className="key-table">
          <thead>
            <tr>
              <th scope="col">{t('console:settings.command')}</th>
              <th scope="col">{t('console:settings.key')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('console:settings.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ item: c }) => {
              const title = t(`console:commands.${c.id}`);
              const changed = settings.keyBindings[c.id] !== undefined;
              return (
                <tr key={c.id} data-command={c.id}>
                  <th scope="row">
                    {title}
                    {c.status === 'coming' && <span className="coming-badge">{t('console:commands.coming')}</span>}
                  </th>
                  <td>
                    <kbd>{keyLabel(bindings[c.id], t)}</kbd>
                  </td>
                  <td className="key-actions">
                    <button
                      type="button"
                      className={recording === c.id ? 'recording' : undefined}
                      aria-pressed={recording === c.id}
                      aria-label={recording === c.id ? t('console:settings.recording', { command: title }) : t('console:settings.change', { command: title })}
                      onClick={() => {
                        setRecording(recording === c.id ? null : c.id);
                        setMessage(null);
                      }}
                      onKeyDown={(event) => onRecordKey(c.id, event)}
                      onBlur={() => setRecording((r) => (r === c.id ? null : r))}
                    >
                      {recording === c.id ? t('console:settings.pressKeys') : t('console:settings.changeShort')}
                    </button>
                    {changed && (
                      <button type="button" aria-label={t('console:settings.reset', { command: title })} onClick={() => reset(c.id)}>
                        {t('console:settings.resetShort')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {Object.keys(settings.keyBindings).length > 0 && (
          <button type="button" onClick={() => void storeBindings({}, t('console:settings.saved.allKeys'))}>
            {t('console:settings.resetAll')}
          </button>
        )}
      </section>
      <section aria-labelledby={`${ids}-look`}>
        <h3 id={`${ids}-look`}>{t('console:settings.appearance')}</h3>
        <label className="settings-field">
          <span>{t('console:settings.fontSize')}</span>
          <select value={settings.fontSize} onChange={(event) => void store({ fontSize: Number(event.target.value) }, t('console:settings.saved.generic'))}>
            {FONT_SIZES.map((size) => (
              <option key={size} value={size}>
                {t('console:settings.fontSizeValue', { size })}
              </option>
            ))}
          </select>
        </label>
        <label className="settings-field">
          <span>{t('console:settings.theme')}</span>
          <select value={settings.theme} onChange={(event) => void store({ theme: THEMES.find((theme) => theme === event.target.value) ?? 'system' }, t('console:settings.saved.generic'))}>
            {THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {t(`console:settings.themes.${theme}`)}
              </option>
            ))}
          </select>
        </label>
      </section>
      <section aria-labelledby={`${ids}-attention`}>
        <h3 id={`${ids}-attention`}>{t('console:settings.attention')}</h3>
        <label className="settings-field checkbox">
          <input type="checkbox" checked={settings.sound} onChange={(event) => void store({ sound: event.target.checked }, t('console:settings.saved.generic'))} />
          <span>{t('console:settings.sound')}</span>
        </label>
        <label className="settings-field checkbox">
          <input type="checkbox" checked={settings.notifications} onChange={(event) => void toggleNotifications(event.target.checked)} />
          <span>{t('console:settings.notifications')}</span>
        </label>
      </section>
    </Modal>
  );
}
