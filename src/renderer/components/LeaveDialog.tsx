import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../shared/contract';
import { useApi } from '../api/api-context';
import { errorText } from '../i18n/format';
import { Modal } from './Modal';

/** An invited colleague stops helping (Alt+X in a chat they were invited into): Enter leaves, Escape stays. */
export function LeaveDialog({ conversation, userId, onDone, onClose }: { conversation: ConversationSummary; userId: string; onDone(notice: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);
  const leave = async () => {
    try {
      await api['conversation.endInvite']({ conversationId: conversation.id, userId });
      onDone(t('handoff:leave.done'));
    } catch (failure) {
      setError(errorText(t, failure));
    }
  };
  return (
    <Modal labelledBy={`${ids}-title`} className="handoff-dialog" onClose={onClose} initialFocus={confirmRef}>
      <header className="modal-header">
        <h2 id={`${ids}-title`}>{t('handoff:leave.title')}</h2>
      </header>
      <div className="dialog-body">
        <p id={`${ids}-question`}>{t('handoff:leave.question')}</p>
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('handoff:leave.cancel')}
          </button>
          <button ref={confirmRef} type="button" className="primary" aria-describedby={`${ids}-question`} onClick={() => void leave()}>
            {t('handoff:leave.confirm')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
