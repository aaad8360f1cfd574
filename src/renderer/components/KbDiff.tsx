import { diffChars, diffWords } from 'diff';
import { useTranslation } from 'react-i18next';
import type { KbRevisionView } from '../../shared/contract/kb-admin';

/** What a diff compares of a revision, as text. */
export type KbDiffSide = Pick<KbRevisionView, 'title' | 'categoryPath' | 'body' | 'notes' | 'questions' | 'links'>;

const FIELDS = ['title', 'category', 'body', 'notes', 'questions', 'links'] as const;
type Field = (typeof FIELDS)[number];

function fieldText(side: KbDiffSide, field: Field): string {
  switch (field) {
    case 'title':
      return side.title;
    case 'category':
      return side.categoryPath.join(' › ');
    case 'body':
      return side.body;
    case 'notes':
      return side.notes;
    case 'questions':
      return side.questions.join('\n');
    case 'links':
      return side.links.map((link) => `${link.title} — ${link.url}`).join('\n');
  }
}

/**
 * Words as Chromium's ICU segments Chinese (积分 / 清零, not 积 / 分): a changed date reads as
 * 每年11 → 次年12 rather than as single digits swapped.
 */
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
const diffText = (before: string, after: string) => (segmenter ? diffWords(before, after, { intlSegmenter: segmenter }) : diffChars(before, after));

/** The fields of `after` that differ from `before`. */
export function changedFields(before: KbDiffSide, after: KbDiffSide): Field[] {
  return FIELDS.filter((field) => fieldText(before, field) !== fieldText(after, field));
}

/**
 * What changed between two versions of an article, field by field, word by word. Removed text is
 * struck through, added text underlined; a screen reader hears "removed" / "added" before each part.
 */
export function KbDiff({ before, after, label }: { before: KbDiffSide | null; after: KbDiffSide; label: string }) {
  const { t } = useTranslation();
  if (before === null) return <p className="muted">{t('kb-admin:diff.first')}</p>;
  const fields = changedFields(before, after);
  if (fields.length === 0) return <p className="muted">{t('kb-admin:diff.none')}</p>;
  return (
    <dl className="kb-diff" aria-label={label}>
      {fields.map((field) => (
        <div key={field} className="kb-diff-field" data-field={field}>
          <dt>{t(`kb-admin:field.${field}`)}</dt>
          <dd>
            {diffText(fieldText(before, field), fieldText(after, field)).map((part, index) =>
              part.added ? (
                <ins key={index}>
                  <span className="visually-hidden">{t('kb-admin:diff.added')}</span>
                  {part.value}
                </ins>
              ) : part.removed ? (
                <del key={index}>
                  <span className="visually-hidden">{t('kb-admin:diff.removed')}</span>
                  {part.value}
                </del>
              ) : (
                <span key={index}>{part.value}</span>
              ),
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
