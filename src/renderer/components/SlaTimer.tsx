import { useTranslation } from 'react-i18next';
import { slaClock } from '../../shared/console/slots';
import { formatStopwatch } from '../console/console-format';

/** The SLA clock of one chat: amber at two thirds of the budget, red when it is exhausted. */
export function SlaTimer({ waitingSince, answeredBefore, now }: { waitingSince: string | null; answeredBefore: boolean; now: number }) {
  const { t } = useTranslation();
  const clock = slaClock(waitingSince, answeredBefore, now);
  if (!clock) return <span className="sla sla-none">{t('console:sla.answered')}</span>;
  const kind = t(`console:sla.${clock.kind}`);
  const elapsed = formatStopwatch(clock.elapsedMs);
  const budget = formatStopwatch(clock.budgetMs);
  return (
    // The words for screen readers as text: an aria-label on a plain span is not read out everywhere.
    <span className={`sla sla-${clock.level}`} data-sla-level={clock.level}>
      <span className="visually-hidden">{t(`console:sla.label.${clock.level}`, { kind, elapsed, budget })}</span>
      <span aria-hidden="true">
        {kind} {elapsed}/{budget}
      </span>
    </span>
  );
}
