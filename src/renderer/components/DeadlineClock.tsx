import { useTranslation } from 'react-i18next';
import { deadlineClock } from '../../shared/console/tickets';
import type { TicketDeadlineView } from '../../shared/contract/tickets';
import { countdownText } from '../console/ticket-format';

/** One process clock, counting down live: amber once warned, red once breached, done when met. */
export function DeadlineClock({ deadline, now }: { deadline: TicketDeadlineView; now: number }) {
  const { t } = useTranslation();
  const { level, remainingMs } = deadlineClock(deadline, now);
  const kind = t(`console:ticket.deadline.${deadline.kind}`);
  const text = level === 'met' ? t('console:ticket.clock.met') : countdownText(t, remainingMs).text;
  return (
    <span className={`deadline-clock clock-${level}`} data-clock-level={level} data-deadline-kind={deadline.kind}>
      <span className="deadline-kind">{kind}</span> <span className="deadline-time">{text}</span>
      {level !== 'met' && level !== 'ok' && <span className="visually-hidden">{t(`console:ticket.clock.level.${level}`)}</span>}
    </span>
  );
}
