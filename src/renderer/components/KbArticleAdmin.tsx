import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KbAdminArticleDetail, KbContent, KbFeedbackView, KbRevisionView } from '../../shared/contract/kb-admin';
import type { TicketCategoryNode } from '../../shared/contract/tickets';
import { REVIEW_EVERY_MONTHS_MAX } from '../../shared/kb/review-schedule';
import { confirmUrgentRefusal, discardRefusal, editRefusal, reviewRefusal, submitRefusal, urgentRefusal, type RevisionFacts, type WorkflowActor } from '../../shared/kb/workflow';
import { useApi, useApiQuery } from '../api/api-context';
import { formatDateTime } from '../console/console-format';
import { personName, reviewLabel } from '../console/kb-format';
import { errorText } from '../i18n/format';
import { ActionResult } from './ActionResult';
import { KbArticleEditor, type EditorMode, type EditorResult } from './KbArticleEditor';
import { KbDiff } from './KbDiff';
import { useAction } from './use-action';

const REVIEW_CYCLES = [1, 2, 3, 6, 12, REVIEW_EVERY_MONTHS_MAX] as const;

const contentOf = (r: KbRevisionView): KbContent => ({ categoryId: r.categoryId, title: r.title, body: r.body, notes: r.notes, links: r.links, questions: r.questions });
const facts = (r: KbRevisionView): RevisionFacts => ({
  status: r.status,
  authorId: r.author?.id ?? '',
  editorIds: r.editors.map((e) => e.id),
  urgent: r.urgent,
  postReviewedAt: r.postReviewedAt,
});

