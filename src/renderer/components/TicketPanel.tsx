import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketSummary } from '../../shared/contract/tickets';
import { useApiQuery } from '../api/api-context';
import { useNow } from '../api/use-now';
import { countdownText } from '../console/ticket-format';
import { errorText } from '../i18n/format';
import { TicketDetailView } from './TicketDetailView';

export type TicketScope = 'chat' | 'mine';

interface Props {
  scope: TicketScope;
  /** The open chat, whose tickets the 'chat' scope lists. */
  conversationId: string | null;
  ticketId: string | null;
  onScope(scope: TicketScope): void;
  onSelect(ticketId: string | null): void;
  /** Esc from the list: back to the reply box, the panel stays. */
  onLeave(): void;
  onClose(): void;
}

/**
 * Tickets beside the chat: the open chat's tickets or all of mine, and one ticket's whole process
 * (status, clocks, escalation, diagnosis, refunds, alerts, history). Esc steps back: ticket → list →
 * reply box, like the knowledge-base panel.
 */
export function TicketPanel({ scope, conversationId, ticketId, onScope, onSelect, onLeave, onClose }: Props) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLUListElement>(null);
  const focusList = useRef(false);
  // A ticket opened from the list takes the keyboard; one opened for the agent (just created) leaves it in the reply box.
  const [focusDetail, setFocusDetail] = useState(false);
  // What happened to the ticket just left (transferred), said above the list.
  const [notice, setNotice] = useState<string | null>(null);
  const input = scope === 'chat' ? { conversationId: conversationId ?? '' } : {};
  const tickets = useApiQuery('ticket.list', input, { enabled: scope === 'mine' || conversationId !== null });

  useLayoutEffect(() => {
    if (!focusList.current || ticketId !== null) return;
    focusList.current = false;
    listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  });

  const back = () => {
    focusList.current = true;
    setFocusDetail(false);
    setNotice(null);
    onSelect(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (ticketId !== null) back();
    else onLeave();
  };

  return (
    <aside className="side-panel ticket-panel" aria-labelledby="ticket-panel-title" onKeyDown={onKeyDown}>
      <header className="side-panel-header">
        <h2 id="ticket-panel-title">{t('console:ticket.panelTitle')}</h2>
        <button type="button" className="side-panel-close" onClick={onClose}>
          {t('console:ticket.close')}
        </button>
      </header>
      {ticketId === null ? (
        <>
          <div className="ticket-scopes" role="group" aria-label={t('console:ticket.scope')}>
            {(['chat', 'mine'] as const).map((s) => (
              <button key={s} type="button" aria-pressed={scope === s} onClick={() => onScope(s)}>
                {t(`console:ticket.scopes.${s}`)}
              </button>
            ))}
          </div>
          <p className="ticket-panel-notice" role="status">
            {notice}
          </p>
          {tickets.error && <p className="error">{errorText(t, tickets.error)}</p>}
          {scope === 'chat' && conversationId === null ? (
            <p className="empty">{t('console:chat.noSelection')}</p>
          ) : (
            <TicketList
              tickets={tickets.data}
              listRef={listRef}
              onSelect={(id) => {
                setFocusDetail(true);
                setNotice(null);
                onSelect(id);
              }}
            />
          )}
          <p className="picker-hint">{t('console:ticket.listHint')}</p>
        </>
      ) : (
        <TicketDetailView
          key={ticketId}
          ticketId={ticketId}
          takeFocus={focusDetail}
          onBack={back}
          onTransferred={(text) => {
            back();
            setNotice(text);
          }}
        />
      )}
    </aside>
  );
}

function TicketList({ tickets, listRef, onSelect }: { tickets: TicketSummary[] | undefined; listRef: RefObject<HTMLUListElement | null>; onSelect(id: string): void }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!tickets) return null;
  if (tickets.length === 0) return <p className="empty">{t('console:ticket.none')}</p>;
  return (
    <ul ref={listRef} className="ticket-list">
      {tickets.map((ticket) => {
        const due = ticket.nextDueAt === null ? null : countdownText(t, Date.parse(ticket.nextDueAt) - now);
        return (
          <li key={ticket.id}>
            <button type="button" className="ticket-row" data-ticket-id={ticket.id} data-status={ticket.status} onClick={() => onSelect(ticket.id)}>
              <span className="ticket-row-head">
                <span className="order-no">{ticket.number ?? t('console:ticket.numberPending')}</span>
                <span className={`badge status-${ticket.status}`}>{t(`console:ticketStatus.${ticket.status}`)}</span>
                <span className="badge">{t(`console:ticketPriority.${ticket.priority}`)}</span>
                {ticket.pending && <span className="badge pending-badge">{t('console:ticket.notSynced')}</span>}
              </span>
              <span className="ticket-row-title">{ticket.title}</span>
              <span className="ticket-row-meta muted">
                {ticket.customerName}
                {ticket.categoryPath.length > 0 && ` · ${ticket.categoryPath.join(' › ')}`}
              </span>
              {(due || ticket.openAlerts > 0 || ticket.pendingApprovals > 0) && (
                <span className="ticket-row-meta">
                  {due && (
                    <span className={ticket.breached || due.overdue ? 'clock-breached' : undefined}>
                      {t('console:ticket.clock.next', { clock: due.text })}
                    </span>
                  )}
                  {ticket.openAlerts > 0 && <span className="badge clock-warned">{t('console:ticket.openAlerts', { count: ticket.openAlerts })}</span>}
                  {ticket.pendingApprovals > 0 && <span className="badge">{t('console:ticket.pendingApprovals', { count: ticket.pendingApprovals })}</span>}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
