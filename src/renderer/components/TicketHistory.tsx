import { useTranslation } from 'react-i18next';
import { categoryLabel, eventNoteShown, ticketEventPhrase } from '../../shared/console/tickets';
import type { TicketCategoryNode, TicketDetail } from '../../shared/contract/tickets';
import { useApiQuery } from '../api/api-context';
import { formatDateTime } from '../console/console-format';
import { phraseText } from '../console/ticket-format';

/** 全鏈路: every operation on the ticket, who and when, in words, newest last as it happened. */
export function TicketHistory({ detail, tree }: { detail: TicketDetail; tree: readonly TicketCategoryNode[] }) {
  const { t, i18n } = useTranslation();
  const users = useApiQuery('directory.users', {});
  const orders = new Map(detail.orders.map((o) => [o.id, o.orderNo]));
  const names = new Map((users.data ?? []).map((u) => [u.id, u.displayName]));
  const lookup = { category: (id: string) => categoryLabel(tree, id), order: (id: string) => orders.get(id) ?? null, user: (id: string) => names.get(id) ?? null };
  return (
    <section aria-labelledby="ticket-history-title">
      <h4 id="ticket-history-title">{t('console:ticket.history')}</h4>
      <ol className="ticket-history">
        {detail.events.map((event) => (
          <li key={event.id} data-event-kind={event.kind}>
            <time className="muted" dateTime={event.createdAt}>
              {formatDateTime(event.createdAt, i18n.language)}
            </time>{' '}
            <span className="event-actor">{event.actorName ?? t('console:ticket.event.system')}</span>{' '}
            <span className="event-text">{phraseText(t, ticketEventPhrase(event, lookup))}</span>
            {event.note && eventNoteShown(event.kind) && <span className="event-note">{t('console:ticket.event.note', { note: event.note })}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