/** yyyy-mm-dd of an ISO time in the user's time zone, for a date input. */
const dateInputValue = (iso: string | null) => {
  if (iso === null) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

interface Props {
  /** null: a new article. */
  articleId: string | null;
  actor: WorkflowActor;
  categories: readonly TicketCategoryNode[];
  /** Start in the editor (a new article, or "edit" chosen in a list). */
  startEditing: EditorMode | null;
  onCreated(articleId: string): void;
  onBack(): void;
}

/**
 * One article as its editors see it: what agents read now, the open revision with what it
 * changes, the review decision, the urgent path, the review schedule, every version and what
 * changed in it, and agents' feedback. Every button that the workflow would refuse for this user
 * is disabled with the reason beside it.
 */
export function KbArticleAdmin({ articleId, actor, categories, startEditing, onCreated, onBack }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const detail = useApiQuery('kbAdmin.article', { articleId: articleId ?? '' }, { enabled: articleId !== null });
  const [editing, setEditing] = useState<EditorMode | null>(startEditing);
  // Shared with the sections whose outcome removes them (a publication ends the open revision).
  const action = useAction();
  const { busy, message, run } = action;
  const headingRef = useRef<HTMLHeadingElement>(null);

  // A screen reader starts at the article's title once it is on screen, and again on leaving the editor.
  const loaded = detail.data !== undefined || articleId === null;
  useLayoutEffect(() => {
    if (loaded) headingRef.current?.focus();
  }, [editing, loaded]);

  /** Esc steps back one level: out of the editor, then out of the article; the dialog closes only after. */
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    if (editing !== null && articleId !== null) setEditing(null);
    else onBack();
  };

  const article = detail.data;
  const open = article?.open ?? null;
  const current = article?.current ?? null;

  const save = async (mode: EditorMode, result: EditorResult) => {
    let created: string | null = null;
    const ok = await run(async () => {
      if (mode === 'urgent') {
        const ids = await api['kbAdmin.urgentPublish']({ articleId, revisionId: open?.id ?? null, content: result.content, reason: result.note });
        created = ids.articleId;
        return;
      }
      const ids = await api['kbAdmin.saveDraft']({ articleId, revisionId: open?.id ?? null, content: result.content, changeNote: result.note });
      created = ids.articleId;
      if (result.submit) await api['kbAdmin.submit']({ revisionId: ids.revisionId });
    }, t(mode === 'urgent' ? 'kb-admin:done.urgentPublished' : result.submit ? 'kb-admin:done.submitted' : 'kb-admin:done.saved'));
    if (!ok) return;
    setEditing(null);
    if (articleId === null && created !== null) onCreated(created);
  };

  if (articleId !== null && detail.error)
    return (
      <section className="kb-admin-detail" onKeyDown={onKeyDown}>
        <p className="error">{errorText(t, detail.error)}</p>
        <button type="button" onClick={onBack}>
          {t('kb-admin:back')}
        </button>
      </section>
    );
  if (articleId !== null && !article) return <p className="muted">{t('kb-admin:loading')}</p>;

  if (editing !== null) {
    const base = open ?? current;
    return (
      <section className="kb-admin-detail" aria-labelledby="kb-admin-editor-title" onKeyDown={onKeyDown}>
        <h3 id="kb-admin-editor-title" ref={headingRef} tabIndex={-1}>
          {t(editing === 'urgent' ? 'kb-admin:editor.urgentTitle' : articleId === null ? 'kb-admin:editor.newTitle' : 'kb-admin:editor.title')}
        </h3>
        <KbArticleEditor
          mode={editing}
          initial={base ? contentOf(base) : null}
          initialNote={editing === 'draft' ? (open?.changeNote ?? '') : ''}
          categories={categories}
          busy={busy}
          onSave={(result) => void save(editing, result)}
          onCancel={() => (articleId === null ? onBack() : setEditing(null))}
        />
        <ActionResult message={message} />
      </section>
    );
  }
  if (!article) return null;

  const shown = open ?? current;
  const editBlocked = editRefusal(actor, open ? facts(open) : null);
  const urgentBlocked = urgentRefusal(actor, open ? facts(open) : null);
  return (
    <section className="kb-admin-detail" aria-labelledby="kb-admin-article-title" data-article-id={article.id} onKeyDown={onKeyDown}>
      <button type="button" className="link-button" onClick={onBack}>
        {t('kb-admin:back')} <kbd>Esc</kbd>
      </button>
      <h3 id="kb-admin-article-title" ref={headingRef} tabIndex={-1}>
        {shown?.title ?? article.id}
      </h3>
      <p className="muted">{shown?.categoryPath.join(' › ')}</p>
      <p className="kb-badges">
        <StatusBadge article={article} />
        {article.status === 'published' && <ReviewBadge article={article} />}
        {article.pending && <span className="badge pending-badge">{t('kb-admin:pending')}</span>}
      </p>
      <ActionResult message={message} />

      <div className="ticket-actions">
        <button type="button" disabled={editBlocked !== null} onClick={() => setEditing('draft')}>
          {t(open ? 'kb-admin:action.editDraft' : 'kb-admin:action.newDraft')}
        </button>
        {actor.role === 'admin' && (
          <button type="button" className="danger" disabled={urgentBlocked !== null} onClick={() => setEditing('urgent')}>
            {t('kb-admin:action.urgent')}
          </button>
        )}
      </div>
      {editBlocked && <p className="muted">{t(editBlocked)}</p>}

      {open && <OpenRevision key={open.id} articleId={article.id} revision={open} current={current} actor={actor} action={action} />}
      {current?.urgent && current.postReviewedAt === null && <UrgentConfirmation revision={current} actor={actor} action={action} />}
      {article.status === 'published' && <ReviewSchedule article={article} />}

      <section aria-labelledby="kb-admin-versions">
        <h4 id="kb-admin-versions">{t('kb-admin:versions.title', { count: article.versions.length })}</h4>
        {article.versions.length === 0 && <p className="muted">{t('kb-admin:versions.none')}</p>}
        <ol className="kb-versions" reversed>
          {article.versions.map((version, index) => (
            <VersionItem key={version.id} version={version} previous={article.versions[index + 1] ?? null} current={version.version === article.version} />
          ))}
        </ol>
      </section>

      <section aria-labelledby="kb-admin-feedback">
        <h4 id="kb-admin-feedback">{t('kb-admin:feedback.title', { count: article.feedback.filter((f) => f.status === 'open').length })}</h4>
        {article.feedback.length === 0 && <p className="muted">{t('kb-admin:feedback.none')}</p>}
        <ul className="panel-list">
          {article.feedback.map((feedback) => (
            <FeedbackItem key={feedback.id} feedback={feedback} />
          ))}
        </ul>
      </section>
      <p className="muted">{t('kb-admin:lastChanged', { time: formatDateTime(shown?.updatedAt ?? '', i18n.language) })}</p>
    </section>
  );
}

