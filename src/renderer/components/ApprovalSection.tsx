import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { approvalRoute, parseYuan, refundCheckPhrase } from '../../shared/console/tickets';
import type { ApprovalView, TicketDetail } from '../../shared/contract/tickets';
import { APPROVAL_KINDS, type ApprovalKind } from '../../shared/tickets/process';
import { useApi } from '../api/api-context';
import { formatAmountFen, formatDateTime } from '../console/console-format';
import { phraseText } from '../console/ticket-format';
import { ActionResult } from './ActionResult';
import { useAction } from './use-action';

/**
 * Refunds and compensation coupons: the customer's orders with the refund rule's verdict, the
 * agent's own limits, and — before anything is sent — whether this request stays within them or
 * goes to a supervisor. The server decides the same way; this only tells the agent first.
 */
export function ApprovalSection({ detail }: { detail: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const language = i18n.language;
  const { busy, message, run } = useAction();
  const [kind, setKind] = useState<ApprovalKind>('refund');
  const [orderId, setOrderId] = useState<string | null>(detail.orderId ?? detail.orders[0]?.id ?? null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const amountFen = parseYuan(amount);
  const route = amountFen === null ? null : approvalRoute(kind, amountFen, detail.authorityFen);

  return (
    <section aria-labelledby="ticket-approvals-title">
      <h4 id="ticket-approvals-title">{t('console:approval.title')}</h4>
      <p className="muted">
        {t('console:approval.authority', { refund: formatAmountFen(detail.authorityFen.refund, language), coupon: formatAmountFen(detail.authorityFen.coupon, language) })}
      </p>
      {detail.orders.length > 0 && (
        <ul className="panel-list refund-orders">
          {detail.orders.map((order) => (
            <li key={order.id} data-order-id={order.id} data-verdict={order.refundCheck.verdict}>
              <span className="order-no">{order.orderNo}</span>
              <span className="badge">{t(`console:orderStatus.${order.status}`)}</span>
              <span>{formatAmountFen(order.amountFen, language)}</span>
              <span className={`refund-verdict verdict-${order.refundCheck.verdict}`}>
                {t(`console:approval.verdict.${order.refundCheck.verdict}`)} · {phraseText(t, refundCheckPhrase(order.refundCheck))}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form approval-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (amountFen === null) return;
          const ok = route === 'supervisor' ? t('console:approval.sentToSupervisor') : t('console:approval.recorded');
          void run(() => api['approval.request']({ ticketId: detail.id, kind, amountFen, orderId: kind === 'refund' ? orderId : null, reason }), ok).then((done) => {
            if (!done) return;
            setAmount('');
            setReason('');
          });
        }}
      >
        <div className="form-row">
          <label className="form-field">
            <span>{t('console:approval.kind')}</span>
            <select value={kind} onChange={(event) => setKind(APPROVAL_KINDS.find((k) => k === event.target.value) ?? 'refund')}>
              {APPROVAL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`console:ticket.approvalKind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {kind === 'refund' && (
            <label className="form-field">
              <span>{t('console:ticket.order')}</span>
              <select value={orderId ?? ''} onChange={(event) => setOrderId(event.target.value === '' ? null : event.target.value)}>
                <option value="">{t('console:ticket.noOrder')}</option>
                {detail.orders.map((order) => (
                  <option key={order.id} value={order.id}>
                    {order.orderNo}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="form-field">
            <span>{t('console:approval.amount')}</span>
            <input inputMode="decimal" required value={amount} aria-invalid={amount !== '' && amountFen === null} onChange={(event) => setAmount(event.target.value)} />
          </label>
        </div>
        <p className={`approval-route ${route ?? ''}`} aria-live="polite">
          {amount !== '' && amountFen === null
            ? t('console:approval.amountInvalid')
            : route === 'supervisor'
              ? t('console:approval.route.supervisor', { limit: formatAmountFen(detail.authorityFen[kind], language) })
              : route === 'direct'
                ? t('console:approval.route.direct')
                : ''}
        </p>
        <label className="form-field">
          <span>{t('console:approval.reason')}</span>
          <input required value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || amountFen === null || reason.trim() === ''}>
          {route === 'supervisor' ? t('console:approval.submitForApproval') : t('console:approval.submit')}
        </button>
      </form>
      <ActionResult message={message} />
      {detail.approvals.length > 0 && (
        <ul className="panel-list approval-list">
          {detail.approvals.map((approval) => (
            <ApprovalItem key={approval.id} approval={approval} language={language} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function ApprovalItem({ approval, language }: { approval: ApprovalView; language: string }) {
  const { t } = useTranslation();
  return (
    <li className="approval-item" data-approval-id={approval.id} data-approval-status={approval.status} data-pending={approval.pending || undefined}>
      <span>
        {t(`console:ticket.approvalKind.${approval.kind}`)} {formatAmountFen(approval.amountFen, language)}
        {approval.orderNo && ` · ${approval.orderNo}`}
      </span>
      <span className={`badge approval-${approval.status}`}>{t(`console:approval.status.${approval.status}`)}</span>
      {approval.pending && <span className="badge pending-badge">{t('console:approval.notSynced')}</span>}
      <span className="muted">
        {t('console:approval.requested', { name: approval.requestedByName ?? '', time: formatDateTime(approval.requestedAt, language) })} · {approval.reason}
      </span>
      {approval.status !== 'pending' && (
        <span className="muted approval-decision">
          {t(`console:approval.decided.${approval.status}`, { name: approval.decidedByName ?? '', time: approval.decidedAt ? formatDateTime(approval.decidedAt, language) : '' })}
          {approval.decisionNote && ` · ${approval.decisionNote}`}
        </span>
      )}
    </li>
  );
}
