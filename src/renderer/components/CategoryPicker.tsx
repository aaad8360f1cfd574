import { useTranslation } from 'react-i18next';
import { categoryTrail } from '../../shared/console/tickets';
import type { TicketCategoryNode } from '../../shared/contract/tickets';

const LEVELS = [0, 1, 2] as const;

/**
 * 訂單服務 › 物流問題 › 快遞丟失: one select per level, each listing the children of the choice
 * above it. The value is the deepest category chosen; changing a level clears the ones below.
 */
export function CategoryPicker({ tree, value, onChange, idPrefix }: { tree: readonly TicketCategoryNode[]; value: string | null; onChange(id: string | null): void; idPrefix: string }) {
  const { t } = useTranslation();
  const trail = categoryTrail(tree, value);
  return (
    <fieldset className="category-picker">
      <legend>{t('console:ticket.category')}</legend>
      {LEVELS.map((level) => {
        const options = level === 0 ? tree : (trail[level - 1]?.children ?? []);
        if (level > 0 && options.length === 0) return null;
        const parentId = level === 0 ? null : (trail[level - 1]?.id ?? null);
        return (
          <label key={level} className="category-level">
            <span className="visually-hidden">{t('console:ticket.categoryLevel', { level: level + 1 })}</span>
            <select id={`${idPrefix}-category-${level}`} value={trail[level]?.id ?? ''} onChange={(event) => onChange(event.target.value === '' ? parentId : event.target.value)}>
              <option value="">{t('console:ticket.categoryNone')}</option>
              {options.map((node) => (
                <option key={node.id} value={node.id}>
                  {node.name}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
