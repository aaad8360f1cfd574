import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyBindings } from '../../shared/console/commands';
import { kbSuggestionQuery } from '../../shared/console/kb-suggestion-query';
import { ariaKeyShortcut } from '../../shared/console/key-chord';
import { KB_QUERY_MAX_LENGTH } from '../../shared/contract/values';
import { useApi, useApiQuery } from '../api/api-context';
import { keyLabel } from '../console/console-format';
import { PLATFORM } from '../console/platform';
import { errorText } from '../i18n/format';
import { KbFeedbackForm } from './KbFeedbackForm';
import { useListbox } from './use-listbox';

const RESULTS = 10;
const SUGGESTIONS = 5;
const FAVOURITE_SNIPPET_CHARS = 80;
/** Where the customer's latest message is looked for. */
const RECENT_MESSAGES = 20;
/** Links between articles are written /kb/<article id>; they open in the panel. */
const ARTICLE_LINK = /^\/kb\/([^/?#]+)$/;

export interface KbPanelHandle {
  focusSearch(): void;
  /** Whether the keyboard is in the panel (the search key then closes it). */
  hasFocus(): boolean;
  /** What the insert key takes: the article open, else the one chosen in the list. */
  currentArticle(): { id: string; title: string } | null;
}

interface Props {
  /** The open chat, whose latest customer message suggests articles; null when none is open. */
  conversationId: string | null;
  bindings: KeyBindings;
  /** The agent's favourite articles, newest first. */
  favourites: readonly string[];
  onToggleFavourite(id: string): void;
  onInsert(article: { id: string; title: string }): void;
  /** Esc from the list: back to the reply box, the panel stays. */
  onLeave(): void;
  onClose(): void;
  ref?: Ref<KbPanelHandle>;
}

const categoryPath = (path: readonly string[]) => path.join(' › ');

type Group = 'results' | 'suggested' | 'favourites';

/** One line of the list: a search hit, a suggestion or a favourite. */
interface KbOption {
  group: Group;
  id: string;
  title: string;
  categoryPath: string[];
  snippet: string;
}

const optionKey = (option: KbOption) => `${option.group}-${option.id}`;

/**
 * The knowledge base beside the chat: search in either Chinese script, articles suggested from
 * the customer's latest message while the search box is empty, the article itself, and one key
 * that puts its standard answer into the reply. Keyboard first: ↑/↓ and Enter in the search box,
 * Esc steps back (article → list → reply box).
 */
export function KbPanel({ conversationId, bindings, favourites, onToggleFavourite, onInsert, onLeave, onClose, ref }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [query, setQuery] = useState('');
  const [articleId, setArticleId] = useState<string | null>(null);
  const panelRef = useRef<HTMLElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const articleRef = useRef<HTMLElement>(null);
  // Where the keyboard goes once the next render is on screen (the element may only appear then).
  const focusNext = useRef<'search' | 'article' | null>('search');
  const trimmed = query.trim().slice(0, KB_QUERY_MAX_LENGTH);

  const search = useApiQuery('kb.search', { query: trimmed, limit: RESULTS }, { enabled: trimmed !== '', placeholderData: keepPreviousData });
  const messages = useApiQuery('message.page', { conversationId: conversationId ?? '', limit: RECENT_MESSAGES }, { enabled: conversationId !== null });
  const suggestionQuery = useMemo(() => {
    const list = messages.data?.messages ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const message = list[i];
      if (message?.senderKind === 'customer') return kbSuggestionQuery(message.body, KB_QUERY_MAX_LENGTH);
    }
    return '';
  }, [messages.data]);
  const suggested = useApiQuery('kb.search', { query: suggestionQuery, match: 'any', limit: SUGGESTIONS }, { enabled: trimmed === '' && suggestionQuery !== '' });
  const showingResults = trimmed !== '';
  // Favourites are listed under the suggestions; one that was unpublished since simply drops out.
  const favouriteArticles = useQueries({
    queries: favourites.map((id) => ({ queryKey: ['kb.get', { id }], queryFn: () => api['kb.get']({ id }), enabled: !showingResults })),
  });
  const article = useApiQuery('kb.get', { id: articleId ?? '' }, { enabled: articleId !== null });

  const groups: { group: Group; options: KbOption[] }[] = showingResults
    ? [{ group: 'results', options: (search.data ?? []).map((hit) => ({ group: 'results', ...hit })) }]
    : [
        { group: 'suggested', options: (suggested.data ?? []).map((hit) => ({ group: 'suggested', ...hit })) },
        {
          group: 'favourites',
          options: favouriteArticles.flatMap((q) =>
            q.data ? [{ group: 'favourites' as const, id: q.data.id, title: q.data.title, categoryPath: q.data.categoryPath, snippet: q.data.body.slice(0, FAVOURITE_SNIPPET_CHARS) }] : [],
          ),
        },
      ];
  const options = groups.flatMap((g) => g.options);

  const open = (id: string) => {
    focusNext.current = 'article';
    setArticleId(id);
  };
  const { current, listId, optionId, resetActive, comboboxProps } = useListbox(options, optionKey, (option) => open(option.id));

  // An opened article takes the focus, so a screen reader starts reading it at its title.
  useLayoutEffect(() => {
    const target = focusNext.current === 'article' ? articleRef.current : focusNext.current === 'search' ? searchRef.current : null;
    if (!target) return;
    focusNext.current = null;
    target.focus();
  });

  const backToList = () => {
    focusNext.current = 'search';
    setArticleId(null);
  };

  useImperativeHandle(ref, () => ({
    focusSearch: () => {
      if (articleId === null) searchRef.current?.focus();
      else backToList();
    },
    hasFocus: () => panelRef.current?.contains(document.activeElement) ?? false,
    currentArticle: () => {
      if (articleId !== null) return article.data ? { id: article.data.id, title: article.data.title } : null;
      return current ? { id: current.id, title: current.title } : null;
    },
  }));

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (articleId !== null) backToList();
    else onLeave();
  };

  const insertKey = keyLabel(bindings.insertKbAnswer, t);
  const insertShortcut = bindings.insertKbAnswer ? ariaKeyShortcut(bindings.insertKbAnswer, PLATFORM) : undefined;
  const listError = showingResults ? search.error : suggested.error;

  return (
    <aside ref={panelRef} className="side-panel kb-panel" aria-labelledby="kb-panel-title" onKeyDown={onKeyDown}>
      <header className="side-panel-header">
        <h2 id="kb-panel-title">{t('console:kb.title')}</h2>
        <button type="button" className="side-panel-close" onClick={onClose}>
          {t('console:kb.close')}
        </button>
      </header>
      {articleId === null ? (
        <>
          <input
            ref={searchRef}
            type="search"
            className="kb-search"
            {...comboboxProps}
            aria-label={t('console:kb.search')}
            aria-describedby="kb-hint"
            placeholder={t('console:kb.placeholder')}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              resetActive();
            }}
          />
          {listError && <p className="error">{errorText(t, listError)}</p>}
          <div id={listId} role="listbox" aria-label={t('console:kb.title')} className="kb-list">
            {groups.map(({ group, options: groupOptions }) =>
              // Suggestions keep their heading even when empty, so the agent sees what the list is.
              groupOptions.length === 0 && group === 'favourites' ? null : (
                <div key={group} role="group" aria-labelledby={`kb-group-${group}`}>
                  <h3 className="kb-list-title" id={`kb-group-${group}`}>
                    {t(`console:kb.${group}`)}
                  </h3>
                  <ul role="none" className="kb-hits">
                    {groupOptions.map((option) => (
                      <KbHit
                        key={optionKey(option)}
                        id={optionId(optionKey(option))}
                        option={option}
                        favourite={favourites.includes(option.id)}
                        selected={current !== undefined && optionKey(option) === optionKey(current)}
                        onOpen={() => open(option.id)}
                      />
                    ))}
                  </ul>
                  {groupOptions.length === 0 && (showingResults ? search.isFetched : suggested.isFetched || suggestionQuery === '') && (
                    <p className="empty">{showingResults ? t('console:kb.none') : t('console:kb.noSuggestion')}</p>
                  )}
                </div>
              ),
            )}
          </div>
          <p id="kb-hint" className="picker-hint">
            {t('console:kb.hint', { insert: insertKey })}
          </p>
        </>
      ) : (
        <article ref={articleRef} className="kb-article" tabIndex={-1} aria-labelledby="kb-article-title">
          {article.error && <p className="error">{errorText(t, article.error)}</p>}
          {article.data && (
            <>
              <p className="muted kb-path">
                <span className="visually-hidden">{t('console:kb.path')}: </span>
                {categoryPath(article.data.categoryPath)}
              </p>
              <h3 id="kb-article-title">{article.data.title}</h3>
              <h4>{t('console:kb.answer')}</h4>
              <p className="kb-answer">{article.data.body}</p>
              <div className="kb-actions">
                <button type="button" aria-keyshortcuts={insertShortcut} onClick={() => article.data && onInsert({ id: article.data.id, title: article.data.title })}>
                  {t('console:kb.insert')} <kbd>{insertKey}</kbd>
                </button>
                <button type="button" aria-pressed={favourites.includes(article.data.id)} onClick={() => article.data && onToggleFavourite(article.data.id)}>
                  <span aria-hidden="true">{favourites.includes(article.data.id) ? '★ ' : '☆ '}</span>
                  {t('console:kb.favourite')}
                </button>
                <button type="button" onClick={backToList}>
                  {t('console:kb.back')} <kbd>Esc</kbd>
                </button>
              </div>
              {article.data.notes !== '' && (
                <>
                  <h4>{t('console:kb.notes')}</h4>
                  <p className="kb-notes">{article.data.notes}</p>
                </>
              )}
              {article.data.links.length > 0 && (
                <>
                  <h4>{t('console:kb.links')}</h4>
                  <ul className="kb-links">
                    {article.data.links.map((link) => {
                      const linked = ARTICLE_LINK.exec(link.url)?.[1];
                      return (
                        <li key={link.url}>
                          {linked ? (
                            <button type="button" className="link-button" onClick={() => open(linked)}>
                              {link.title}
                            </button>
                          ) : (
                            <a href={link.url} target="_blank" rel="noreferrer noopener">
                              {link.title}
                            </a>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </>
              )}
              {article.data.questions.length > 0 && (
                <>
                  <h4>{t('console:kb.questions')}</h4>
                  <ul className="kb-questions">
                    {article.data.questions.map((question) => (
                      <li key={question}>{question}</li>
                    ))}
                  </ul>
                </>
              )}
              <KbFeedbackForm key={article.data.id} articleId={article.data.id} />
              <p className="picker-hint">{t('console:kb.articleHint', { insert: insertKey })}</p>
            </>
          )}
        </article>
      )}
    </aside>
  );
}

function KbHit({ id, option, favourite, selected, onOpen }: { id: string; option: KbOption; favourite: boolean; selected: boolean; onOpen(): void }) {
  const { t } = useTranslation();
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      className="kb-hit"
      data-article-id={option.id}
      ref={(node) => {
        if (selected) node?.scrollIntoView({ block: 'nearest' });
      }}
      onClick={onOpen}
    >
      <span className="kb-hit-title">
        {option.title}
        {favourite && (
          <span className="kb-favourite-mark" title={t('console:kb.favourited')}>
            {' ★'}
            <span className="visually-hidden">{t('console:kb.favourited')}</span>
          </span>
        )}
      </span>
      <span className="kb-hit-path">{categoryPath(option.categoryPath)}</span>
      <span className="kb-hit-snippet">{option.snippet}</span>
    </li>
  );
}