function StatusBadge({ article }: { article: KbAdminArticleDetail }) {
  const { t } = useTranslation();
  if (article.status === 'published') return <span className="badge kb-status-published">{t('kb-admin:status.publishedVersion', { version: article.version })}</span>;
  return <span className={`badge kb-status-${article.open?.status ?? 'draft'}`}>{t(`kb-admin:revisionStatus.${article.open?.status ?? 'draft'}`)}</span>;
}

function ReviewBadge({ article }: { article: KbAdminArticleDetail }) {
  const { t, i18n } = useTranslation();
  return <span className={`badge kb-review-${article.review}`}>{reviewLabel(t, article.review, article.reviewDueAt, i18n.language)}</span>;
}

/** The draft, the revision under review or the rejected one: its state, what it changes, and the decisions on it. */
type Action = ReturnType<typeof useAction>;

function OpenRevision({ articleId, revision, current, actor, action }: { articleId: string; revision: KbRevisionView; current: KbRevisionView | null; actor: WorkflowActor; action: Action }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { busy, run } = action;
  const [decision, setDecision] = useState<'publish' | 'reject' | 'discard' | null>(null);
  const [note, setNote] = useState('');
  const f = facts(revision);
  const submitBlocked = submitRefusal(actor, f);
  const reviewBlocked = reviewRefusal(actor, f);
  const discardBlocked = discardRefusal(actor, f);
  const decide = async () => {
    const ok = await run(async () => {
      if (decision === 'publish') await api['kbAdmin.publish']({ revisionId: revision.id, note });
      else if (decision === 'reject') await api['kbAdmin.reject']({ revisionId: revision.id, reason: note });
      else if (decision === 'discard') await api['kbAdmin.discard']({ articleId, revisionId: revision.id });
    }, t(`kb-admin:done.${decision ?? 'saved'}`));
    if (ok) {
      setDecision(null);
      setNote('');
    }
  };
  return (
    <section className="kb-open-revision" aria-labelledby="kb-admin-open" data-revision-status={revision.status}>
      <h4 id="kb-admin-open">{t(`kb-admin:open.${revision.status === 'published' ? 'draft' : revision.status}`)}</h4>
      <p className="muted">
        {t('kb-admin:open.by', { name: personName(t, revision.author), time: formatDateTime(revision.updatedAt, i18n.language) })}
        {revision.editors.length > 1 && ` · ${t('kb-admin:open.editors', { names: revision.editors.map((e) => personName(t, e)).join('、') })}`}
        {revision.submittedAt && ` · ${t('kb-admin:open.submitted', { name: personName(t, revision.submittedBy), time: formatDateTime(revision.submittedAt, i18n.language) })}`}
      </p>
      {revision.changeNote !== '' && <p>{t('kb-admin:open.changeNote', { note: revision.changeNote })}</p>}
      {revision.status === 'rejected' && revision.decisionNote && (
        <p className="kb-rejection" role="note">
          {t('kb-admin:open.rejectedBy', { name: personName(t, revision.decidedBy), reason: revision.decisionNote })}
        </p>
      )}
      <KbDiff before={current} after={revision} label={t('kb-admin:diff.openLabel')} />
      <div className="ticket-actions">
        {(revision.status === 'draft' || revision.status === 'rejected') && (
          <button type="button" className="primary" disabled={busy || submitBlocked !== null} title={submitBlocked === null ? undefined : t(submitBlocked)} onClick={() => void run(() => api['kbAdmin.submit']({ revisionId: revision.id }), t('kb-admin:done.submitted'))}>
            {t('kb-admin:action.submit')}
          </button>
        )}
        {revision.status === 'review' && (
          <>
            <button type="button" className="primary" disabled={busy || reviewBlocked !== null} aria-pressed={decision === 'publish'} onClick={() => setDecision('publish')}>
              {t('kb-admin:action.publish')}
            </button>
            <button type="button" disabled={busy || reviewBlocked !== null} aria-pressed={decision === 'reject'} onClick={() => setDecision('reject')}>
              {t('kb-admin:action.reject')}
            </button>
          </>
        )}
        <button
          type="button"
          disabled={busy || discardBlocked !== null}
          title={discardBlocked === null ? undefined : t(discardBlocked)}
          aria-pressed={decision === 'discard'}
          onClick={() => setDecision('discard')}
        >
          {t('kb-admin:action.discard')}
        </button>
      </div>
      {revision.status === 'review' && reviewBlocked && <p className="muted">{t(reviewBlocked)}</p>}
      {decision !== null && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void decide();
          }}
        >
          {decision === 'discard' ? (
            <p>{t('kb-admin:open.discardConfirm')}</p>
          ) : (
            <label className="form-field">
              <span>{t(decision === 'reject' ? 'kb-admin:open.rejectReason' : 'kb-admin:open.publishNote')}</span>
              <input autoFocus required={decision === 'reject'} value={note} onChange={(event) => setNote(event.target.value)} />
            </label>
          )}
          <div className="ticket-actions">
            <button type="submit" className={decision === 'publish' ? 'primary' : 'danger'} autoFocus={decision === 'discard'} disabled={busy || (decision === 'reject' && note.trim() === '')}>
              {t(`kb-admin:action.confirm.${decision}`)}
            </button>
            <button type="button" onClick={() => setDecision(null)}>
              {t('kb-admin:action.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function UrgentConfirmation({ revision, actor, action }: { revision: KbRevisionView; actor: WorkflowActor; action: Action }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { busy, run } = action;
  const [note, setNote] = useState('');
  const blocked = confirmUrgentRefusal(actor, facts(revision));
  return (
    <section className="kb-urgent" aria-labelledby="kb-admin-urgent">
      <h4 id="kb-admin-urgent">{t('kb-admin:urgent.title')}</h4>
      <p>{t('kb-admin:urgent.explain', { name: personName(t, revision.decidedBy), time: formatDateTime(revision.decidedAt ?? revision.updatedAt, i18n.language), reason: revision.decisionNote ?? '' })}</p>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => api['kbAdmin.confirmUrgent']({ revisionId: revision.id, note }), t('kb-admin:done.confirmed'));
        }}
      >
        <label className="form-field">
          <span>{t('kb-admin:urgent.note')}</span>
          <input value={note} disabled={blocked !== null} onChange={(event) => setNote(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || blocked !== null}>
          {t('kb-admin:action.confirmUrgent')}
        </button>
      </form>
      {blocked && <p className="muted">{t(blocked)}</p>}
    </section>
  );
}

