import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketCategoryNode } from '../../shared/contract/tickets';
import { CATEGORY_NAME_MAX } from '../../shared/tickets/categories';
import { useApi, useApiQuery } from '../api/api-context';
import { errorText } from '../i18n/format';
import { ActionResult } from './ActionResult';
import { Modal } from './Modal';
import { useAction } from './use-action';

interface Row {
  node: TicketCategoryNode;
  parent: TicketCategoryNode | null;
  siblings: readonly TicketCategoryNode[];
  path: string[];
}

/** The whole taxonomy as the tree shows it, top to bottom, every level open. */
function flatten(nodes: readonly TicketCategoryNode[], parent: TicketCategoryNode | null = null, path: string[] = []): Row[] {
  return nodes.flatMap((node) => [{ node, parent, siblings: nodes, path: [...path, node.name] }, ...flatten(node.children, node, [...path, node.name])]);
}

/**
 * 工單分類 for admins (SPEC §6): the three levels as one tree. ↑/↓ choose a category, Alt+↑/↓
 * move it among its siblings, F2 renames, Insert adds below it, Delete retires or restores it; the
 * same actions are buttons beside the tree. A retired category takes no new tickets, and the
 * tickets filed under it keep it — nothing is ever deleted.
 */
export function CategoryAdminDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const ids = useId();
  const categories = useApiQuery('ticket.categories', {});
  const usage = useApiQuery('ticketCategory.usage', {});
  const rows = useMemo(() => flatten(categories.data ?? []), [categories.data]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = rows.find((r) => r.node.id === selectedId) ?? rows[0] ?? null;
  const treeRef = useRef<HTMLUListElement>(null);
  const renameRef = useRef<HTMLInputElement>(null);
  const addRef = useRef<HTMLInputElement>(null);
  const { busy, message, run } = useAction();
  const api = useApi();
  const optionId = (id: string) => `${ids}-${id}`;
  // After a change made from the fields, the keyboard goes back to the tree.
  const backToTree = () => treeRef.current?.focus();
  const selectAndReturn = (id: string) => {
    setSelectedId(id);
    backToTree();
  };

  useEffect(() => {
    if (selected) document.getElementById(optionId(selected.node.id))?.scrollIntoView({ block: 'nearest' });
  });

  const reorder = (row: Row, step: -1 | 1) => {
    const order = row.siblings.map((s) => s.id);
    const at = order.indexOf(row.node.id);
    const to = at + step;
    if (to < 0 || to >= order.length) return;
    [order[at], order[to]] = [order[to] ?? '', order[at] ?? ''];
    void run(() => api['ticketCategory.reorder']({ parentId: row.parent?.id ?? null, ids: order }), t('ticket-admin:categories.moved', { name: row.node.name }));
  };
  const toggleRetired = (row: Row) =>
    void run(
      () => api['ticketCategory.setRetired']({ id: row.node.id, retired: !row.node.retired }),
      t(row.node.retired ? 'ticket-admin:categories.restored' : 'ticket-admin:categories.retired', { name: row.node.name }),
    );

  const onTreeKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!selected || event.nativeEvent.isComposing) return;
    const index = rows.indexOf(selected);
    const go = (to: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, to))];
      if (target) setSelectedId(target.node.id);
    };
    const handled = () => event.preventDefault();
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      handled();
      reorder(selected, event.key === 'ArrowUp' ? -1 : 1);
    } else if (event.key === 'ArrowDown') {
      handled();
      go(index + 1);
    } else if (event.key === 'ArrowUp') {
      handled();
      go(index - 1);
    } else if (event.key === 'Home') {
      handled();
      go(0);
    } else if (event.key === 'End') {
      handled();
      go(rows.length - 1);
    } else if (event.key === 'F2') {
      handled();
      renameRef.current?.focus();
      renameRef.current?.select();
    } else if (event.key === 'Insert') {
      handled();
      addRef.current?.focus();
    } else if (event.key === 'Delete') {
      handled();
      toggleRetired(selected);
    }
  };

  return (
    <Modal labelledBy={`${ids}-title`} className="category-admin" onClose={onClose} initialFocus={treeRef}>
      <header className="modal-header">
        <h2 id={`${ids}-title`}>{t('ticket-admin:categories.title')}</h2>
        <button type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      {categories.error && (
        <p className="dialog-error" role="alert">
          {errorText(t, categories.error)}
        </p>
      )}
      <div className="dialog-body category-admin-body">
        <p className="hint" id={`${ids}-keys`}>
          {t('ticket-admin:categories.keys')}
        </p>
        <ul
          ref={treeRef}
          role="tree"
          className="category-tree"
          tabIndex={0}
          aria-label={t('ticket-admin:categories.tree')}
          aria-describedby={`${ids}-keys`}
          aria-activedescendant={selected ? optionId(selected.node.id) : undefined}
          onKeyDown={onTreeKey}
        >
          {rows.map((row) => {
            const count = usage.data?.[row.node.id] ?? 0;
            return (
              <li
                key={row.node.id}
                id={optionId(row.node.id)}
                role="treeitem"
                aria-level={row.node.level}
                aria-selected={row.node.id === selected?.node.id}
                data-category-id={row.node.id}
                data-retired={!row.node.active || undefined}
                className={`category-row level-${row.node.level}`}
                onClick={() => {
                  setSelectedId(row.node.id);
                  treeRef.current?.focus();
                }}
              >
                <span className="category-name">{row.node.name}</span>
                {row.node.retired ? (
                  <span className="badge">{t('ticket-admin:categories.retiredBadge')}</span>
                ) : (
                  !row.node.active && <span className="badge">{t('ticket-admin:categories.parentRetiredBadge')}</span>
                )}
                {count > 0 && <span className="muted">{t('ticket-admin:categories.usage', { count })}</span>}
              </li>
            );
          })}
        </ul>
        {selected && (
          <SelectedCategory
            key={selected.node.id}
            row={selected}
            rows={rows}
            usage={usage.data?.[selected.node.id] ?? 0}
            busy={busy}
            renameRef={renameRef}
            addRef={addRef}
            run={run}
            onReorder={(step) => reorder(selected, step)}
            onToggleRetired={() => toggleRetired(selected)}
            onAdded={selectAndReturn}
            onDone={backToTree}
          />
        )}
        <AddCategory parent={null} label={t('ticket-admin:categories.addTop')} busy={busy} run={run} onAdded={selectAndReturn} />
        <ActionResult message={message} />
      </div>
    </Modal>
  );
}

