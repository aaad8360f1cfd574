import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerPanelView } from '../../shared/contract/settings';
import type { RevealableField } from '../../shared/contract/tickets';
import { useApi, useApiQuery } from '../api/api-context';
import { formatAmountFen, formatDateTime } from '../console/console-format';
import { errorText } from '../i18n/format';

const MAX_LEVEL = 5;

/**
 * The customer 360° panel: profile, tags, value level, orders, earlier conversations and tickets.
 * Phone, ID number and address arrive masked from the core; "show" asks the server for one field,
 * which checks the permission and audits the reveal. The owner mounts the panel per chat, so a
 * revealed value is gone as soon as the agent moves to another chat.
 */
export function CustomerPanel({ customerId, openConversationId }: { customerId: string; openConversationId: string }) {
  const { t, i18n } = useTranslation();
  const customer = useApiQuery('console.customer', { customerId });
  const data = customer.data;
  const field = (name: RevealableField, label: string, masked: string | null) => (
    <>
      <dt>{label}</dt>
      <dd>
        <RevealableValue customerId={customerId} field={name} label={label} masked={masked} />
      </dd>
    </>
  );
  const language = i18n.language;
  const items = new Intl.ListFormat(language, { type: 'unit' });
  return (
    <aside className="customer-panel" aria-labelledby="customer-panel-title">
      <h2 id="customer-panel-title">{t('console:customer.title')}</h2>
      {customer.error && <p className="error">{errorText(t, customer.error)}</p>}
      {customer.data && (
        <>
          <dl className="profile">
            <dt>{t('console:customer.name')}</dt>
            <dd>{customer.data.name}</dd>
            <dt>{t('console:customer.valueLevel')}</dt>
            <dd aria-label={t('console:customer.valueLevelOf', { level: customer.data.valueLevel, max: MAX_LEVEL })}>
              <span aria-hidden="true" className="value-stars">
                {'★'.repeat(customer.data.valueLevel)}
                {'☆'.repeat(Math.max(0, MAX_LEVEL - customer.data.valueLevel))}
              </span>
            </dd>
            {data && field('phone', t('console:customer.phone'), data.phoneMasked)}
            {data && field('id_number', t('console:customer.idNumber'), data.idNumberMasked)}
            {data && field('address', t('console:customer.address'), data.addressMasked)}
          </dl>
          <p className="hint">{t('console:customer.maskedHint')}</p>
          <h3>{t('customer.tags')}</h3>
          <ul className="tags">
            {customer.data.tags.map((tag) => (
              <li key={tag}>{tag}</li>
            ))}
          </ul>
          <h3>{t('console:customer.orders', { count: customer.data.orders.length })}</h3>
          <ul className="panel-list">
            {customer.data.orders.map((order) => (
              <li key={order.id}>
                <span className="order-no">{order.orderNo}</span>
                <span className="badge">{t(`console:orderStatus.${order.status}`)}</span>
                <span>{formatAmountFen(order.amountFen, language)}</span>
                <span className="muted">{items.format(order.items.map((item) => t('console:customer.item', { name: item.name, quantity: item.quantity })))}</span>
                <time className="muted" dateTime={order.placedAt}>
                  {formatDateTime(order.placedAt, language)}
                </time>
              </li>
            ))}
          </ul>
          <h3>{t('console:customer.conversations', { count: customer.data.conversations.length })}</h3>
          <ul className="panel-list">
            {customer.data.conversations.map((c) => (
              <li key={c.id} aria-current={c.id === openConversationId ? 'true' : undefined}>
                <span>{c.subject}</span>
                <span className="badge">{t(`conversations.status.${c.status}`)}</span>
                <span className="muted">{t(`channel.${c.channel}`)}</span>
                <time className="muted" dateTime={c.lastMessageAt}>
                  {formatDateTime(c.lastMessageAt, language)}
                </time>
              </li>
            ))}
          </ul>
          <h3>{t('console:customer.tickets', { count: customer.data.tickets.length })}</h3>
          <ul className="panel-list">
            {customer.data.tickets.map((ticket) => (
              <li key={ticket.id}>
                <span className="order-no">{ticket.number ?? t('console:customer.ticketPending')}</span>
                <span>{ticket.title}</span>
                <span className="badge">{t(`console:ticketStatus.${ticket.status}`)}</span>
                <span className="muted">{t(`console:ticketPriority.${ticket.priority}`)}</span>
              </li>
            ))}
          </ul>
          <SatisfactionHistory customer={customer.data} />
        </>
      )}
    </aside>
  );
}

/**
 * 滿意度記錄 (SPEC §3): the customer's answer per chat (CSAT 1–5) and per ticket's closing survey
 * (CSAT, NPS), newest first, with the average an agent wants to know before answering.
 */
function SatisfactionHistory({ customer }: { customer: CustomerPanelView }) {
  const { t, i18n } = useTranslation();
  const entries = [
    ...customer.conversations.flatMap((c) => (c.csatScore === null ? [] : [{ key: `c-${c.id}`, what: c.subject, csat: c.csatScore, nps: null as number | null, at: c.lastMessageAt }])),
    ...customer.tickets.flatMap((ticket) =>
      ticket.csatScore === null && ticket.npsScore === null
        ? []
        : [{ key: `t-${ticket.id}`, what: `${ticket.number ?? t('console:customer.ticketPending')} ${ticket.title}`, csat: ticket.csatScore, nps: ticket.npsScore, at: ticket.confirmedAt ?? ticket.updatedAt }],
    ),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const scores = entries.flatMap((e) => (e.csat === null ? [] : [e.csat]));
  const average = scores.length === 0 ? null : scores.reduce((sum, s) => sum + s, 0) / scores.length;
  return (
    <section aria-labelledby="customer-satisfaction-title">
      <h3 id="customer-satisfaction-title">{t('ticket-admin:satisfaction.title', { count: entries.length })}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('ticket-admin:satisfaction.none')}</p>
      ) : (
        <>
          {average !== null && <p data-testid="csat-average">{t('ticket-admin:satisfaction.average', { score: average.toFixed(1), count: scores.length })}</p>}
          <ul className="panel-list satisfaction-list">
            {entries.map((entry) => (
              <li key={entry.key}>
                <span>{entry.what}</span>
                {entry.csat !== null && <span className="badge">{t('console:ticket.survey.csat', { score: entry.csat })}</span>}
                {entry.nps !== null && <span className="badge">{t('console:ticket.survey.nps', { score: entry.nps })}</span>}
                <time className="muted" dateTime={entry.at}>
                  {formatDateTime(entry.at, i18n.language)}
                </time>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function RevealableValue({ customerId, field, label, masked }: { customerId: string; field: RevealableField; label: string; masked: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (masked === null) return <span>{t('console:customer.none')}</span>;
  if (revealed !== null) return <span className="revealed" data-field={field}>{revealed}</span>;
  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api['customer.reveal']({ customerId, field });
      setRevealed(result.value ?? t('console:customer.none'));
    } catch (failure) {
      setError(errorText(t, failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <span className="masked" data-field={field}>
        {masked}
      </span>{' '}
      <button type="button" className="reveal-button" disabled={busy} aria-label={t('console:customer.revealField', { field: label })} onClick={() => void reveal()}>
        {t('console:customer.reveal')}
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}
