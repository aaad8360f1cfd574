import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { KB_BODY_MAX, KB_LINK_URL, KB_LIST_MAX, KB_NOTES_MAX, KB_TITLE_MAX } from '../../shared/contract/values';
import type { KbContent } from '../../shared/contract/kb-admin';
import type { TicketCategoryNode } from '../../shared/contract/tickets';
import { CategoryPicker } from './CategoryPicker';

export type EditorMode = 'draft' | 'urgent';

export interface EditorResult {
  content: KbContent;
  /** The change note of a draft, the reason of an urgent update. */
  note: string;
  submit: boolean;
}

interface Props {
  mode: EditorMode;
  initial: KbContent | null;
  initialNote: string;
  categories: readonly TicketCategoryNode[];
  busy: boolean;
  onSave(result: EditorResult): void;
  onCancel(): void;
}

interface LinkRow {
  key: number;
  title: string;
  url: string;
}

/**
 * Writing an article: title, category (down to the third level), the standard answer, notes,
 * alternative phrasings (one per line) and related links. Checks what the server would refuse
 * before sending, naming the field. In urgent mode an admin publishes at once and must say why.
 */
export function KbArticleEditor({ mode, initial, initialNote, categories, busy, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const idPrefix = useId();
  const nextKey = useRef(0);
  const [title, setTitle] = useState(initial?.title ?? '');
  const [categoryId, setCategoryId] = useState<string | null>(initial?.categoryId ?? null);
  const [body, setBody] = useState(initial?.body ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [questions, setQuestions] = useState((initial?.questions ?? []).join('\n'));
  const [links, setLinks] = useState<LinkRow[]>(() => (initial?.links ?? []).map((link) => ({ key: nextKey.current++, ...link })));
  const [note, setNote] = useState(initialNote);
  const [tried, setTried] = useState(false);

  const questionList = questions
    .split('\n')
    .map((q) => q.trim())
    .filter((q) => q !== '');
  const problems = {
    title: title.trim() === '' ? 'kb-admin:editor.required' : null,
    category: categoryId === null ? 'kb-admin:editor.categoryRequired' : null,
    body: body.trim() === '' ? 'kb-admin:editor.required' : null,
    questions: questionList.some((q) => q.length > KB_TITLE_MAX) ? 'kb-admin:editor.questionTooLong' : questionList.length > KB_LIST_MAX ? 'kb-admin:editor.tooMany' : null,
    note: mode === 'urgent' && note.trim() === '' ? 'kb-admin:invalid.reason_required' : null,
  };
  const linkProblem = (link: LinkRow) =>
    link.title.trim() === '' ? 'kb-admin:editor.linkTitleRequired' : !KB_LINK_URL.test(link.url.trim()) ? 'kb-admin:invalid.link_url' : null;
  const valid = Object.values(problems).every((p) => p === null) && links.every((link) => linkProblem(link) === null);

  const save = (andSubmit: boolean) => {
    setTried(true);
    if (!valid || categoryId === null) return;
    onSave({
      content: {
        categoryId,
        title: title.trim(),
        body: body.trim(),
        notes: notes.trim(),
        questions: questionList,
        links: links.map((link) => ({ title: link.title.trim(), url: link.url.trim() })),
      },
      note: note.trim(),
      submit: andSubmit,
    });
  };
  const shown = (problem: string | null) => (tried ? problem : null);
  const describedBy = (field: string, problem: string | null) => (shown(problem) ? `${idPrefix}-${field}-error` : undefined);
  const error = (field: string, problem: string | null) =>
    shown(problem) ? (
      <span id={`${idPrefix}-${field}-error`} className="field-error">
        {t(problem ?? '')}
      </span>
    ) : null;

  return (
    <form className="kb-editor" aria-label={t(mode === 'urgent' ? 'kb-admin:editor.urgentTitle' : 'kb-admin:editor.title')} onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        // Enter in a field saves a draft; an urgent publication takes its own button.
        if (mode === 'draft') save(false);
      }}
      noValidate
    >
      {mode === 'urgent' && <p className="kb-urgent-note">{t('kb-admin:editor.urgentExplain')}</p>}
      <label className="form-field">
        <span>{t('kb-admin:field.title')}</span>
        <input
          value={title}
          maxLength={KB_TITLE_MAX}
          required
          aria-invalid={shown(problems.title) !== null}
          aria-describedby={describedBy('title', problems.title)}
          onChange={(event) => setTitle(event.target.value)}
        />
        {error('title', problems.title)}
      </label>
      <CategoryPicker tree={categories} value={categoryId} idPrefix={`${idPrefix}-kb`} onChange={(id) => setCategoryId(id)} />
      {error('category', problems.category)}
      <label className="form-field">
        <span>{t('kb-admin:field.body')}</span>
        <textarea
          rows={6}
          value={body}
          maxLength={KB_BODY_MAX}
          required
          aria-invalid={shown(problems.body) !== null}
          aria-describedby={describedBy('body', problems.body)}
          onChange={(event) => setBody(event.target.value)}
        />
        {error('body', problems.body)}
      </label>
      <label className="form-field">
        <span>{t('kb-admin:field.notes')}</span>
        <textarea rows={3} value={notes} maxLength={KB_NOTES_MAX} onChange={(event) => setNotes(event.target.value)} />
      </label>
      <label className="form-field">
        <span>{t('kb-admin:field.questions')}</span>
        <textarea
          rows={3}
          value={questions}
          aria-describedby={`${idPrefix}-questions-hint ${describedBy('questions', problems.questions) ?? ''}`}
          aria-invalid={shown(problems.questions) !== null}
          onChange={(event) => setQuestions(event.target.value)}
        />
        <span id={`${idPrefix}-questions-hint`} className="muted">
          {t('kb-admin:editor.questionsHint')}
        </span>
        {error('questions', problems.questions)}
      </label>
      <fieldset className="kb-links-editor">
        <legend>{t('kb-admin:field.links')}</legend>
        {links.length === 0 && <p className="muted">{t('kb-admin:editor.noLinks')}</p>}
        {links.map((link, index) => {
          const problem = shown(linkProblem(link));
          const update = (change: Partial<LinkRow>) => setLinks((rows) => rows.map((row) => (row.key === link.key ? { ...row, ...change } : row)));
          return (
            <div key={link.key} className="kb-link-row" role="group" aria-label={t('kb-admin:editor.linkNumber', { number: index + 1 })}>
              <label className="form-field">
                <span>{t('kb-admin:editor.linkTitle')}</span>
                <input value={link.title} aria-invalid={problem === 'kb-admin:editor.linkTitleRequired'} onChange={(event) => update({ title: event.target.value })} />
              </label>
              <label className="form-field">
                <span>{t('kb-admin:editor.linkUrl')}</span>
                <input
                  value={link.url}
                  placeholder="https://… /kb/kb-a01"
                  aria-invalid={problem === 'kb-admin:invalid.link_url'}
                  aria-describedby={problem ? `${idPrefix}-link-${link.key}-error` : undefined}
                  onChange={(event) => update({ url: event.target.value })}
                />
              </label>
              <button type="button" onClick={() => setLinks((rows) => rows.filter((row) => row.key !== link.key))}>
                {t('kb-admin:editor.removeLink')}
              </button>
              {problem && (
                <span id={`${idPrefix}-link-${link.key}-error`} className="field-error">
                  {t(problem)}
                </span>
              )}
            </div>
          );
        })}
        {links.length < KB_LIST_MAX && (
          <button type="button" onClick={() => setLinks((rows) => [...rows, { key: nextKey.current++, title: '', url: '' }])}>
            {t('kb-admin:editor.addLink')}
          </button>
        )}
      </fieldset>
      <label className="form-field">
        <span>{t(mode === 'urgent' ? 'kb-admin:editor.urgentReason' : 'kb-admin:editor.changeNote')}</span>
        <input
          value={note}
          maxLength={2000}
          required={mode === 'urgent'}
          aria-invalid={shown(problems.note) !== null}
          aria-describedby={describedBy('note', problems.note)}
          onChange={(event) => setNote(event.target.value)}
        />
        {error('note', problems.note)}
      </label>
      {tried && !valid && (
        <p className="field-error" role="alert">
          {t('kb-admin:editor.fix')}
        </p>
      )}
      <div className="dialog-actions">
        {mode === 'urgent' ? (
          <button type="button" className="primary danger" disabled={busy} onClick={() => save(false)}>
            {t('kb-admin:action.urgentPublish')}
          </button>
        ) : (
          <>
            <button type="submit" disabled={busy}>
              {t('kb-admin:action.saveDraft')}
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => save(true)}>
              {t('kb-admin:action.saveAndSubmit')}
            </button>
          </>
        )}
        <button type="button" onClick={onCancel}>
          {t('kb-admin:action.cancel')}
        </button>
      </div>
    </form>
  );
}
