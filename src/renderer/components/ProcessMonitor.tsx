import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalView } from '../../shared/contract/tickets';
import { useApi, useApiQuery } from '../api/api-context';
import { useNow } from '../api/use-now';
import { formatAmountFen, formatDateTime } from '../console/console-format';
import { countdownText } from '../console/ticket-format';
import { errorText } from '../i18n/format';
import { ActionResult } from './ActionResult';
import { DeadlineClock } from './DeadlineClock';
import { Modal } from './Modal';
import { useAction } from './use-action';

/**
 * The supervisor's process monitor: requests waiting for their decision, clocks about to run out
 * or already run out (with whose they are), and follow-up alerts nobody has acted on yet. Every
 * list refreshes as the sync brings changes in.
 */
export function ProcessMonitor({ onOpenTicket, onClose }: { onOpenTicket(ticketId: string): void; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const approvals = useApiQuery('approval.list', { status: 'pending' });
  const deadlines = useApiQuery('deadline.list', { attentionOnly: true });
  const alerts = useApiQuery('alert.list', { open: true });
  const slaMisses = useApiQuery('handoff.slaMisses', {});
  const closeRef = useRef<HTMLButtonElement>(null);
  const ticketLink = (ticketId: string, number: string | null, title: string) => (
    <button type="button" className="link-button" onClick={() => onOpenTicket(ticketId)}>
      {number ?? t('console:ticket.numberPending')} {title}
    </button>
  );
  return (
    <Modal labelledBy="monitor-title" className="process-monitor" onClose={onClose} initialFocus={closeRef}>
      <header className="modal-header">
        <h2 id="monitor-title">{t('console:monitor.title')}</h2>
        <button ref={closeRef} type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      <section className="dialog-body" aria-labelledby="monitor-approvals">
        <h3 id="monitor-approvals">{t('console:monitor.approvals', { count: approvals.data?.length ?? 0 })}</h3>
        {approvals.error && <p className="error">{errorText(t, approvals.error)}</p>}
        {approvals.data?.length === 0 && <p className="muted">{t('console:monitor.noApprovals')}</p>}
        <ul className="panel-list">
          {approvals.data?.map((approval) => (
            <PendingApproval key={approval.id} approval={approval} ticket={ticketLink(approval.ticketId, approval.ticketNumber, approval.ticketTitle)} />
          ))}
        </ul>
      </section>
      <section className="dialog-body" aria-labelledby="monitor-deadlines">
        <h3 id="monitor-deadlines">{t('console:monitor.deadlines', { count: deadlines.data?.length ?? 0 })}</h3>
        {deadlines.error && <p className="error">{errorText(t, deadlines.error)}</p>}
        {deadlines.data?.length === 0 && <p className="muted">{t('console:monitor.noDeadlines')}</p>}
        <ul className="panel-list">
          {deadlines.data?.map((deadline) => (
            <li key={deadline.id} data-deadline-id={deadline.id}>
              {ticketLink(deadline.ticketId, deadline.ticketNumber, deadline.ticketTitle)}
              <DeadlineClock deadline={deadline} now={now} />
              <span className="muted">{t('console:monitor.owner', { name: deadline.assigneeName ?? t('console:ticket.nobody') })}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="dialog-body" aria-labelledby="monitor-alerts">
        <h3 id="monitor-alerts">{t('console:monitor.alerts', { count: alerts.data?.length ?? 0 })}</h3>
        {alerts.error && <p className="error">{errorText(t, alerts.error)}</p>}
        {alerts.data?.length === 0 && <p className="muted">{t('console:monitor.noAlerts')}</p>}
        <ul className="panel-list">
          {alerts.data?.map((alert) => {
            const due = countdownText(t, Date.parse(alert.contactDueAt) - now);
            return (
              <li key={alert.id} data-alert-id={alert.id}>
                {ticketLink(alert.ticketId, alert.ticketNumber, alert.ticketTitle)}
                <span>{t(`console:ticket.alertRule.${alert.rule}`)}</span>
                <span className={due.overdue ? 'clock-breached' : 'clock-warned'}>{t('console:ticket.contactWithin', { clock: due.text })}</span>
                <span className="muted">
                  {t('console:monitor.owner', { name: alert.assigneeName ?? t('console:ticket.nobody') })} · {formatDateTime(alert.raisedAt, i18n.language)}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
      <section className="dialog-body" aria-labelledby="monitor-sla-misses">
        <h3 id="monitor-sla-misses">{t('handoff:monitor.slaMisses', { count: slaMisses.data?.length ?? 0 })}</h3>
        {slaMisses.error && <p className="error">{errorText(t, slaMisses.error)}</p>}
        {slaMisses.data?.length === 0 && <p className="muted">{t('handoff:monitor.noSlaMisses')}</p>}
        <ul className="panel-list">
          {slaMisses.data?.map((miss) => (
            <li key={miss.id} data-sla-miss-id={miss.id}>
              <span>{t('handoff:monitor.slaMissLine', { customer: miss.customerName, subject: miss.subject })}</span>
              <span className="clock-breached">{t('handoff:monitor.slaMissWho', { agent: miss.missedByName ?? '', to: miss.reassignedToName ?? t('handoff:monitor.nobody') })}</span>
              <span className="muted">{formatDateTime(miss.createdAt, i18n.language)}</span>
            </li>
          ))}
        </ul>
      </section>
    </Modal>
  );
}

/** Approve in one press; rejecting needs the reason the agent (and the customer) will be given. */
function PendingApproval({ approval, ticket }: { approval: ApprovalView; ticket: ReactNode }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { busy, message, run } = useAction();
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const decide = (decision: 'approved' | 'rejected') =>
    void run(() => api['approval.decide']({ approvalId: approval.id, decision, note }), t(`console:monitor.decided.${decision}`));
  return (
    <li className="approval-item" data-approval-id={approval.id}>
      {ticket}
      <span>
        {t(`console:ticket.approvalKind.${approval.kind}`)} <strong>{formatAmountFen(approval.amountFen, i18n.language)}</strong>
        {approval.orderNo && ` · ${approval.orderNo}`}
      </span>
      <span className="muted">
        {t('console:approval.requested', { name: approval.requestedByName ?? '', time: formatDateTime(approval.requestedAt, i18n.language) })} · {approval.reason}
      </span>
      <form
        className="inline-form decide-form"
        onSubmit={(event) => {
          event.preventDefault();
          decide(rejecting ? 'rejected' : 'approved');
        }}
      >
        {rejecting && (
          <label className="form-field">
            <span>{t('console:monitor.rejectReason')}</span>
            <input autoFocus required value={note} onChange={(event) => setNote(event.target.value)} />
          </label>
        )}
        <div className="ticket-actions">
          {rejecting ? (
            <>
              <button type="submit" disabled={busy || note.trim() === ''}>
                {t('console:monitor.reject')}
              </button>
              <button type="button" onClick={() => setRejecting(false)}>
                {t('console:ticketDialog.cancel')}
              </button>
            </>
          ) : (
            <>
              <button type="submit" className="primary" disabled={busy}>
                {t('console:monitor.approve')}
              </button>
              <button type="button" onClick={() => setRejecting(true)}>
                {t('console:monitor.rejectWithReason')}
              </button>
            </>
          )}
        </div>
      </form>
      <ActionResult message={message} />
    </li>
  );
}
