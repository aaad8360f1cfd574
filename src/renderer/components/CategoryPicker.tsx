import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryTrail } from '../../shared/console/tickets';
import type { TicketCategoryNode } from '../../shared/contract/tickets';

const LEVELS = [0, 1, 2] as const;

/**
 * 訂單服務 › 物流問題 › 快遞丟失: one select per level, each listing the children of the choice
 * above it; changing a level clears the ones below. A ticket's category is a third-level one, so
 * the owner hears `complete: false` until the agent has chosen down to a leaf (or cleared it all).
 */
export function CategoryPicker({
  tree,
  value,
  onChange,
  idPrefix,
}: {
  tree: readonly TicketCategoryNode[];
  value: string | null;
  onChange(id: string | null, complete: boolean): void;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(value);
  const trail = categoryTrail(tree, chosen);
  const choose = (id: string | null) => {
    setChosen(id);
    const node = categoryTrail(tree, id).at(-1);
    onChange(id, node === undefined || node.children.length === 0);
  };
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
            <select id={`${idPrefix}-category-${level}`} value={trail[level]?.id ?? ''} onChange={(event) => choose(event.target.value === '' ? parentId : event.target.value)}>
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
