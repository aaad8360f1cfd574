import { useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { optionSearchText, type HandoffOption } from '../../shared/console/handoff';
import { fuzzyFilter } from '../../shared/console/fuzzy';
import { Highlighted } from './Highlighted';
import { useListbox } from './use-listbox';

interface Props {
  options: readonly HandoffOption[];
  /** The figures are the server's of just now; otherwise the picker says they are not. */
  live: boolean;
  chosenKey: string | null;
  label: string;
  inputRef: RefObject<HTMLInputElement | null>;
  onChoose(option: HandoffOption): void;
}

/** Why an option cannot be chosen, in words; null when it can. */
export function blockedText(t: ReturnType<typeof useTranslation>['t'], option: HandoffOption): string | null {
  if (option.kind === 'group' || option.blocked === null) return null;
  const { colleague } = option;
  const values = { name: colleague.displayName, presence: t(`console:presence.${colleague.presence}`), active: colleague.active ?? 0, max: colleague.maxConcurrent };
  if (option.blocked === 'not_online') return t('handoff:picker.notOnline', values);
  if (option.blocked === 'full') return t('handoff:picker.full', values);
  return t('handoff:picker.away', values);
}

export function optionTitle(t: ReturnType<typeof useTranslation>['t'], option: HandoffOption): string {
  return option.kind === 'group' ? t('handoff:picker.group', { name: option.group.name }) : t('handoff:picker.colleague', { name: option.colleague.displayName, agentNo: option.colleague.agentNo });
}

/**
 * The colleague-and-group chooser of the transfer and invite dialogs (WAI-ARIA combobox over a
 * listbox, like the command palette): type to filter in either Chinese script, ↑/↓ to move, Enter
 * to choose. A colleague who cannot take the chat stays in the list with the reason, and Enter on
 * them says it instead of choosing; Ctrl/⌘+Enter is left to the dialog (it sends).
 */
export function HandoffPicker({ options, live, chosenKey, label, inputRef, onChoose }: Props) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const results = useMemo(() => fuzzyFilter(options, query, optionSearchText), [options, query]);
  const choose = (option: HandoffOption) => {
    const blocked = blockedText(t, option);
    setSaid(blocked);
    if (blocked === null) onChoose(option);
  };
  const { current, listId, optionId, resetActive, comboboxProps } = useListbox(
    results,
    (r) => r.item.key,
    (r) => choose(r.item),
  );
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) return;
    comboboxProps.onKeyDown(event);
  };
  const chosen = options.find((o) => o.key === chosenKey) ?? null;

  return (
    <div className="handoff-picker">
      <label className="form-field">
        <span>{label}</span>
        <input
          ref={inputRef}
          type="text"
          {...comboboxProps}
          onKeyDown={onKeyDown}
          aria-label={t('handoff:picker.search')}
          aria-describedby={`${listId}-status`}
          placeholder={t('handoff:picker.placeholder')}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setSaid(null);
            resetActive();
          }}
        />
      </label>
      <ul id={listId} role="listbox" aria-label={t('handoff:picker.listLabel')} className="picker-list handoff-options">
        {results.map(({ item, match }) => {
          const blocked = blockedText(t, item);
          return (
            <li
              key={item.key}
              id={optionId(item.key)}
              role="option"
              aria-selected={item.key === current?.item.key}
              aria-disabled={blocked !== null || undefined}
              data-chosen={item.key === chosenKey || undefined}
              data-option-key={item.key}
              className="picker-option"
              ref={(node) => {
                if (item.key === current?.item.key) node?.scrollIntoView({ block: 'nearest' });
              }}
              onClick={() => choose(item)}
            >
              <span className="picker-option-title">
                <Highlighted text={optionTitle(t, item)} ranges={item.kind === 'group' ? [] : (match.ranges[0] ?? [])} />
              </span>
              <span className="picker-option-tag">{optionDetail(t, item, live)}</span>
              {(blocked ?? (item.kind === 'colleague' && item.colleague.groups.length > 0)) && (
                <span className="picker-option-preview">{blocked ?? (item.kind === 'colleague' ? item.colleague.groups.map((g) => g.name).join('、') : '')}</span>
              )}
            </li>
          );
        })}
      </ul>
      {results.length === 0 && <p className="empty">{t('handoff:picker.none')}</p>}
      <p id={`${listId}-status`} className="picker-status" role="status">
        {said ?? (chosen ? t('handoff:picker.chosen', { target: optionTitle(t, chosen) }) : live ? '' : t('handoff:picker.offline'))}
      </p>
    </div>
  );
}

function optionDetail(t: ReturnType<typeof useTranslation>['t'], option: HandoffOption, live: boolean): string {
  if (option.kind === 'group') {
    const { group } = option;
    return live && group.queued !== null ? t('handoff:picker.groupLive', { queued: group.queued, online: group.online ?? 0, free: group.freePlaces ?? 0 }) : t('handoff:picker.groupOffline');
  }
  const { colleague } = option;
  const presence = t(`console:presence.${colleague.presence}`);
  return colleague.active === null ? t('handoff:picker.colleagueNoLoad', { presence }) : t('handoff:picker.colleagueLoad', { presence, active: colleague.active, max: colleague.maxConcurrent });
}
