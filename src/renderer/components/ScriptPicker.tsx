import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fuzzyFilter, type FuzzyMatch } from '../../shared/console/fuzzy';
import { fillPlaceholders, type FilledScript } from '../../shared/console/placeholders';
import type { ScriptSource } from './Composer';
import type { ScriptView } from '../../shared/contract/knowledge';
import { useApiQuery } from '../api/api-context';
import { errorText } from '../i18n/format';
import { Highlighted } from './Highlighted';
import { Modal } from './Modal';
import { useListbox } from './use-listbox';

const MAX_RESULTS = 50;
const PREVIEW_CHARS = 90;

interface Props {
  /** The open chat: with nothing typed yet, the scripts recommended for it come first. */
  conversationId: string;
  /** Values for the script's placeholders; missing ones stay for the agent to type over. */
  values: Record<string, string | null | undefined>;
  onPick(script: FilledScript, source: ScriptSource): void;
  onCancel(): void;
}

/**
 * The quick-script picker: type to filter published scripts by title, keywords and body in either
 * Chinese script; ↑/↓ choose, Enter inserts the script with its placeholders filled.
 */
export function ScriptPicker({ conversationId, values, onPick, onCancel }: Props) {
  const { t } = useTranslation();
  const scripts = useApiQuery('scripts.list', {});
  const recommended = useApiQuery('scripts.recommend', { conversationId });
  const [query, setQuery] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  // Recommended first; fuzzy ranking keeps that order among equals, so it also breaks ties in a search.
  const ordered = useMemo(() => {
    const rank = new Map((recommended.data ?? []).map((r, index) => [r.id, index]));
    return [...(scripts.data ?? [])].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || b.usageCount - a.usageCount);
  }, [scripts.data, recommended.data]);
  const results = useMemo(
    () =>
      fuzzyFilter(ordered, query, (s: ScriptView) => [
        { text: s.title, weight: 3 },
        { text: s.keywords.join(' '), weight: 2 },
        { text: s.body, weight: 1 },
      ]).slice(0, MAX_RESULTS),
    [ordered, query],
  );
  const pick = (script: ScriptView) => onPick(fillPlaceholders(script.body, values), { id: script.id, version: script.version });
  const { current, listId, optionId, resetActive, comboboxProps } = useListbox(
    results,
    (r) => r.item.id,
    (r) => pick(r.item),
  );

  return (
    <Modal labelledBy="script-picker-title" className="picker script-picker" onClose={onCancel} initialFocus={inputRef}>
      <h2 id="script-picker-title" className="visually-hidden">
        {t('console:scripts.title')}
      </h2>
      <input
        ref={inputRef}
        type="text"
        {...comboboxProps}
        aria-label={t('console:scripts.search')}
        placeholder={t('console:scripts.placeholder')}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          resetActive();
        }}
      />
      {scripts.error && <p className="error">{errorText(t, scripts.error)}</p>}
      <ul id={listId} role="listbox" aria-label={t('console:scripts.title')} className="picker-list">
        {results.map(({ item, match }) => (
          <ScriptOption key={item.id} id={optionId(item.id)} script={item} values={values} match={match} selected={item.id === current?.item.id} onPick={() => pick(item)} />
        ))}
      </ul>
      {scripts.data && results.length === 0 && <p className="empty">{t('console:scripts.none')}</p>}
      <p className="picker-hint">{t('console:scripts.hint')}</p>
    </Modal>
  );
}

interface OptionProps {
  id: string;
  script: ScriptView;
  values: Props['values'];
  match: FuzzyMatch;
  selected: boolean;
  onPick(): void;
}

function ScriptOption({ id, script, values, match, selected, onPick }: OptionProps) {
  const { t } = useTranslation();
  // The preview shows what the customer would read: placeholders filled as far as known.
  const filled = fillPlaceholders(script.body, values).text;
  const preview = filled.length > PREVIEW_CHARS ? `${filled.slice(0, PREVIEW_CHARS)}…` : filled;
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      className="picker-option"
      ref={(node) => {
        if (selected) node?.scrollIntoView({ block: 'nearest' });
      }}
      onClick={onPick}
    >
      <span className="picker-option-title">
        <Highlighted text={script.title} ranges={match.ranges[0] ?? []} />
      </span>
      <span className="picker-option-tag">{t(`console:scripts.category.${script.category}`)}</span>
      <span className="picker-option-preview">{preview}</span>
    </li>
  );
}
