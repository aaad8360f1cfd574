import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMANDS, type CommandId, type KeyBindings } from '../../shared/console/commands';
import { fuzzyFilter } from '../../shared/console/fuzzy';
import type { ConversationSummary } from '../../shared/contract';
import { keyLabel } from '../console/console-format';
import { Highlighted } from './Highlighted';
import { Modal } from './Modal';
import { useListbox } from './use-listbox';

type Entry =
  | { kind: 'command'; key: string; id: CommandId; title: string; coming: boolean; chord: string | null }
  | { kind: 'chat'; key: string; conversation: ConversationSummary; title: string };

interface Props {
  bindings: KeyBindings;
  conversations: ConversationSummary[];
  onRun(id: CommandId): void;
  onOpenChat(id: string): void;
  onClose(): void;
}

/** Ctrl/⌘+K: every command by name (with its key, so agents learn it) and every chat by customer. */
export function CommandPalette({ bindings, conversations, onRun, onOpenChat, onClose }: Props) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const entries = useMemo((): Entry[] => {
    const commands = COMMANDS.filter((c) => c.id !== 'commandPalette').map(
      (c): Entry => ({ kind: 'command', key: `command-${c.id}`, id: c.id, title: t(`console:commands.${c.id}`), coming: c.status === 'coming', chord: bindings[c.id] }),
    );
    const chats = conversations.map(
      (c): Entry => ({ kind: 'chat', key: `chat-${c.id}`, conversation: c, title: t('console:palette.openChat', { name: c.customerName, subject: c.subject }) }),
    );
    return [...commands, ...chats];
  }, [bindings, conversations, t]);

  const results = useMemo(
    () => fuzzyFilter(entries, query, (e) => [{ text: e.title, weight: 2 }, { text: e.kind === 'command' ? e.id : e.conversation.subject, weight: 1 }]),
    [entries, query],
  );

  const choose = (entry: Entry) => {
    if (entry.kind === 'chat') onOpenChat(entry.conversation.id);
    else if (entry.coming) setNotice(t('console:commands.comingNotice', { command: entry.title }));
    else onRun(entry.id);
  };
  const { current, listId, optionId, resetActive, comboboxProps } = useListbox(
    results,
    (r) => r.item.key,
    (r) => choose(r.item),
  );

  return (
    <Modal labelledBy="palette-title" className="picker palette" onClose={onClose} initialFocus={inputRef}>
      <h2 id="palette-title" className="visually-hidden">
        {t('console:palette.title')}
      </h2>
      <input
        ref={inputRef}
        type="text"
        {...comboboxProps}
        aria-label={t('console:palette.search')}
        placeholder={t('console:palette.placeholder')}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          resetActive();
          setNotice(null);
        }}
      />
      <ul id={listId} role="listbox" aria-label={t('console:palette.title')} className="picker-list">
        {results.map(({ item, match }) => (
          <li
            key={item.key}
            id={optionId(item.key)}
            role="option"
            aria-selected={item.key === current?.item.key}
            aria-disabled={item.kind === 'command' && item.coming ? true : undefined}
            className="picker-option"
            ref={(node) => {
              if (item.key === current?.item.key) node?.scrollIntoView({ block: 'nearest' });
            }}
            onClick={() => choose(item)}
          >
            <span className="picker-option-title">
              <Highlighted text={item.title} ranges={match.ranges[0] ?? []} />
            </span>
            {item.kind === 'command' ? (
              <>
                {item.coming && <span className="coming-badge">{t('console:commands.coming')}</span>}
                <kbd className="picker-option-key">{keyLabel(item.chord, t)}</kbd>
              </>
            ) : (
              <span className="picker-option-tag">{t(`conversations.status.${item.conversation.status}`)}</span>
            )}
          </li>
        ))}
      </ul>
      {results.length === 0 && <p className="empty">{t('console:palette.none')}</p>}
      <p className="picker-hint" aria-live="polite">
        {notice ?? t('console:palette.hint')}
      </p>
    </Modal>
  );
}
