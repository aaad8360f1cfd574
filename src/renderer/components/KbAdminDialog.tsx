import { keepPreviousData } from '@tanstack/react-query';
import { useId, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { KB_ADMIN_FILTERS, KB_ADMIN_LIST_LIMIT } from '../../shared/contract/values';
import type { KbAdminArticleRow, KbAdminFilter, KbFeedbackView } from '../../shared/contract/kb-admin';
import type { TicketCategoryNode } from '../../shared/contract/tickets';
import type { WorkflowActor } from '../../shared/kb/workflow';
import { useApiQuery } from '../api/api-context';
import { formatDateTime } from '../console/console-format';
import { personName, reviewLabel } from '../console/kb-format';
import { errorText } from '../i18n/format';
import '../kb-admin.css';
import { KbArticleAdmin } from './KbArticleAdmin';
import { Modal } from './Modal';
import { useListbox } from './use-listbox';

const TABS = ['articles', 'queue', 'due', 'feedback'] as const;
type Tab = (typeof TABS)[number];

/** Categories as one list, each named with its path: 服務政策 › 退換貨與退款 › 七天無理由. */
function flatten(nodes: readonly TicketCategoryNode[], path: string[] = []): { id: string; label: string }[] {
  return nodes.flatMap((node) => [{ id: node.id, label: [...path, node.name].join(' › ') }, ...flatten(node.children, [...path, node.name])]);
}

/**
 * Knowledge-base management for supervisors and admins (SPEC §5): articles by category with their
 * status, version and review date; the review queue (revisions submitted, urgent updates to
 * review after the fact); articles due for review; agents' feedback. Choosing an article opens
 * it in place (KbArticleAdmin); Esc steps back (editor → article → list) before it closes.
 */
export function KbAdminDialog({ actor, onClose }: { actor: WorkflowActor; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<Tab>('articles');
  const [articleId, setArticleId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const categories = useApiQuery('kbAdmin.categories', {});
  const queue = useApiQuery('kbAdmin.queue', {});
  const tree = categories.data ?? [];
  const inArticle = articleId !== null || creating;

  const openArticle = (id: string) => {
    setCreating(false);
    setArticleId(id);
  };
  const back = () => {
    setArticleId(null);
    setCreating(false);
    // Back where the list was, its filter box first.
    requestAnimationFrame(() => (tab === 'articles' ? searchRef.current : tabRefs.current[tab])?.focus());
  };
  // Inside an article Esc goes back to the list (KbArticleAdmin leaves its editor first itself).
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    if (!inArticle) return;
    event.preventDefault();
    back();
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] ?? 'articles';
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const counts: Record<Tab, number | null> = {
    articles: null,
    queue: queue.data ? queue.data.inReview.length + queue.data.urgent.length : null,
    due: queue.data?.due.length ?? null,
    feedback: queue.data?.feedback.length ?? null,
  };

  return (
    <Modal labelledBy="kb-admin-title" className="kb-admin" onClose={onClose} onCancel={onCancel} initialFocus={searchRef}>
      <header className="modal-header">
        <h2 id="kb-admin-title">{t('kb-admin:title')}</h2>
        <div className="ticket-actions">
          <button
            type="button"
            onClick={() => {
              setArticleId(null);
              setCreating(true);
            }}
          >
            {t('kb-admin:action.newArticle')}
          </button>
          <button type="button" className="modal-close" onClick={onClose}>
            {t('console:dialog.close')}
          </button>
        </div>
      </header>
      {inArticle ? (
        <div className="dialog-body">
          <KbArticleAdmin
            key={articleId ?? 'new'}
            articleId={articleId}
            actor={actor}
            categories={tree}
            startEditing={creating ? 'draft' : null}
            onCreated={openArticle}
            onBack={back}
          />
        </div>
      ) : (
        <>
          <div role="tablist" aria-label={t('kb-admin:tabs.label')} className="kb-admin-tabs">
            {TABS.map((name) => (
              <button
                key={name}
                ref={(node) => {
                  tabRefs.current[name] = node;
                }}
                type="button"
                role="tab"
                id={`kb-admin-tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`kb-admin-panel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                onClick={() => setTab(name)}
                onKeyDown={onTabKey}
              >
                {t(`kb-admin:tabs.${name}`)}
                {counts[name] !== null && <span className="badge">{counts[name]}</span>}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`kb-admin-panel-${tab}`} aria-labelledby={`kb-admin-tab-${tab}`} className="dialog-body">
            {queue.error && <p className="error">{errorText(t, queue.error)}</p>}
            {tab === 'articles' && <ArticleList categories={tree} searchRef={searchRef} onOpen={openArticle} />}
            {tab === 'queue' && queue.data && (
              <>
                <QueueSection title={t('kb-admin:queue.inReview', { count: queue.data.inReview.length })} empty={t('kb-admin:queue.noneInReview')}>
                  {queue.data.inReview.map((row) => (
                    <QueueItem key={row.id} row={row} onOpen={openArticle}>
                      {t('kb-admin:queue.submitted', { name: personName(t, row.submittedBy), time: row.submittedAt ? formatDateTime(row.submittedAt, i18n.language) : '' })}
                    </QueueItem>
                  ))}
                </QueueSection>
                <QueueSection title={t('kb-admin:queue.urgent', { count: queue.data.urgent.length })} empty={t('kb-admin:queue.noneUrgent')}>
                  {queue.data.urgent.map((row) => (
                    <QueueItem key={row.id} row={row} onOpen={openArticle}>
                      {t('kb-admin:queue.urgentBy', { name: personName(t, row.decidedBy), reason: row.reason ?? '' })}
                    </QueueItem>
                  ))}
                </QueueSection>
              </>
            )}
            {tab === 'due' && queue.data && (
              <QueueSection title={t('kb-admin:due.title', { count: queue.data.due.length })} empty={t('kb-admin:due.none')}>
                {queue.data.due.map((row) => (
                  <QueueItem key={row.id} row={row} onOpen={openArticle} />
                ))}
              </QueueSection>
            )}
            {tab === 'feedback' && queue.data && <FeedbackList feedback={queue.data.feedback} onOpen={openArticle} />}
          </div>
        </>
      )}
    </Modal>
  );
}

function QueueSection({ title, empty, children }: { title: string; empty: string; children: ReactNode[] }) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children.length === 0 ? <p className="muted">{empty}</p> : <ul className="panel-list kb-queue">{children}</ul>}
    </section>
  );
}

function QueueItem({ row, onOpen, children }: { row: KbAdminArticleRow; onOpen(id: string): void; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <li data-article-id={row.id}>
      <button type="button" className="link-button" onClick={() => onOpen(row.id)}>
        {row.title}
      </button>
      <span className="muted">{row.categoryPath.join(' › ')}</span>
      {row.status === 'published' && <span className={`badge kb-review-${row.review}`}>{reviewLabel(t, row.review, row.reviewDueAt, i18n.language)}</span>}
      {children && <span className="muted">{children}</span>}
    </li>
  );
}

function FeedbackList({ feedback, onOpen }: { feedback: KbFeedbackView[]; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation();
  return (
    <QueueSection title={t('kb-admin:feedback.open', { count: feedback.length })} empty={t('kb-admin:feedback.noneOpen')}>
      {feedback.map((f) => (
        <li key={f.id} data-feedback-id={f.id}>
          <button type="button" className="link-button" onClick={() => onOpen(f.articleId)}>
            {f.articleTitle}
          </button>
          <span className="badge">{t(`kb-admin:feedbackKind.${f.kind}`)}</span>
          <span>{f.comment}</span>
          <span className="muted">{t('kb-admin:feedback.from', { name: personName(t, f.reportedBy), time: formatDateTime(f.reportedAt, i18n.language), version: f.articleVersion })}</span>
        </li>
      ))}
    </QueueSection>
  );
}

/** Articles by category and state, filtered as typed; ↑/↓ and Enter from the filter box. */
function ArticleList({ categories, searchRef, onOpen }: { categories: readonly TicketCategoryNode[]; searchRef: RefObject<HTMLInputElement | null>; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<KbAdminFilter>('all');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const articles = useApiQuery('kbAdmin.articles', { filter, categoryId, text: text.trim().slice(0, 100) }, { placeholderData: keepPreviousData });
  const rows = articles.data ?? [];
  const { current, listId, optionId, resetActive, comboboxProps } = useListbox(rows, (row) => row.id, (row) => onOpen(row.id));
  const options = flatten(categories);
  return (
    <>
      <div className="form-row kb-admin-filters">
        <label className="form-field">
          <span>{t('kb-admin:list.search')}</span>
          <input ref={searchRef} type="search" {...comboboxProps} aria-describedby="kb-admin-list-hint" value={text} onChange={(event) => {
              setText(event.target.value);
              resetActive();
            }} />
        </label>
        <label className="form-field">
          <span>{t('kb-admin:list.category')}</span>
          <select value={categoryId ?? ''} onChange={(event) => {
              setCategoryId(event.target.value === '' ? null : event.target.value);
              resetActive();
            }}>
            <option value="">{t('kb-admin:list.allCategories')}</option>
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('kb-admin:list.show')}</span>
          <select value={filter} onChange={(event) => {
              setFilter(event.target.value as KbAdminFilter);
              resetActive();
            }}>
            {KB_ADMIN_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`kb-admin:filter.${f}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p id="kb-admin-list-hint" className="muted">
        {t('kb-admin:list.hint')}
      </p>
      {articles.error && <p className="error">{errorText(t, articles.error)}</p>}
      <div id={listId} role="listbox" aria-label={t('kb-admin:list.label')} className="kb-admin-list">
        {rows.map((row) => (
          <div
            key={row.id}
            id={optionId(row.id)}
            role="option"
            aria-selected={current?.id === row.id}
            className="kb-admin-row"
            data-article-id={row.id}
            ref={(node) => {
              if (current?.id === row.id) node?.scrollIntoView({ block: 'nearest' });
            }}
            onClick={() => onOpen(row.id)}
          >
            <span className="kb-admin-row-title">{row.title}</span>
            <span className="muted">{row.categoryPath.join(' › ')}</span>
            <span className="kb-badges">
              {row.status === 'published' ? (
                <span className="badge kb-status-published">{t('kb-admin:status.publishedVersion', { version: row.version })}</span>
              ) : (
                <span className="badge kb-status-draft">{t('kb-admin:status.unpublished')}</span>
              )}
              {row.openRevision && <span className={`badge kb-status-${row.openRevision.status}`}>{t(`kb-admin:revisionStatus.${row.openRevision.status}`)}</span>}
              {row.urgentUnconfirmed && <span className="badge kb-urgent-badge">{t('kb-admin:versions.urgent')}</span>}
              {row.status === 'published' && <span className={`badge kb-review-${row.review}`}>{reviewLabel(t, row.review, row.reviewDueAt, i18n.language)}</span>}
              {row.openFeedback > 0 && <span className="badge kb-feedback-badge">{t('kb-admin:list.feedback', { count: row.openFeedback })}</span>}
              {row.pending && <span className="badge pending-badge">{t('kb-admin:pending')}</span>}
            </span>
          </div>
        ))}
      </div>
      {articles.isFetched && rows.length === 0 && <p className="muted">{t('kb-admin:list.none')}</p>}
      {rows.length >= KB_ADMIN_LIST_LIMIT && <p className="muted">{t('kb-admin:list.more', { count: KB_ADMIN_LIST_LIMIT })}</p>}
    </>
  );
}
