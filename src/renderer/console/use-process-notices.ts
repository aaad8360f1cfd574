import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { processNotices, type ProcessNotice, type ProcessSnapshot } from '../../shared/console/tickets';
import type { SessionView } from '../../shared/contract';
import { useApiQuery } from '../api/api-context';
import { formatAmountFen } from './console-format';

const ticketName = (ticket: { ticketNumber: string | null; ticketTitle: string }) => ticket.ticketNumber ?? ticket.ticketTitle;

function noticeText(t: TFunction, notice: ProcessNotice, language: string): string {
  switch (notice.kind) {
    case 'approvalDecided':
    case 'approvalRequested': {
      const a = notice.approval;
      const values = { ticket: ticketName(a), kind: t(`console:ticket.approvalKind.${a.kind}`), amount: formatAmountFen(a.amountFen, language), name: a.requestedByName ?? '', note: a.decisionNote ?? '' };
      if (notice.kind === 'approvalRequested') return t('console:notices.approvalRequested', values);
      return t(a.status === 'approved' ? 'console:notices.approved' : a.decisionNote ? 'console:notices.rejectedWithReason' : 'console:notices.rejected', values);
    }
    case 'deadlineWarned':
    case 'deadlineBreached':
      return t(`console:notices.${notice.kind}`, { ticket: ticketName(notice.deadline), deadline: t(`console:ticket.deadline.${notice.deadline.kind}`) });
    case 'alertRaised':
      return t('console:notices.alertRaised', { ticket: ticketName(notice.alert), rule: t(`console:ticket.alertRule.${notice.alert.rule}`) });
    case 'slaMissed': {
      const { miss } = notice;
      const values = { agent: miss.missedByName ?? '', customer: miss.customerName, to: miss.reassignedToName ?? '' };
      return t(miss.reassignedToName ? 'handoff:notices.slaMissed' : 'handoff:notices.slaMissedNobody', values);
    }
  }
}

/**
 * Tells the user what the service process asks of them as it happens: the decision on their
 * refund or coupon request, their clocks turning amber or red, new follow-up alerts, and — for
 * those who decide — new requests and chats whose first response was missed (the SLA reassignment). The lists refetch on every synced change; this compares each
 * new state with the last one, like use-attention does for chats.
 */
export function useProcessNotices(session: SessionView | undefined, t: TFunction, language: string, tell: (text: string) => void): void {
  const enabled = session !== undefined;
  const approvals = useApiQuery('approval.list', {}, { enabled });
  const deadlines = useApiQuery('deadline.list', { attentionOnly: true }, { enabled });
  const alerts = useApiQuery('alert.list', { open: true }, { enabled });
  const decides = session?.user.role === 'supervisor' || session?.user.role === 'admin';
  const slaMisses = useApiQuery('handoff.slaMisses', {}, { enabled: enabled && decides });
  const previous = useRef<ProcessSnapshot | null>(null);
  const userId = session?.user.id;

  useEffect(() => {
    if (userId === undefined || !approvals.data || !deadlines.data || !alerts.data || (decides && !slaMisses.data)) return;
    const next: ProcessSnapshot = { approvals: approvals.data, deadlines: deadlines.data, alerts: alerts.data, slaMisses: slaMisses.data ?? [] };
    const notices = processNotices(previous.current, next, { id: userId, decidesApprovals: decides });
    previous.current = next;
    for (const notice of notices) tell(noticeText(t, notice, language));
  }, [approvals.data, deadlines.data, alerts.data, slaMisses.data, userId, decides, t, language, tell]);
}