/** 定期复审: confirm the article still right, or change how often and when it is reviewed. */
function ReviewSchedule({ article }: { article: KbAdminArticleDetail }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { busy, message, run } = useAction();
  const [everyMonths, setEveryMonths] = useState(article.reviewEveryMonths);
  const [date, setDate] = useState(dateInputValue(article.reviewDueAt));
  const cycles = REVIEW_CYCLES.includes(article.reviewEveryMonths as (typeof REVIEW_CYCLES)[number]) ? REVIEW_CYCLES : [...REVIEW_CYCLES, article.reviewEveryMonths].sort((a, b) => a - b);
  const schedule = () => {
    // A date typed here means the start of that day where the editor is.
    const dueAt = date === '' || date === dateInputValue(article.reviewDueAt) ? null : new Date(`${date}T00:00:00`).toISOString();
    void run(() => api['kbAdmin.setSchedule']({ articleId: article.id, everyMonths, dueAt }), t('kb-admin:done.scheduled'));
  };
  return (
    <section aria-labelledby="kb-admin-schedule">
      <h4 id="kb-admin-schedule">{t('kb-admin:schedule.title')}</h4>
      <p>
        {reviewLabel(t, article.review, article.reviewDueAt, i18n.language)}
        {article.reviewedAt && ` · ${t('kb-admin:schedule.lastReviewed', { name: personName(t, article.reviewedBy), time: formatDateTime(article.reviewedAt, i18n.language) })}`}
      </p>
      <button type="button" className={article.review === 'due' ? 'primary' : undefined} disabled={busy} onClick={() => void run(() => api['kbAdmin.markReviewed']({ articleId: article.id, note: '' }), t('kb-admin:done.reviewed'))}>
        {t('kb-admin:action.markReviewed')}
      </button>
      <form
        className="form-row kb-schedule-form"
        onSubmit={(event) => {
          event.preventDefault();
          schedule();
        }}
      >
        <label className="form-field">
          <span>{t('kb-admin:schedule.every')}</span>
          <select value={everyMonths} onChange={(event) => setEveryMonths(Number(event.target.value))}>
            {cycles.map((months) => (
              <option key={months} value={months}>
                {t('kb-admin:schedule.months', { count: months })}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('kb-admin:schedule.next')}</span>
          <input type="date" value={date} onChange={(event) => setDate(event.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {t('kb-admin:action.saveSchedule')}
        </button>
      </form>
      <ActionResult message={message} />
    </section>
  );
}

function VersionItem({ version, previous, current }: { version: KbRevisionView; previous: KbRevisionView | null; current: boolean }) {
  const { t, i18n } = useTranslation();
  const [showing, setShowing] = useState(false);
  return (
    <li className="kb-version" data-version={version.version}>
      <div className="kb-version-head">
        <strong>{t('kb-admin:versions.version', { version: version.version })}</strong>
        {current && <span className="badge kb-status-published">{t('kb-admin:versions.current')}</span>}
        {version.urgent && <span className="badge kb-urgent-badge">{t('kb-admin:versions.urgent')}</span>}
        <span className="muted">
          {t('kb-admin:versions.published', { time: formatDateTime(version.decidedAt ?? version.updatedAt, i18n.language), name: personName(t, version.decidedBy) })}
          {version.author && ` · ${t('kb-admin:versions.author', { name: personName(t, version.author) })}`}
        </span>
        <button type="button" aria-expanded={showing} onClick={() => setShowing((s) => !s)}>
          {t(showing ? 'kb-admin:versions.hide' : 'kb-admin:versions.show')}
        </button>
      </div>
      {version.changeNote !== '' && <p className="kb-version-note">{version.changeNote}</p>}
      {version.decisionNote && <p className="muted">{t(version.urgent ? 'kb-admin:versions.urgentReason' : 'kb-admin:versions.reviewNote', { note: version.decisionNote })}</p>}
      {showing && (
        <>
          <KbDiff before={previous} after={version} label={t('kb-admin:diff.versionLabel', { version: version.version })} />
          <details>
            <summary>{t('kb-admin:versions.fullText')}</summary>
            <p className="kb-answer">{version.body}</p>
          </details>
        </>
      )}
    </li>
  );
}

function FeedbackItem({ feedback }: { feedback: KbFeedbackView }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { busy, message, run } = useAction();
  const [note, setNote] = useState('');
  return (
    <li className="kb-feedback-item" data-feedback-id={feedback.id} data-feedback-status={feedback.status}>
      <span className="badge">{t(`kb-admin:feedbackKind.${feedback.kind}`)}</span>
      <span>{feedback.comment}</span>
      <span className="muted">
        {t('kb-admin:feedback.from', { name: personName(t, feedback.reportedBy), time: formatDateTime(feedback.reportedAt, i18n.language), version: feedback.articleVersion })}
      </span>
      {feedback.status === 'open' ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => api['kbAdmin.resolveFeedback']({ feedbackId: feedback.id, resolution: 'fixed', note }), t('kb-admin:done.feedbackFixed'));
          }}
        >
          <label className="form-field">
            <span>{t('kb-admin:feedback.reply')}</span>
            <input value={note} onChange={(event) => setNote(event.target.value)} />
          </label>
          <div className="ticket-actions">
            <button type="submit" disabled={busy}>
              {t('kb-admin:action.feedbackFixed')}
            </button>
            <button
              type="button"
              disabled={busy || note.trim() === ''}
              title={note.trim() === '' ? t('kb-admin:rejected.reason_required') : undefined}
              onClick={() => void run(() => api['kbAdmin.resolveFeedback']({ feedbackId: feedback.id, resolution: 'dismissed', note }), t('kb-admin:done.feedbackDismissed'))}
            >
              {t('kb-admin:action.feedbackDismissed')}
            </button>
          </div>
        </form>
      ) : (
        <span className="muted">
          {t(`kb-admin:feedbackStatus.${feedback.status}`)} · {personName(t, feedback.resolvedBy)}
          {feedback.resolutionNote && ` · ${feedback.resolutionNote}`}
        </span>
      )}
      <ActionResult message={message} />
    </li>
  );
}
