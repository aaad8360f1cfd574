import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryLabel, pickableTree, transitionOptions, type TransitionOption } from '../../shared/console/tickets';
import { TICKET_TITLE_MAX } from '../../shared/contract/values';
import type { TicketCategoryNode, TicketDetail } from '../../shared/contract/tickets';
import { TICKET_PRIORITIES } from '../../shared/domain/enums';
import { ASSIGNABLE_ROLES, MILESTONES, POOL_LEVELS, type Milestone } from '../../shared/tickets/process';
import { useApi, useApiQuery } from '../api/api-context';
import { useNow } from '../api/use-now';
import { formatDateTime } from '../console/console-format';
import { countdownText } from '../console/ticket-format';
import { errorText } from '../i18n/format';
import { ActionResult } from './ActionResult';
import { ApprovalSection } from './ApprovalSection';
import { CategoryPicker } from './CategoryPicker';
import { DeadlineClock } from './DeadlineClock';
import { DiagnosisForm } from './DiagnosisForm';
import { TicketHistory } from './TicketHistory';
import { useAction } from './use-action';

const ESCALATION_TARGETS = [1, 2, 3] as const;

/** One ticket's whole process: what it is, where it stands, what the agent can do next, and what happened. */
export function TicketDetailView({ ticketId, takeFocus, onBack, onTransferred }: { ticketId: string; takeFocus: boolean; onBack(): void; onTransferred(text: string): void }) {
  const { t, i18n } = useTranslation();
  const ticket = useApiQuery('ticket.get', { ticketId });
  const categories = useApiQuery('ticket.categories', {});
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Opened from the list, the ticket takes the keyboard, so a screen reader starts at its title.
  const loaded = ticket.data !== undefined;
  useEffect(() => {
    if (loaded && takeFocus) headingRef.current?.focus();
  }, [loaded, takeFocus]);

  if (ticket.error) {
    return (
      <div className="ticket-detail">
        <p className="error">{errorText(t, ticket.error)}</p>
        <button type="button" onClick={onBack}>
          {t('console:ticket.back')} <kbd>Esc</kbd>
        </button>
      </div>
    );
  }
  if (!ticket.data) return <p>{t('app.loading')}</p>;
  const detail = ticket.data;
  const tree = categories.data ?? [];
  return (
    <article className="ticket-detail" aria-labelledby="ticket-detail-title" data-ticket-id={detail.id} data-status={detail.status}>
      <button type="button" className="link-button" onClick={onBack}>
        {t('console:ticket.back')} <kbd>Esc</kbd>
      </button>
      <h3 id="ticket-detail-title" ref={headingRef} tabIndex={-1}>
        <span className="order-no ticket-number">{detail.number ?? t('console:ticket.numberPending')}</span> {detail.title}
      </h3>
      <p className="ticket-badges">
        <span className={`badge status-${detail.status}`} data-testid="ticket-status">
          {t(`console:ticketStatus.${detail.status}`)}
        </span>
        <span className="badge">{t(`console:ticketPriority.${detail.priority}`)}</span>
        <span className="badge">{t('console:ticket.poolLevel', { level: detail.poolLevel })}</span>
        {detail.escalationLevel > 0 && <span className="badge clock-warned">{t('console:ticket.escalated', { level: detail.escalationLevel })}</span>}
        {detail.pending && <span className="badge pending-badge">{t('console:ticket.notSynced')}</span>}
      </p>
      <dl className="profile">
        <dt>{t('console:ticket.customer')}</dt>
        <dd>{detail.customerName}</dd>
        <dt>{t('console:ticket.category')}</dt>
        <dd>{categoryLabel(tree, detail.categoryId) ?? (detail.categoryPath.join(' › ') || t('console:ticket.categoryNone'))}</dd>
        <dt>{t('console:ticket.assignee')}</dt>
        <dd>{detail.assigneeName ?? t('console:ticket.nobody')}</dd>
        <dt>{t('console:ticket.createdAt')}</dt>
        <dd>{formatDateTime(detail.createdAt, i18n.language)}</dd>
      </dl>
      {detail.description !== '' && <p className="ticket-description">{detail.description}</p>}
      {detail.rejections.length > 0 && (
        <section className="ticket-rejections" aria-labelledby="ticket-rejections">
          <h4 id="ticket-rejections">{t('console:ticket.rejections')}</h4>
          <ul>
            {detail.rejections.map((r) => (
              <li key={`${r.name}-${r.createdAt}`}>
                {t('console:ticket.rejection', { change: r.name, reason: t(r.messageKey) })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <StatusSection detail={detail} />
      <SurveyResult detail={detail} />
      <DeadlineSection detail={detail} />
      <AlertSection detail={detail} />
      <ApprovalSection detail={detail} />
      <EscalationSection detail={detail} />
      {detail.status !== 'closed' && <AssignSection detail={detail} onTransferred={onTransferred} />}
      <EditSection detail={detail} tree={tree} />
      <DiagnosisForm ticketId={detail.id} diagnosis={detail.diagnosis} />
      <TicketHistory detail={detail} tree={tree} />
    </article>
  );
}

function StatusSection({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, message, run } = useAction();
  const [chosen, setChosen] = useState<TransitionOption | null>(null);
  const [note, setNote] = useState('');
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (chosen) noteRef.current?.focus();
  }, [chosen]);

  const move = async (option: TransitionOption, withNote: string) => {
    const to = t(`console:ticketStatus.${option.to}`);
    if (await run(() => api['ticket.transition']({ ticketId: detail.id, to: option.to, note: withNote }), t('console:ticket.moved', { status: to }))) {
      setChosen(null);
      setNote('');
    }
  };

  return (
    <section aria-labelledby="ticket-status-title">
      <h4 id="ticket-status-title">{t('console:ticket.statusTitle')}</h4>
      <div className="ticket-actions">
        {transitionOptions(detail).map((option) => (
          <button
            key={option.to}
            type="button"
            data-transition={option.to}
            disabled={busy}
            aria-expanded={option.needsNote ? chosen?.to === option.to : undefined}
            onClick={() => (option.needsNote ? setChosen(option) : void move(option, ''))}
          >
            {t(`console:ticket.transition.${option.action}`)}
          </button>
        ))}
      </div>
      {chosen && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void move(chosen, note);
          }}
        >
          <label className="form-field">
            <span>{t('console:ticket.closeNote')}</span>
            <textarea ref={noteRef} required rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
          </label>
          <div className="ticket-actions">
            <button type="submit" disabled={busy || note.trim() === ''}>
              {t(`console:ticket.transition.${chosen.action}`)}
            </button>
            <button type="button" onClick={() => setChosen(null)}>
              {t('console:ticketDialog.cancel')}
            </button>
          </div>
        </form>
      )}
      <ActionResult message={message} />
    </section>
  );
}

function SurveyResult({ detail }: { detail: TicketDetail }) {
  const { t, i18n } = useTranslation();
  if (detail.csatScore === null && detail.surveyRequestedAt === null && detail.confirmedAt === null) return null;
  return (
    <section aria-labelledby="ticket-survey-title" className="ticket-survey">
      <h4 id="ticket-survey-title">{t('console:ticket.survey.title')}</h4>
      {detail.csatScore !== null ? (
        <p className="survey-scores" data-testid="ticket-csat">
          {t('console:ticket.survey.csat', { score: detail.csatScore })}
          {detail.npsScore !== null && ` · ${t('console:ticket.survey.nps', { score: detail.npsScore })}`}
        </p>
      ) : (
        detail.surveyRequestedAt !== null && <p className="muted">{t('console:ticket.survey.waiting', { time: formatDateTime(detail.surveyRequestedAt, i18n.language) })}</p>
      )}
      {detail.confirmedAt !== null && <p>{t('console:ticket.survey.confirmed', { time: formatDateTime(detail.confirmedAt, i18n.language) })}</p>}
    </section>
  );
}

function DeadlineSection({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation();
  const api = useApi();
  const now = useNow();
  const ids = useId();
  const { busy, message, run } = useAction();
  const running = detail.deadlines.filter((d) => d.metAt === null);
  // Each clock names the milestone that stops it, as the server's configuration had it.
  const [milestone, setMilestone] = useState<Milestone>(() => running.find((d) => d.metBy !== null)?.metBy ?? 'progress_feedback');
  const [note, setNote] = useState('');
  const stops = running.filter((d) => d.metBy === milestone);

  return (
    <section aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>{t('console:ticket.deadlines')}</h4>
      {detail.deadlines.length === 0 ? (
        <p className="muted">{t('console:ticket.noDeadlines')}</p>
      ) : (
        <ul className="deadline-list">
          {detail.deadlines.map((deadline) => (
            <li key={deadline.id}>
              <DeadlineClock deadline={deadline} now={now} />
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => api['ticket.recordMilestone']({ ticketId: detail.id, milestone, note }), t('console:ticket.milestoneRecorded', { milestone: t(`console:ticket.milestone.${milestone}`) })).then(
            (ok) => ok && setNote(''),
          );
        }}
      >
        <label className="form-field">
          <span>{t('console:ticket.milestoneLabel')}</span>
          <select value={milestone} onChange={(event) => setMilestone(MILESTONES.find((m) => m === event.target.value) ?? 'progress_feedback')}>
            {MILESTONES.map((m) => (
              <option key={m} value={m}>
                {t(`console:ticket.milestone.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <p className="hint">
          {stops.length > 0 ? t('console:ticket.milestoneStops', { clocks: stops.map((d) => t(`console:ticket.deadline.${d.kind}`)).join(t('console:ticket.listSeparator')) }) : t('console:ticket.milestoneNoClock')}
        </p>
        <label className="form-field">
          <span>{t('console:ticket.milestoneNote')}</span>
          <input required value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || note.trim() === ''}>
          {t('console:ticket.recordMilestone')}
        </button>
      </form>
      <ActionResult message={message} />
    </section>
  );
}

function AlertSection({ detail }: { detail: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (detail.alerts.length === 0) return null;
  return (
    <section aria-labelledby="ticket-alerts-title">
      <h4 id="ticket-alerts-title">{t('console:ticket.alerts')}</h4>
      <ul className="panel-list">
        {detail.alerts.map((alert) =>
          alert.doneAt === null ? (
            <AlertItem key={alert.id} alertId={alert.id} rule={alert.rule} contactDueAt={alert.contactDueAt} now={now} />
          ) : (
            <li key={alert.id} className="muted">
              {t(`console:ticket.alertRule.${alert.rule}`)} · {t('console:ticket.alertDone', { name: alert.doneByName ?? '', time: formatDateTime(alert.doneAt, i18n.language) })}
              {alert.doneNote && ` · ${alert.doneNote}`}
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

function AlertItem({ alertId, rule, contactDueAt, now }: { alertId: string; rule: string; contactDueAt: string; now: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, message, run } = useAction();
  const [note, setNote] = useState('');
  const overdue = Date.parse(contactDueAt) <= now;
  return (
    <li className={overdue ? 'alert-item clock-breached' : 'alert-item clock-warned'} data-alert-id={alertId}>
      <span>{t(`console:ticket.alertRule.${rule}`)}</span>
      <span className="deadline-time">{t('console:ticket.contactWithin', { clock: countdownText(t, Date.parse(contactDueAt) - now).text })}</span>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => api['alert.done']({ alertId, note }), t('console:ticket.contacted'));
        }}
      >
        <label className="form-field">
          <span>{t('console:ticket.contactNote')}</span>
          <input required value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || note.trim() === ''}>
          {t('console:ticket.markContacted')}
        </button>
      </form>
      <ActionResult message={message} />
    </li>
  );
}

function EscalationSection({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, message, run } = useAction();
  const next = Math.min(3, detail.escalationLevel + 1) as 1 | 2 | 3;
  const [level, setLevel] = useState<1 | 2 | 3>(next);
  const [reason, setReason] = useState('');
  return (
    <section aria-labelledby="ticket-escalation-title">
      <h4 id="ticket-escalation-title">{t('console:ticket.escalation')}</h4>
      <p className="muted">{detail.escalationLevel === 0 ? t('console:ticket.notEscalated') : t('console:ticket.escalated', { level: detail.escalationLevel })}</p>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => api['ticket.escalate']({ ticketId: detail.id, level, reason }), t('console:ticket.escalatedTo', { level })).then((ok) => ok && setReason(''));
        }}
      >
        <label className="form-field">
          <span>{t('console:ticket.escalationLevel')}</span>
          <select value={level} onChange={(event) => setLevel(ESCALATION_TARGETS.find((l) => String(l) === event.target.value) ?? 1)}>
            {ESCALATION_TARGETS.map((l) => (
              <option key={l} value={l}>
                {t(`console:ticket.escalationTarget.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('console:ticket.escalationReason')}</span>
          <input required value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || reason.trim() === ''}>
          {t('console:ticket.escalate')}
        </button>
      </form>
      <ActionResult message={message} />
    </section>
  );
}

/**
 * 轉交: to a colleague or a supervisor, with a note of the context and what was tried. The ticket,
 * its history and its clocks then leave this replica (unless this user sees every ticket) and
 * reach the new owner's, whose console warns them of its clocks from now on.
 */
function AssignSection({ detail, onTransferred }: { detail: TicketDetail; onTransferred(text: string): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const users = useApiQuery('directory.users', {});
  const { busy, message, run } = useAction();
  const candidates = (users.data ?? []).filter((u) => ASSIGNABLE_ROLES.includes(u.role) && u.id !== detail.assigneeId);
  const [assigneeId, setAssigneeId] = useState('');
  const [note, setNote] = useState('');
  const chosen = candidates.find((u) => u.id === assigneeId) ?? null;
  return (
    <section aria-labelledby="ticket-assign-title">
      <h4 id="ticket-assign-title">{t('ticket-admin:assign.title')}</h4>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!chosen) return;
          const done = t('ticket-admin:assign.done', { name: chosen.displayName });
          void run(() => api['ticket.assign']({ ticketId: detail.id, assigneeId: chosen.id, note }), done).then((ok) => ok && onTransferred(done));
        }}
      >
        <label className="form-field">
          <span>{t('ticket-admin:assign.to')}</span>
          <select required value={assigneeId} onChange={(event) => setAssigneeId(event.target.value)}>
            <option value="">{t('ticket-admin:assign.choose')}</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {t('ticket-admin:assign.option', { name: u.displayName, agentNo: u.agentNo, role: t(`console:role.${u.role}`), presence: t(`console:presence.${u.presence}`) })}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('ticket-admin:assign.note')}</span>
          <textarea required rows={2} value={note} placeholder={t('ticket-admin:assign.notePlaceholder')} onChange={(event) => setNote(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || chosen === null || note.trim() === ''}>
          {t('ticket-admin:assign.submit')}
        </button>
      </form>
      <ActionResult message={message} />
    </section>
  );
}

/** Title, priority, pool level and category, saved one change at a time (each is its own history line). */
function EditSection({ detail, tree }: { detail: TicketDetail; tree: readonly TicketCategoryNode[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useId();
  const { message, run } = useAction();
  const [title, setTitle] = useState(detail.title);
  const update = (changes: Parameters<typeof api['ticket.update']>[0]['changes']) =>
    void run(() => api['ticket.update']({ ticketId: detail.id, changes }), t('console:ticket.saved'));
  return (
    <details className="ticket-edit">
      <summary>{t('console:ticket.edit')}</summary>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (title.trim() !== detail.title) update({ title });
        }}
      >
        <label className="form-field">
          <span>{t('console:ticket.titleField')}</span>
          <input required maxLength={TICKET_TITLE_MAX} value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <button type="submit">{t('console:ticket.saveTitle')}</button>
      </form>
      <div className="form-row">
        <label className="form-field">
          <span>{t('console:ticket.priority')}</span>
          <select value={detail.priority} onChange={(event) => update({ priority: TICKET_PRIORITIES.find((p) => p === event.target.value) ?? detail.priority })}>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`console:ticketPriority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('console:ticket.pool')}</span>
          <select value={detail.poolLevel} onChange={(event) => update({ poolLevel: POOL_LEVELS.find((l) => String(l) === event.target.value) ?? detail.poolLevel })}>
            {POOL_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t('console:ticket.poolLevel', { level: l })} · {t(`console:ticket.poolHint.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <CategoryPicker tree={pickableTree(tree, detail.categoryId)} value={detail.categoryId} onChange={(categoryId, complete) => complete && categoryId !== detail.categoryId && update({ categoryId })} idPrefix={ids} />
      <ActionResult message={message} />
    </details>
  );
}
