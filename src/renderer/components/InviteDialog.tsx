import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { inviteOptions, type HandoffOption } from '../../shared/console/handoff';
import type { ConversationSummary } from '../../shared/contract';
import { INVITE_NOTE_MAX } from '../../shared/handoff/handoff';
import { useApi, useApiQuery } from '../api/api-context';
import { errorText } from '../i18n/format';
import { HandoffPicker } from './HandoffPicker';
import { Modal } from './Modal';

interface Props {
  conversation: ConversationSummary;
  /** The signed-in user: never offered to themselves. */
  userId: string;
  onDone(notice: string): void;
  onClose(): void;
}

/**
 * Invite a colleague (Alt+I): they see the chat in their console and write internal notes the
 * customer never sees, while the owner keeps answering. The dialog also lists who is helping now,
 * each with a button that ends their invitation. Keyboard: type, ↑/↓, Enter to choose, Tab to the
 * note, Ctrl/⌘+Enter to invite, Escape to close.
 */
export function InviteDialog({ conversation, userId, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useId();
  const directory = useApiQuery('handoff.directory', {}, { staleTime: 0 });
  const handoff = useApiQuery('conversation.handoff', { conversationId: conversation.id });
  const [target, setTarget] = useState<HandoffOption | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pickerRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const participants = useMemo(() => handoff.data?.participants ?? [], [handoff.data]);
  const options = useMemo(
    () => (directory.data ? inviteOptions(directory.data, [userId, ...(conversation.assigneeId ? [conversation.assigneeId] : []), ...participants.map((p) => p.userId)]) : []),
    [directory.data, userId, conversation.assigneeId, participants],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!target || target.kind !== 'colleague') {
      setError(t('handoff:invite.needTarget'));
      pickerRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api['conversation.invite']({ conversationId: conversation.id, userId: target.colleague.id, note });
      onDone(t('handoff:invite.done', { name: target.colleague.displayName }));
    } catch (failure) {
      setError(errorText(t, failure));
      setBusy(false);
    }
  };

  const end = async (participantUserId: string, name: string) => {
    try {
      await api['conversation.endInvite']({ conversationId: conversation.id, userId: participantUserId });
      setSaid(t('handoff:invite.ended', { name }));
      pickerRef.current?.focus();
    } catch (failure) {
      setError(errorText(t, failure));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing || event.keyCode === 229) return;
    // Enter in the note (one line) or Ctrl/⌘+Enter anywhere invites; Enter in the picker chooses.
    if (event.ctrlKey || event.metaKey || event.target === noteRef.current) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  return (
    <Modal labelledBy={`${ids}-title`} className="handoff-dialog" onClose={onClose} initialFocus={pickerRef}>
      <header className="modal-header">
        <h2 id={`${ids}-title`}>{t('handoff:invite.title')}</h2>
        <button type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      <form ref={formRef} className="dialog-body" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} aria-describedby={`${ids}-explain`}>
        <p id={`${ids}-explain`} className="muted">
          {t('handoff:invite.explain')}
        </p>
        {directory.isPending && <p className="muted">{t('handoff:picker.loading')}</p>}
        <HandoffPicker
          options={options}
          live={directory.data?.live ?? false}
          chosenKey={target?.key ?? null}
          label={t('handoff:invite.colleague')}
          inputRef={pickerRef}
          onChoose={(option) => {
            setTarget(option);
            setError(null);
            noteRef.current?.focus();
          }}
        />
        <label className="form-field">
          <span>{t('handoff:invite.note')}</span>
          <input ref={noteRef} type="text" maxLength={INVITE_NOTE_MAX} value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        <section aria-labelledby={`${ids}-participants`}>
          <h3 id={`${ids}-participants`} className="form-label">
            {t('handoff:invite.participants')}
          </h3>
          {participants.length === 0 && <p className="muted">{t('handoff:invite.noParticipants')}</p>}
          <ul className="panel-list">
            {participants.map((p) => (
              <li key={p.id} data-participant={p.userId}>
                <span>{p.displayName}</span>
                <span className="muted">{t(`console:presence.${p.presence}`)}</span>
                {p.note && <span className="muted">{p.note}</span>}
                {p.pending && <span className="badge pending-badge">{t('handoff:banner.pendingMark')}</span>}
                <button type="button" aria-label={t('handoff:invite.end', { name: p.displayName })} onClick={() => void end(p.userId, p.displayName)}>
                  {t('handoff:invite.endShort')}
                </button>
              </li>
            ))}
          </ul>
        </section>
        <p className="action-result ok" role="status">
          {said ?? ''}
        </p>
        <div className="dialog-actions">
          <p className="hint">{t('handoff:invite.hint')}</p>
          <button type="button" onClick={onClose}>
            {t('handoff:invite.close')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('handoff:invite.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