type Run = ReturnType<typeof useAction>['run'];

function SelectedCategory({
  row,
  rows,
  usage,
  busy,
  renameRef,
  addRef,
  run,
  onReorder,
  onToggleRetired,
  onAdded,
  onDone,
}: {
  row: Row;
  rows: readonly Row[];
  usage: number;
  busy: boolean;
  renameRef: RefObject<HTMLInputElement | null>;
  addRef: RefObject<HTMLInputElement | null>;
  run: Run;
  onReorder(step: -1 | 1): void;
  onToggleRetired(): void;
  onAdded(id: string): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useId();
  const { node, parent } = row;
  const [name, setName] = useState(node.name);
  // A category moves under another parent of the level its parent is on: levels never change.
  const parents = parent ? rows.filter((r) => r.node.level === parent.level && r.node.active) : [];
  const [parentId, setParentId] = useState(parent?.id ?? '');
  const position = row.siblings.indexOf(node);
  const save = (patch: { name?: string; parentId?: string | null }) =>
    void run(
      () => api['ticketCategory.save']({ id: node.id, parentId: patch.parentId === undefined ? (parent?.id ?? null) : patch.parentId, name: patch.name ?? node.name }),
      t('ticket-admin:categories.saved', { name: (patch.name ?? node.name).trim() }),
    ).then((ok) => ok && onDone());

  return (
    <section className="category-selected" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{row.path.join(' › ')}</h3>
      <p className="muted">
        {t('ticket-admin:categories.level', { level: node.level })} · {t('ticket-admin:categories.usage', { count: usage })}
      </p>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() !== node.name) save({ name });
        }}
      >
        <label className="form-field">
          <span>{t('ticket-admin:categories.name')}</span>
          <input ref={renameRef} required maxLength={CATEGORY_NAME_MAX} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || name.trim() === '' || name.trim() === node.name}>
          {t('ticket-admin:categories.rename')}
        </button>
      </form>
      {parent && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (parentId !== parent.id) save({ parentId });
          }}
        >
          <label className="form-field">
            <span>{t('ticket-admin:categories.parent')}</span>
            <select value={parentId} onChange={(event) => setParentId(event.target.value)}>
              {parents.map((p) => (
                <option key={p.node.id} value={p.node.id}>
                  {p.path.join(' › ')}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || parentId === parent.id}>
            {t('ticket-admin:categories.move')}
          </button>
        </form>
      )}
      <div className="ticket-actions">
        <button type="button" disabled={busy || position <= 0} onClick={() => onReorder(-1)}>
          {t('ticket-admin:categories.up')}
        </button>
        <button type="button" disabled={busy || position >= row.siblings.length - 1} onClick={() => onReorder(1)}>
          {t('ticket-admin:categories.down')}
        </button>
        <button type="button" disabled={busy} onClick={onToggleRetired}>
          {node.retired ? t('ticket-admin:categories.restore') : t('ticket-admin:categories.retire')}
        </button>
      </div>
      {!node.retired && usage > 0 && <p className="hint">{t('ticket-admin:categories.retireHint', { count: usage })}</p>}
      {node.level < 3 && node.active && (
        <AddCategory parent={node} label={t('ticket-admin:categories.addChild', { name: node.name })} busy={busy} run={run} inputRef={addRef} onAdded={onAdded} />
      )}
    </section>
  );
}

function AddCategory({
  parent,
  label,
  busy,
  run,
  inputRef,
  onAdded,
}: {
  parent: TicketCategoryNode | null;
  label: string;
  busy: boolean;
  run: Run;
  inputRef?: RefObject<HTMLInputElement | null>;
  onAdded(id: string): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        let created: string | null = null;
        void run(
          async () => {
            created = (await api['ticketCategory.save']({ parentId: parent?.id ?? null, name })).id;
          },
          t('ticket-admin:categories.added', { name: name.trim() }),
        ).then((ok) => {
          if (!ok || created === null) return;
          setName('');
          onAdded(created);
        });
      }}
    >
      <label className="form-field">
        <span>{label}</span>
        <input ref={inputRef} maxLength={CATEGORY_NAME_MAX} value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit" disabled={busy || name.trim() === ''}>
        {t('ticket-admin:categories.add')}
      </button>
    </form>
  );
}
