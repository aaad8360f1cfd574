import { useTranslation } from 'react-i18next';
import type { KeyBindings } from '../../shared/console/commands';
import type { ConversationHandoffView } from '../../shared/contract';
import { keyLabel } from '../console/console-format';

/**
 * The top of a chat says how it got here and who else is in it: the hand-over note of the
 * colleague who transferred it (what the customer wants, what was tried), a transfer still on its
 * way or refused, the colleagues helping, the invitation of an invited colleague, the summary of an
 * ended chat. Nothing is shown when there is nothing to say.
 */
export function HandoffBanner({ view, bindings }: { view: ConversationHandoffView; bindings: KeyBindings }) {
  const { t, i18n } = useTranslation();
  const { arrival, pendingTransfer, invitation, participants, refused, summary, role } = view;
  const names = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(participants.map((p) => p.displayName));
  const targetOf = (event: NonNullable<ConversationHandoffView['pendingTransfer']>) => event.toName ?? event.toGroupName ?? '';
  const shown = arrival !== null || pendingTransfer !== null || invitation !== null || (participants.length > 0 && role !== 'invitee') || refused.length > 0 || summary !== null;
  if (!shown) return null;
  return (
    <section className="handoff-banner" aria-label={t('handoff:banner.label')} data-testid="handoff-banner">
      {invitation && (
        <div className="handoff-invitation">
          <p className="handoff-line">
            {t('handoff:banner.invitedBy', { name: invitation.invitedByName ?? '' })}
            {invitation.note && <span className="handoff-note"> · {invitation.note}</span>}
          </p>
          <p className="muted">{t('handoff:banner.notesOnly', { leave: keyLabel(bindings.endWithSummary, t) })}</p>
        </div>
      )}
      {arrival && role !== 'invitee' && (
        <div className="handoff-arrival" data-event-id={arrival.id}>
          <p className="handoff-line">
            {arrival.toGroupId !== null
              ? t('handoff:banner.arrivalGroup', { from: arrival.fromName ?? t('handoff:event.someone'), group: arrival.toGroupName ?? '', reason: t(`handoff:reason.${arrival.reason ?? 'other'}`) })
              : t('handoff:banner.arrival', { from: arrival.fromName ?? t('handoff:event.someone'), reason: t(`handoff:reason.${arrival.reason ?? 'other'}`) })}
          </p>
          {arrival.note && <p className="handoff-note-block">{arrival.note}</p>}
        </div>
      )}
      {pendingTransfer && (
        <p className="handoff-line pending-mark" role="status">
          {t('handoff:banner.pending', { target: targetOf(pendingTransfer) })}
        </p>
      )}
      {refused.map((r) => (
        <p key={`${r.name}-${r.createdAt}`} className="handoff-line error" role="alert">
          {r.name === 'conversation.transfer'
            ? t('handoff:banner.refused', { target: r.targetName ?? '', reason: t(r.messageKey) })
            : r.name === 'conversation.invite'
              ? t('handoff:banner.refusedInvite', { target: r.targetName ?? '', reason: t(r.messageKey) })
              : t('handoff:banner.refusedAny', { reason: t(r.messageKey) })}
        </p>
      ))}
      {participants.length > 0 && role !== 'invitee' && <p className="handoff-line">{t('handoff:banner.participants', { names })}</p>}
      {summary && <p className="handoff-line">{t('handoff:banner.summary', { summary })}</p>}
    </section>
  );
}
