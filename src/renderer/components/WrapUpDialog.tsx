import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { clipSummary, wrapUpPhrases } from '../../shared/console/handoff';
import type { ConversationSummary, WrapUpDraft } from '../../shared/contract';
import { SUMMARY_MAX } from '../../shared/handoff/handoff';
import { useApi, useApiQuery } from '../api/api-context';
import { handoffText } from '../console/handoff-format';
import { errorText } from '../i18n/format';
import { Modal } from './Modal';

interface Props {
  conversation: ConversationSummary;
  onDone(notice: string): void;
  onClose(): void;
}

/**
 * End with summary (Alt+X): one line, started from what the chat already says (the intent, the
 * topic, its tickets by number), so Enter alone ends it. The line is what the next agent of this
 * customer reads among their earlier sessions; the customer's widget then asks for their rating.
 */
export function WrapUpDialog({ conversation, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const ids = useId();
  const draft = useApiQuery('conversation.wrapUp', { conversationId: conversation.id }, { staleTime: 0 });
  return (
    <Modal labelledBy={`${ids}-title`} className="handoff-dialog wrap-up" onClose={onClose}>
      <header className="modal-header">
        <h2 id={`${ids}-title`}>{t('handoff:wrapUp.title')}</h2>
        <button type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      {draft.error && (
        <p className="dialog-error" role="alert">
          {errorText(t, draft.error)}
        </p>
      )}
      {draft.isPending && <p className="dialog-body">{t('app.loading')}</p>}
      {draft.data && <WrapUpForm conversation={conversation} draft={draft.data} onDone={onDone} onClose={onClose} />}
    </Modal>
  );
}

function WrapUpForm({ conversation, draft, onDone, onClose }: { conversation: ConversationSummary; draft: WrapUpDraft; onDone(notice: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useId();
  const [summary, setSummary] = useState(() => {
    const { lead, tickets } = wrapUpPhrases(draft);
    return clipSummary([handoffText(t, lead), ...tickets.map((p) => handoffText(t, p))].join(t('handoff:wrapUp.separator')));
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api['conversation.close']({ conversationId: conversation.id, summary });
      onDone(t('handoff:wrapUp.done'));
    } catch (failure) {
      setError(errorText(t, failure));
      setBusy(false);
      inputRef.current?.focus();
    }
  };

  return (
    <form className="dialog-body" onSubmit={(event) => void submit(event)} aria-describedby={`${ids}-hint`}>
      <label className="form-field">
        <span>{t('handoff:wrapUp.summary')}</span>
        <input
          ref={inputRef}
          autoFocus
          type="text"
          required
          maxLength={SUMMARY_MAX}
          value={summary}
          onChange={(event) => setSummary(event.target.value)}
          onFocus={(event) => event.currentTarget.setSelectionRange(event.currentTarget.value.length, event.currentTarget.value.length)}
          aria-describedby={`${ids}-count`}
        />
      </label>
      <p id={`${ids}-count`} className="muted">
        {t('handoff:wrapUp.count', { count: summary.length, max: SUMMARY_MAX })}
      </p>
      {error && (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <p id={`${ids}-hint`} className="hint">
          {t('handoff:wrapUp.hint')}
        </p>
        <button type="button" onClick={onClose}>
          {t('handoff:wrapUp.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('handoff:wrapUp.submit')}
        </button>
      </div>
    </form>
  );
}
