import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditSearchInput } from '../../shared/contract/tickets';
import { useApiQuery } from '../api/api-context';
import { formatDateTime } from '../console/console-format';
import { errorText } from '../i18n/format';
import { Modal } from './Modal';

/** A date field's day, as the first or the last instant of that local day. */
function dayBound(day: string, end: boolean): string | null {
  if (day === '') return null;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return null;
  if (end) date.setDate(date.getDate() + 1);
  return new Date(date.getTime() - (end ? 1 : 0)).toISOString();
}

/**
 * The audit trail for supervisors and admins. It lives only on the central server, so the search
 * runs there: offline it says so instead of showing an empty, misleading result.
 */
export function AuditDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const textRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [actorId, setActorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The search runs on submit: each keystroke would be a round trip to the server.
  const [search, setSearch] = useState<Partial<AuditSearchInput> | null>(null);
  const results = useApiQuery('audit.search', search ?? {}, { enabled: search !== null, staleTime: 0, gcTime: 0 });
  const users = useApiQuery('directory.users', {});

  return (
    <Modal labelledBy={`${ids}-title`} className="audit-dialog" onClose={onClose} initialFocus={textRef}>
      <header className="modal-header">
        <h2 id={`${ids}-title`}>{t('console:audit.title')}</h2>
        <button type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      <form
        className="dialog-body audit-filters"
        onSubmit={(event) => {
          event.preventDefault();
          const input: Partial<AuditSearchInput> = { text, actorId: actorId === '' ? null : actorId, from: dayBound(from, false), to: dayBound(to, true) };
          // The same filters again mean "look again": the log has grown since.
          if (JSON.stringify(search) === JSON.stringify(input)) void results.refetch();
          else setSearch(input);
        }}
      >
        <label className="form-field">
          <span>{t('console:audit.text')}</span>
          <input ref={textRef} type="search" value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <label className="form-field">
          <span>{t('console:audit.user')}</span>
          <select value={actorId} onChange={(event) => setActorId(event.target.value)}>
            <option value="">{t('ticket-admin:audit.anyone')}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {t('ticket-admin:audit.userOption', { name: u.displayName, agentNo: u.agentNo, role: t(`console:role.${u.role}`) })}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('console:audit.from')}</span>
          <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label className="form-field">
          <span>{t('console:audit.to')}</span>
          <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <button type="submit" className="primary">
          {t('console:audit.search')}
        </button>
      </form>
      <div className="dialog-body">
        {results.isFetching && <p className="muted">{t('app.loading')}</p>}
        {results.error && (
          <p className="dialog-error" role="alert">
            {errorText(t, results.error)}
          </p>
        )}
        {results.data && !results.isFetching && results.data.length === 0 && <p className="muted">{t('console:audit.none')}</p>}
        {results.data && results.data.length > 0 && (
          <table className="audit-table">
            <caption className="visually-hidden">{t('console:audit.results', { count: results.data.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console:audit.column.time')}</th>
                <th scope="col">{t('console:audit.column.actor')}</th>
                <th scope="col">{t('console:audit.column.action')}</th>
                <th scope="col">{t('console:audit.column.target')}</th>
                <th scope="col">{t('console:audit.column.outcome')}</th>
                <th scope="col">{t('console:audit.column.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {results.data.map((entry) => (
                <tr key={entry.id} data-outcome={entry.outcome}>
                  <td>
                    <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, i18n.language)}</time>
                  </td>
                  <td>
                    {entry.actorName ?? entry.actorId ?? t(`console:audit.actorKind.${entry.actorKind}`)}
                    {entry.actorRole && <span className="muted"> · {t(`console:role.${entry.actorRole}`, { defaultValue: entry.actorRole })}</span>}
                  </td>
                  <td className="audit-action">{entry.action}</td>
                  <td>{entry.entity && `${entry.entity} ${entry.entityId ?? ''}`}</td>
                  <td className={entry.outcome === 'rejected' ? 'error' : undefined}>
                    {t(`console:audit.outcome.${entry.outcome}`)}
                    {entry.messageKey && ` · ${t(entry.messageKey)}`}
                  </td>
                  <td className="audit-detail">{entry.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Modal>
  );
}
