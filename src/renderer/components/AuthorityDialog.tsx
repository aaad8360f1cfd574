import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthorityCell } from '../../shared/contract/ticket-admin';
import { MAX_AUTHORITY_FEN, parseLimitYuan, UNLIMITED_FEN, type EffectiveAuthority, type LimitedRole } from '../../shared/tickets/authority';
import { APPROVAL_KINDS, type ApprovalKind } from '../../shared/tickets/process';
import { useApi, useApiQuery } from '../api/api-context';
import { formatAmountFen } from '../console/console-format';
import { errorText } from '../i18n/format';
import { ActionResult } from './ActionResult';
import { Modal } from './Modal';
import { useAction } from './use-action';

type Subject = { role: LimitedRole; userId: null } | { role: null; userId: string };

/**
 * 權限邊界 for admins (SPEC §6): refund and coupon limits per role and per person, and the limit
 * each person actually has — their own, else their role's, else the standard's. A field left
 * empty follows the level above. The server checks every approval against the same rows.
 */
export function AuthorityDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const overview = useApiQuery('authority.overview', {});
  const closeRef = useRef<HTMLButtonElement>(null);
  const kindHeaders = APPROVAL_KINDS.map((kind) => (
    <th key={kind} scope="col">
      {t(`ticket-admin:authority.kind.${kind}`)}
    </th>
  ));
  return (
    <Modal labelledBy={`${ids}-title`} className="authority-dialog" onClose={onClose} initialFocus={closeRef}>
      <header className="modal-header">
        <h2 id={`${ids}-title`}>{t('ticket-admin:authority.title')}</h2>
        <button ref={closeRef} type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      <div className="dialog-body">
        <p className="hint">{t('ticket-admin:authority.hint', { max: formatAmountFen(MAX_AUTHORITY_FEN, i18n.language) })}</p>
        {overview.error && (
          <p className="dialog-error" role="alert">
            {errorText(t, overview.error)}
          </p>
        )}
        {overview.data && (
          <>
            <table className="authority-table" aria-labelledby={`${ids}-roles`}>
              <caption id={`${ids}-roles`}>{t('ticket-admin:authority.byRole')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ticket-admin:authority.role')}</th>
                  {kindHeaders}
                </tr>
              </thead>
              <tbody>
                {overview.data.roles.map((row) => (
                  <tr key={row.role} data-role={row.role}>
                    <th scope="row">{t(`console:role.${row.role}`)}</th>
                    {APPROVAL_KINDS.map((kind) => (
                      <td key={kind}>
                        <LimitField subject={{ role: row.role, userId: null }} subjectName={t(`console:role.${row.role}`)} kind={kind} cell={row.limits[kind]} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="authority-table" aria-labelledby={`${ids}-people`}>
              <caption id={`${ids}-people`}>{t('ticket-admin:authority.byPerson')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ticket-admin:authority.person')}</th>
                  {kindHeaders}
                </tr>
              </thead>
              <tbody>
                {overview.data.users.map((user) => (
                  <tr key={user.id} data-user-id={user.id}>
                    <th scope="row">
                      {user.displayName} <span className="muted">{user.agentNo} · {t(`console:role.${user.role}`)}</span>
                    </th>
                    {APPROVAL_KINDS.map((kind) => (
                      <td key={kind}>
                        <LimitField subject={{ role: null, userId: user.id }} subjectName={user.displayName} kind={kind} cell={user.limits[kind]} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </Modal>
  );
}

function useLimitText() {
  const { t, i18n } = useTranslation();
  return (effective: EffectiveAuthority) => {
    const amount = effective.fen >= UNLIMITED_FEN ? t('ticket-admin:authority.unlimited') : formatAmountFen(effective.fen, i18n.language);
    return t(`ticket-admin:authority.effective.${effective.source}`, { amount });
  };
}

/** One limit: its own amount (empty: follows the level above) and what is in force. Enter saves. */
function LimitField({ subject, subjectName, kind, cell }: { subject: Subject; subjectName: string; kind: ApprovalKind; cell: AuthorityCell }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const ids = useId();
  const limitText = useLimitText();
  const { busy, message, run } = useAction();
  const own = cell.ownFen === null ? '' : (cell.ownFen / 100).toFixed(2);
  const [text, setText] = useState(own);
  const [invalid, setInvalid] = useState(false);
  const changed = text.trim() !== own;
  return (
    <form
      className="limit-field"
      onSubmit={(event) => {
        event.preventDefault();
        if (!changed) return;
        if (text.trim() === '') {
          setInvalid(false);
          void run(() => api['authority.clearLimit']({ ...subject, kind }), t('ticket-admin:authority.cleared', { name: subjectName }));
          return;
        }
        const fen = parseLimitYuan(text);
        setInvalid(fen === null);
        if (fen === null) return;
        void run(() => api['authority.setLimit']({ ...subject, kind, maxFen: fen }), t('ticket-admin:authority.saved', { name: subjectName }));
      }}
    >
      <label className="form-field">
        <span className="visually-hidden">{t('ticket-admin:authority.fieldLabel', { name: subjectName, kind: t(`ticket-admin:authority.kind.${kind}`) })}</span>
        <input
          inputMode="decimal"
          value={text}
          placeholder={t(subject.userId === null ? 'ticket-admin:authority.followsDefault' : 'ticket-admin:authority.followsRole')}
          aria-invalid={invalid || undefined}
          aria-describedby={`${ids}-effective ${ids}-error`}
          onChange={(event) => {
            setText(event.target.value);
            setInvalid(false);
          }}
        />
      </label>
      <button type="submit" disabled={busy || !changed}>
        {t('ticket-admin:authority.save')}
      </button>
      <span id={`${ids}-effective`} className="muted" data-testid="effective-limit">
        {limitText(cell.effective)}
      </span>
      <span id={`${ids}-error`} className="error" role={invalid ? 'alert' : undefined}>
        {invalid ? t('ticket-admin:authority.invalid', { max: formatAmountFen(MAX_AUTHORITY_FEN, i18n.language) }) : ''}
      </span>
      <ActionResult message={message} />
    </form>
  );
}
