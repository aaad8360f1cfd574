import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { transferOptions, type HandoffOption } from '../../shared/console/handoff';
import type { ConversationSummary } from '../../shared/contract';
import { TRANSFER_NOTE_MAX, TRANSFER_REASONS, type TransferReason } from '../../shared/handoff/handoff';
import { useApi, useApiQuery } from '../api/api-context';
import { errorText } from '../i18n/format';
import { HandoffPicker, optionTitle } from './HandoffPicker';
import { Modal } from './Modal';

interface Props {
  conversation: ConversationSummary;
  onDone(notice: string): void;
  onClose(): void;
}

/**
 * 轉接 (Alt+T): to a colleague or a skill group, with the reason the customer is told and a
 * hand-over note for whoever takes over. Entirely from the keyboard: type a name or a group,
 * ↑/↓ and Enter to choose it (focus moves on to the reason), Tab to the note, Ctrl/⌘+Enter to
 * transfer, Escape to cancel. Offline it is written all the same and sent when the connection
 * returns; the server then decides.
 */
export function TransferDialog({ conversation, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useId();
  const directory = useApiQuery('handoff.directory', {}, { staleTime: 0 });
  const [target, setTarget] = useState<HandoffOption | null>(null);
  const [reason, setReason] = useState<TransferReason>('specialist');
  const [note, setNote] = useState(() => t('handoff:transfer.noteTemplate', { subject: conversation.subject }));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pickerRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLSelectElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const options = useMemo(() => (directory.data ? transferOptions(directory.data, conversation.assigneeId) : []), [directory.data, conversation.assigneeId]);

  const choose = (option: HandoffOption) => {
    setTarget(option);
    setError(null);
    // A transfer to a department is usually because it is theirs.
    if (option.kind === 'group' && reason === 'specialist') setReason('department');
    reasonRef.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!target) {
      setError(t('handoff:transfer.needTarget'));
      pickerRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api['conversation.transfer']({
        conversationId: conversation.id,
        target: target.kind === 'group' ? { kind: 'group', groupId: target.group.id } : { kind: 'agent', userId: target.colleague.id },
        reason,
        note,
      });
      const name = target.kind === 'group' ? target.group.name : target.colleague.displayName;
      onDone(t(directory.data?.live ? 'handoff:transfer.done' : 'handoff:transfer.queuedOffline', { target: name }));
    } catch (failure) {
      setError(errorText(t, failure));
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  return (
    <Modal labelledBy={`${ids}-title`} className="handoff-dialog" onClose={onClose} initialFocus={pickerRef}>
      <header className="modal-header">
        <h2 id={`${ids}-title`}>{t('handoff:transfer.title')}</h2>
        <button type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      <form ref={formRef} className="dialog-body" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} aria-describedby={`${ids}-hint`}>
        <p className="muted">{t('handoff:transfer.customer', { name: conversation.customerName })}</p>
        {directory.isPending && <p className="muted">{t('handoff:picker.loading')}</p>}
        {directory.error && (
          <p className="dialog-error" role="alert">
            {errorText(t, directory.error)}
          </p>
        )}
        <HandoffPicker options={options} live={directory.data?.live ?? false} chosenKey={target?.key ?? null} label={t('handoff:transfer.target')} inputRef={pickerRef} onChoose={choose} />
        <label className="form-field">
          <span>{t('handoff:transfer.reason')}</span>
          <select ref={reasonRef} value={reason} onChange={(event) => setReason(TRANSFER_REASONS.find((r) => r === event.target.value) ?? 'other')}>
            {TRANSFER_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`handoff:reason.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('handoff:transfer.note')}</span>
          <textarea rows={4} required maxLength={TRANSFER_NOTE_MAX} value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <p id={`${ids}-hint`} className="hint">
            {t('handoff:transfer.hint')}
          </p>
          <button type="button" onClick={onClose}>
            {t('handoff:transfer.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {target ? `${t('handoff:transfer.submit')} → ${optionTitle(t, target)}` : t('handoff:transfer.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
