import { memo, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyFinding } from '../../shared/text/reply-check';

interface Segment {
  text: string;
  /** Index of the finding marking this stretch, or -1. */
  finding: number;
}

/** The text cut at every finding's edges; where findings overlap the earlier one marks the stretch. */
function segments(text: string, findings: readonly ReplyFinding[]): Segment[] {
  const cuts = [...new Set([0, text.length, ...findings.flatMap((f) => [f.start, f.end])])].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] ?? 0;
    const end = cuts[i + 1] ?? start;
    out.push({ text: text.slice(start, end), finding: findings.findIndex((f) => f.start <= start && end <= f.end) });
  }
  return out;
}

/**
 * A copy of the reply laid out exactly like the textarea in front of it, text transparent, so its
 * marks draw wavy underlines under the flagged words. Decoration only: hidden from screen readers,
 * which get the list of findings instead.
 */
export const ReplyMirror = memo(function ReplyMirror({ text, findings, focused, ref }: { text: string; findings: readonly ReplyFinding[]; focused: number; ref: Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} className="composer-mirror" aria-hidden="true">
      {segments(text, findings).map((segment, index) =>
        segment.finding < 0 ? (
          segment.text
        ) : (
          <mark key={index} className={`finding-mark rule-${findings[segment.finding]?.rule ?? ''}`} data-focused={segment.finding === focused || undefined}>
            {segment.text}
          </mark>
        ),
      )}
      {/* A trailing newline in a textarea opens a line; the copy needs a character to do the same. */}
      {'\u200b'}
    </div>
  );
});

interface Props {
  findings: readonly ReplyFinding[];
  focused: number;
  applyLabel: string;
  nextLabel: string;
  onFocus(index: number): void;
  onApply(index: number): void;
}

/** Each finding with its reason and suggested wording; the one at the cursor is the one the apply key takes. */
export function ReplyFindings({ findings, focused, applyLabel, nextLabel, onFocus, onApply }: Props) {
  const { t } = useTranslation();
  const summary = findings.length > 0 ? t('console:replyCheck.summary', { count: findings.length }) : '';
  return (
    <>
      {/* Outside the hidden section: a live region must exist before its text changes to be heard. */}
      <p id="reply-check-summary" className="visually-hidden" aria-live="polite">
        {summary}
      </p>
      <section className="reply-check" aria-label={t('console:replyCheck.title')} hidden={findings.length === 0}>
        <h3 className="reply-check-summary">
          {summary}
          <span className="reply-check-hint">{t('console:replyCheck.hint', { apply: applyLabel, next: nextLabel })}</span>
        </h3>
        <ol className="findings">
        {findings.map((finding, index) => (
          <li key={`${finding.rule}-${finding.start}-${finding.end}`} className="finding" data-rule={finding.rule} aria-current={index === focused || undefined}>
            <button type="button" className="finding-reason" onClick={() => onFocus(index)}>
              <span className="rule-badge">{t(`reply-check:rule.${finding.rule}`)}</span>
              {t(`reply-check:${finding.messageKey}`, finding.messageParams ?? {})}
            </button>
            <p className="finding-suggestion">
              <span className="muted">{t('console:replyCheck.suggestion')}</span> <q>{finding.suggestion}</q>
            </p>
            <button type="button" className="finding-apply" onClick={() => onApply(index)}>
              {t('console:replyCheck.apply')}
              {index === focused && <kbd>{applyLabel}</kbd>}
            </button>
          </li>
        ))}
        </ol>
      </section>
    </>
  );
}
