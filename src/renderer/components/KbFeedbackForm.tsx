import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_KINDS, mayGiveFeedback, type FeedbackKind } from '../../shared/kb/workflow';
import { useApi, useApiQuery } from '../api/api-context';
import { formatDateTime } from '../console/console-format';
import { ActionResult } from './ActionResult';
import { useAction } from './use-action';

/**
 * "This answer is wrong / outdated": an agent's word to the knowledge base's reviewers, from the
 * article they are reading. It syncs like any change and shows here what became of it.
 */
export function KbFeedbackForm({ articleId }: { articleId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const session = useApiQuery('session.get', {});
  const mine = useApiQuery('kb.myFeedback', { articleId });
  const { busy, message, run } = useAction();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<FeedbackKind>('wrong');
  const [comment, setComment] = useState('');
  const role = session.data?.user.role;
  // Trainees practise in the sandbox; the knowledge base's reviewers do not hear from them.
  if (role === undefined || !mayGiveFeedback(role)) return null;
  const send = async () => {
    const ok = await run(() => api['kb.feedback']({ articleId, kind, comment }), t('kb-admin:report.sent'));
    if (ok) {
      setOpen(false);
      setComment('');
    }
  };
  return (
    <section className="kb-report" aria-labelledby={`kb-report-${articleId}`}>
      <h4 id={`kb-report-${articleId}`}>{t('kb-admin:report.title')}</h4>
      {open ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <label className="form-field">
            <span>{t('kb-admin:report.kind')}</span>
            <select value={kind} onChange={(event) => setKind(event.target.value as FeedbackKind)}>
              {FEEDBACK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kb-admin:feedbackKind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="form-field">
            <span>{t('kb-admin:report.comment')}</span>
            <textarea autoFocus rows={3} required value={comment} onChange={(event) => setComment(event.target.value)} />
          </label>
          <div className="kb-actions">
            <button type="submit" className="primary" disabled={busy || comment.trim() === ''}>
              {t('kb-admin:report.send')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('kb-admin:action.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          {t('kb-admin:report.open')}
        </button>
      )}
      <ActionResult message={message} />
      {(mine.data ?? []).length > 0 && (
        <ul className="kb-report-list">
          {mine.data?.map((f) => (
            <li key={f.id} data-feedback-status={f.status}>
              {t('kb-admin:report.mine', { time: formatDateTime(f.reportedAt, i18n.language), kind: t(`kb-admin:feedbackKind.${f.kind}`) })}
              {' · '}
              {f.pending ? t('kb-admin:pending') : t(`kb-admin:feedbackStatus.${f.status}`)}
              {f.resolutionNote && ` · ${f.resolutionNote}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
