import { useDeferredValue, useMemo, useRef, useState, type FormEvent, type RefObject, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fuzzyFilter } from '../../shared/console/fuzzy';
import { fillPlaceholders } from '../../shared/console/placeholders';
import type { ScriptLibraryItemView, ScriptUsageView, ScriptVersionView } from '../../shared/contract/scripts';
import { SCRIPT_CATEGORIES, SCRIPT_PLACEHOLDERS, SCRIPT_STAGES, type Role, type ScriptCategory, type ScriptStage } from '../../shared/domain/enums';
import { SCRIPT_BODY_MAX, SCRIPT_NOTE_MAX, SCRIPT_TITLE_MAX, scriptActionProblem } from '../../shared/scripts/script-workflow';
import { keywordDiff, textDiff } from '../../shared/scripts/version-diff';
import { useApi, useApiQuery } from '../api/api-context';
import { formatDateTime } from '../console/console-format';
import { errorText } from '../i18n/format';
import { ActionResult } from './ActionResult';
import { Modal } from './Modal';
import { useAction } from './use-action';
import { useListbox } from './use-listbox';

type View = { kind: 'list' } | { kind: 'script'; scriptId: string } | { kind: 'new' };

/**
 * The script library for supervisors and admins (SPEC §4): every script with its state, the
 * version being worked on and how it did; the versions waiting for review; and per script the
 * draft editor with a preview, the review, and every version with what it changed. Escape goes
 * back from a script to the list, and from the list closes the dialog.
 */
export function ScriptLibrary({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const session = useApiQuery('session.get', {});
  const [view, setView] = useState<View>({ kind: 'list' });
  const closeRef = useRef<HTMLButtonElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const userId = session.data?.user.id ?? '';
  const role: Role = session.data?.user.role ?? 'agent';

  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    if (view.kind === 'list') return;
    event.preventDefault();
    setView({ kind: 'list' });
  };

  return (
    <Modal labelledBy="library-title" className="script-library" onClose={onClose} onCancel={onCancel} initialFocus={view.kind === 'list' ? filterRef : closeRef}>
      <header className="modal-header">
        <h2 id="library-title">{t('script-admin:library.title')}</h2>
        <div className="dialog-actions">
          {view.kind !== 'list' && (
            <button type="button" onClick={() => setView({ kind: 'list' })}>
              {t('script-admin:library.back')}
            </button>
          )}
          <button ref={closeRef} type="button" className="modal-close" onClick={onClose}>
            {t('script-admin:library.close')}
          </button>
        </div>
      </header>
      {view.kind === 'list' && <LibraryList filterRef={filterRef} onOpen={(scriptId) => setView({ kind: 'script', scriptId })} onNew={() => setView({ kind: 'new' })} />}
      {view.kind === 'new' && (
        <section className="dialog-body" aria-labelledby="new-script-title">
          <h3 id="new-script-title">{t('script-admin:editor.newHeading')}</h3>
          <VersionEditor initial={null} target={{ kind: 'new' }} onSaved={(scriptId) => setView({ kind: 'script', scriptId })} />
        </section>
      )}
      {view.kind === 'script' && <ScriptDetail scriptId={view.scriptId} userId={userId} role={role} />}
    </Modal>
  );
}

function LibraryList({ filterRef, onOpen, onNew }: { filterRef: RefObject<HTMLInputElement | null>; onOpen(scriptId: string): void; onNew(): void }) {
  const { t, i18n } = useTranslation();
  const library = useApiQuery('scripts.library', {});
  const queue = useApiQuery('scripts.reviewQueue', {});
  const [query, setQuery] = useState('');
  const results = useMemo(
    () =>
      fuzzyFilter(library.data ?? [], query, (s: ScriptLibraryItemView) => [
        { text: s.title, weight: 3 },
        { text: t(`console:scripts.category.${s.category}`), weight: 1 },
      ]),
    [library.data, query, t],
  );
  const { current, listId, optionId, resetActive, comboboxProps } = useListbox(
    results,
    (r) => r.item.scriptId,
    (r) => onOpen(r.item.scriptId),
  );

  return (
    <>
      <section className="dialog-body" aria-labelledby="review-queue-title">
        <h3 id="review-queue-title">{t('script-admin:library.reviewQueue', { count: queue.data?.length ?? 0 })}</h3>
        {queue.error && <p className="error">{errorText(t, queue.error)}</p>}
        {queue.data?.length === 0 && <p className="muted">{t('script-admin:library.noReviews')}</p>}
        <ul className="panel-list">
          {queue.data?.map((item) => (
            <li key={item.versionId} data-version-id={item.versionId}>
              <button type="button" className="link-button" onClick={() => onOpen(item.scriptId)}>
                {item.title}
              </button>
              <span className="muted">
                {t('script-admin:library.submittedBy', { version: item.version, author: item.authorName ?? t('script-admin:library.systemAuthor'), when: formatDateTime(item.submittedAt, i18n.language) })}
                {' · '}
                {item.versionInForce === null ? t('script-admin:library.firstVersion') : t('script-admin:library.inForceSince', { version: item.versionInForce })}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="dialog-body" aria-labelledby="library-list-title">
        <div className="form-row">
          <h3 id="library-list-title" className="visually-hidden">
            {t('script-admin:library.title')}
          </h3>
          <input
            ref={filterRef}
            type="text"
            className="library-filter"
            {...comboboxProps}
            aria-label={t('script-admin:library.filter')}
            placeholder={t('script-admin:library.filterPlaceholder')}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              resetActive();
            }}
          />
          <button type="button" onClick={onNew}>
            {t('script-admin:library.newScript')}
          </button>
        </div>
        {library.error && <p className="error">{errorText(t, library.error)}</p>}
        <ul id={listId} role="listbox" aria-label={t('script-admin:library.title')} className="picker-list library-list">
          {results.map(({ item }) => (
            <li
              key={item.scriptId}
              id={optionId(item.scriptId)}
              role="option"
              aria-selected={item.scriptId === current?.item.scriptId}
              className="picker-option"
              data-script-id={item.scriptId}
              ref={(node) => {
                if (item.scriptId === current?.item.scriptId) node?.scrollIntoView({ block: 'nearest' });
              }}
              onClick={() => onOpen(item.scriptId)}
            >
              <span className="picker-option-title">{item.title}</span>
              <span className="picker-option-tag">{t(`console:scripts.category.${item.category}`)}</span>
              <span className={`library-state state-${item.state}`}>
                {item.versionInForce === null ? t(`script-admin:library.state.${item.state}`) : t('script-admin:library.inForce', { version: item.versionInForce })}
              </span>
              {item.openVersion && (
                <span className={`library-open status-${item.openVersion.status}`}>
                  {t('script-admin:library.openVersion', {
                    version: item.openVersion.version,
                    status: t(`script-admin:library.status.${item.openVersion.status}`),
                    author: item.openVersion.authorName ?? t('script-admin:library.systemAuthor'),
                  })}
                </span>
              )}
              <span className="picker-option-preview">{usageText(t, item.usage)}</span>
            </li>
          ))}
        </ul>
        {library.data && results.length === 0 && <p className="empty">{t('script-admin:library.none')}</p>}
        <p className="picker-hint">{t('script-admin:library.hint')}</p>
      </section>
    </>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function usageText(t: T, usage: ScriptUsageView): string {
  const uses = t('script-admin:library.usage', { uses: usage.uses, chats: usage.chats });
  const outcome = usage.ratedChats === 0 ? t('script-admin:library.noRatings') : t('script-admin:library.outcome', { good: usage.goodChats, rated: usage.ratedChats });
  return `${uses} · ${outcome}`;
}

function ScriptDetail({ scriptId, userId, role }: { scriptId: string; userId: string; role: Role }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const detail = useApiQuery('scripts.detail', { scriptId });
  const [shown, setShown] = useState<string | null>(null);
  const [revising, setRevising] = useState(false);
  const action = useAction();
  const actor = { userId, role };

  if (detail.error) return <p className="dialog-body error">{errorText(t, detail.error)}</p>;
  if (!detail.data) return <p className="dialog-body muted">{t('app.loading')}</p>;
  const { versions, state, versionInForce } = detail.data;
  const live = versions.find((v) => v.version === versionInForce);
  const open = versions.find((v) => v.status === 'draft' || v.status === 'review' || v.status === 'rejected');
  const head = live ?? versions[0];
  const may = (what: Parameters<typeof scriptActionProblem>[0], v: ScriptVersionView) => scriptActionProblem(what, { status: v.status, authorId: v.authorId }, actor) === null;
  const ref = (v: ScriptVersionView) => ({ scriptId, versionId: v.versionId });
  const author = (v: ScriptVersionView) => v.authorName ?? t('script-admin:library.systemAuthor');
  const selected = versions.find((v) => v.versionId === shown) ?? null;
  const total = versions.reduce((sum, v) => ({ uses: sum.uses + v.usage.uses, chats: sum.chats + v.usage.chats, ratedChats: sum.ratedChats + v.usage.ratedChats, goodChats: sum.goodChats + v.usage.goodChats }), { uses: 0, chats: 0, ratedChats: 0, goodChats: 0 });

  return (
    <>
      <section className="dialog-body" aria-labelledby="script-detail-title" data-script-id={scriptId}>
        <h3 id="script-detail-title">{head?.title ?? scriptId}</h3>
        <p>
          <span className={`library-state state-${state}`} data-testid="script-state">
            {versionInForce === null ? t(`script-admin:library.state.${state}`) : t('script-admin:library.inForce', { version: versionInForce })}
          </span>
        </p>
        <p className="muted">
          {usageText(t, total)} — {t('script-admin:library.usageNote')}
        </p>
        {live && <p className="script-body">{live.body}</p>}
        {!open && (
          <div className="dialog-actions">
            {head && !revising && (
              <button type="button" onClick={() => setRevising(true)}>
                {t('script-admin:library.newVersion')}
              </button>
            )}
            {state === 'in_force' && (
              <button type="button" disabled={action.busy} onClick={() => void action.run(() => api['scripts.retire']({ scriptId }), t('script-admin:library.retired'))}>
                {t('script-admin:library.retire')}
              </button>
            )}
            {state === 'retired' && (
              <button type="button" disabled={action.busy} onClick={() => void action.run(() => api['scripts.restore']({ scriptId }), t('script-admin:library.restored'))}>
                {t('script-admin:library.restore')}
              </button>
            )}
          </div>
        )}
        <ActionResult message={action.message} />
      </section>

      {!open && revising && head && (
        <section className="dialog-body" aria-labelledby="revise-title">
          <h3 id="revise-title">{t('script-admin:editor.editHeading', { version: Math.max(...versions.map((v) => v.version)) + 1 })}</h3>
          <VersionEditor initial={head} target={{ kind: 'revise', scriptId }} onSaved={() => setRevising(false)} onCancel={() => setRevising(false)} />
        </section>
      )}

      {open && (
        <section className="dialog-body open-version" aria-labelledby="open-version-title" data-version-id={open.versionId} data-status={open.status}>
          <h3 id="open-version-title">
            {open.status === 'review' ? t('script-admin:review.heading', { version: open.version }) : t('script-admin:editor.editHeading', { version: open.version })}{' '}
            <span className={`library-open status-${open.status}`}>{t(`script-admin:library.status.${open.status}`)}</span>
          </h3>
          {open.status === 'rejected' && open.reviewNote && (
            <p className="error" role="note">
              {t('script-admin:editor.rejectedBecause', { reviewer: open.reviewerName ?? t('script-admin:library.unknownUser'), reason: open.reviewNote })}
            </p>
          )}
          {may('edit', open) ? (
            <VersionEditor initial={open} target={{ kind: 'edit', scriptId, versionId: open.versionId }} />
          ) : (
            <>
              {open.status === 'review' && <VersionDiff before={live ?? null} after={open} />}
              <p className="muted">{open.status === 'review' ? t('script-admin:editor.inReview', { version: open.version }) : t('script-admin:editor.notYours', { version: open.version, author: author(open) })}</p>
            </>
          )}
          {may('withdraw', open) && (
            <div className="dialog-actions">
              <button type="button" disabled={action.busy} onClick={() => void action.run(() => api['scripts.withdraw'](ref(open)), t('script-admin:editor.withdrawn'))}>
                {t('script-admin:editor.withdraw')}
              </button>
            </div>
          )}
          {open.status === 'review' && open.authorId === userId && <p className="muted">{t('script-admin:review.ownVersion')}</p>}
          {may('approve', open) && <ReviewForm scriptId={scriptId} version={open} />}
          {may('discard', open) && !may('edit', open) && (
            <div className="dialog-actions">
              <button type="button" disabled={action.busy} onClick={() => void action.run(() => api['scripts.discard'](ref(open)), t('script-admin:editor.discarded'))}>
                {t('script-admin:editor.discard')}
              </button>
            </div>
          )}
          <ActionResult message={action.message} />
        </section>
      )}

      <section className="dialog-body" aria-labelledby="history-title">
        <h3 id="history-title">{t('script-admin:history.title')}</h3>
        <ol className="panel-list version-list">
          {versions.map((v) => (
            <li key={v.versionId} data-version={v.version} data-status={v.status} aria-current={v.versionId === shown ? 'true' : undefined}>
              <span>
                {t('script-admin:history.item', { version: v.version, status: t(`script-admin:library.status.${v.status}`), author: author(v), when: formatDateTime(v.updatedAt, i18n.language) })}
              </span>
              {v.reviewerName && v.reviewedAt && <span className="muted">{t('script-admin:history.reviewedBy', { reviewer: v.reviewerName, when: formatDateTime(v.reviewedAt, i18n.language) })}</span>}
              {v.changeNote && <span className="muted">{t('script-admin:history.changeNote', { note: v.changeNote })}</span>}
              {v.status !== 'rejected' && v.reviewNote && <span className="muted">{t('script-admin:history.note', { note: v.reviewNote })}</span>}
              {(v.status === 'published' || v.status === 'retired') && (
                <span className="muted">{t('script-admin:history.usage', { uses: v.usage.uses, good: v.usage.goodChats, rated: v.usage.ratedChats })}</span>
              )}
              <button type="button" aria-expanded={v.versionId === shown} onClick={() => setShown((s) => (s === v.versionId ? null : v.versionId))}>
                {t('script-admin:history.show', { version: v.version })}
              </button>
            </li>
          ))}
        </ol>
        {selected && <VersionDiff before={versions.find((v) => v.version < selected.version) ?? null} after={selected} />}
      </section>
    </>
  );
}

function ReviewForm({ scriptId, version }: { scriptId: string; version: ScriptVersionView }) {
  const { t } = useTranslation();
  const api = useApi();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  const ref = { scriptId, versionId: version.versionId };
  return (
    <div className="inline-form review-form">
      <label className="form-field">
        <span>{t('script-admin:review.note')}</span>
        <input value={note} maxLength={SCRIPT_NOTE_MAX} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="button" className="primary" disabled={action.busy} onClick={() => void action.run(() => api['scripts.approve']({ ...ref, note }), t('script-admin:review.approved'))}>
        {t('script-admin:review.approve')}
      </button>
      <label className="form-field">
        <span>{t('script-admin:review.reason')}</span>
        <textarea rows={2} value={reason} maxLength={SCRIPT_NOTE_MAX} onChange={(event) => setReason(event.target.value)} />
      </label>
      <button type="button" disabled={action.busy} onClick={() => void action.run(() => api['scripts.reject']({ ...ref, reason }), t('script-admin:review.rejected'))}>
        {t('script-admin:review.reject')}
      </button>
      <ActionResult message={action.message} />
    </div>
  );
}

type EditorTarget = { kind: 'new' } | { kind: 'revise'; scriptId: string } | { kind: 'edit'; scriptId: string; versionId: string };

/**
 * A version's text, with the placeholders the console fills, a preview filled with sample values
 * and what the reply check finds in it; saving is refused (with the reason) for text the console
 * could not use. The author submits from here.
 */
function VersionEditor({ initial, target, onSaved, onCancel }: { initial: ScriptVersionView | null; target: EditorTarget; onSaved?(scriptId: string): void; onCancel?(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [category, setCategory] = useState<ScriptCategory>(initial?.category ?? 'general');
  const [stage, setStage] = useState<ScriptStage | null>(initial?.stage ?? null);
  const [keywords, setKeywords] = useState((initial?.keywords ?? []).join('，'));
  const [changeNote, setChangeNote] = useState(target.kind === 'edit' ? (initial?.changeNote ?? '') : '');
  const action = useAction();
  const sample = Object.fromEntries(SCRIPT_PLACEHOLDERS.map((name) => [name, t(`script-admin:editor.sample.${name}`)]));
  const preview = fillPlaceholders(body, sample).text;
  const checked = useDeferredValue(preview);
  const check = useApiQuery('replyRules.check', { text: checked }, { enabled: checked.trim() !== '' });
  const content = { title, body, category, stage, keywords: keywords.split(/[,，、]/), changeNote };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const ok = t(target.kind === 'edit' ? 'script-admin:editor.saved' : 'script-admin:editor.created');
    let saved: string | null = null;
    const done = await action.run(async () => {
      if (target.kind === 'edit') {
        await api['scripts.edit']({ scriptId: target.scriptId, versionId: target.versionId, ...content });
        saved = target.scriptId;
      } else {
        saved = (await api['scripts.draft']({ ...(target.kind === 'revise' ? { scriptId: target.scriptId } : {}), ...content })).scriptId;
      }
    }, ok);
    if (done && saved !== null) onSaved?.(saved);
  };

  const editing = target.kind === 'edit' ? target : null;
  return (
    <form className="inline-form version-editor" onSubmit={(event) => void save(event)}>
      <label className="form-field">
        <span>{t('script-admin:editor.title')}</span>
        <input value={title} maxLength={SCRIPT_TITLE_MAX} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <label className="form-field">
        <span>{t('script-admin:editor.body')}</span>
        <textarea rows={5} value={body} maxLength={SCRIPT_BODY_MAX} aria-describedby="editor-placeholders" onChange={(event) => setBody(event.target.value)} />
      </label>
      <p id="editor-placeholders" className="hint">
        {t('script-admin:editor.bodyHint', { names: SCRIPT_PLACEHOLDERS.map((n) => `{{${n}}}`).join(' ') })}
      </p>
      <div className="form-row">
        <label className="form-field">
          <span>{t('script-admin:editor.category')}</span>
          <select value={category} onChange={(event) => setCategory(SCRIPT_CATEGORIES.find((c) => c === event.target.value) ?? 'general')}>
            {SCRIPT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`console:scripts.category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('script-admin:editor.stage')}</span>
          <select value={stage ?? ''} onChange={(event) => setStage(SCRIPT_STAGES.find((s) => s === event.target.value) ?? null)}>
            <option value="">{t('script-admin:editor.noStage')}</option>
            {SCRIPT_STAGES.map((s) => (
              <option key={s} value={s}>
                {t(`script-admin:stage.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="form-field">
        <span>{t('script-admin:editor.keywords')}</span>
        <input value={keywords} onChange={(event) => setKeywords(event.target.value)} />
      </label>
      <label className="form-field">
        <span>{t('script-admin:editor.changeNote')}</span>
        <input value={changeNote} maxLength={SCRIPT_NOTE_MAX} onChange={(event) => setChangeNote(event.target.value)} />
      </label>
      <section className="script-preview" aria-labelledby="editor-preview-title">
        <h4 id="editor-preview-title">{t('script-admin:editor.preview')}</h4>
        <p className="script-body" data-testid="script-preview">
          {preview}
        </p>
        {check.data && (
          <div aria-live="polite">
            {check.data.findings.length === 0 ? (
              <p className="muted">{t('script-admin:editor.checkClean')}</p>
            ) : (
              <>
                <p className="error">{t('script-admin:editor.checkFindings', { count: check.data.findings.length })}</p>
                <ul className="findings">
                  {check.data.findings.map((f) => (
                    <li key={`${f.rule}-${f.start}`} className="finding">
                      {t(`reply-check:rule.${f.rule}`)}: {t(`reply-check:${f.messageKey}`, f.messageParams ?? {})}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </section>
      <div className="dialog-actions">
        <button type="submit" disabled={action.busy}>
          {t('script-admin:editor.save')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('script-admin:editor.cancel')}
          </button>
        )}
        {editing && (
          <>
            <button
              type="button"
              className="primary"
              disabled={action.busy}
              onClick={() =>
                void action.run(async () => {
                  await api['scripts.edit']({ scriptId: editing.scriptId, versionId: editing.versionId, ...content });
                  await api['scripts.submit']({ scriptId: editing.scriptId, versionId: editing.versionId });
                }, t('script-admin:editor.submitted'))
              }
            >
              {t('script-admin:editor.submit')}
            </button>
            <button type="button" disabled={action.busy} onClick={() => void action.run(() => api['scripts.discard']({ scriptId: editing.scriptId, versionId: editing.versionId }), t('script-admin:editor.discarded'))}>
              {t('script-admin:editor.discard')}
            </button>
          </>
        )}
      </div>
      <ActionResult message={action.message} />
    </form>
  );
}

/** What a version changed from the one before it: struck-out and inserted text, announced as such. */
function VersionDiff({ before, after }: { before: ScriptVersionView | null; after: ScriptVersionView }) {
  const { t } = useTranslation();
  if (before === null) {
    return (
      <div className="version-diff" data-testid="version-diff">
        <p className="muted">{t('script-admin:history.diffFirst', { version: after.version })}</p>
        <p className="script-body">{after.body}</p>
      </div>
    );
  }
  const keywords = keywordDiff(before.keywords, after.keywords);
  const fields: { name: string; before: string; after: string }[] = [
    { name: 'title', before: before.title, after: after.title },
    { name: 'category', before: t(`console:scripts.category.${before.category}`), after: t(`console:scripts.category.${after.category}`) },
    { name: 'stage', before: before.stage ? t(`script-admin:stage.${before.stage}`) : t('script-admin:editor.noStage'), after: after.stage ? t(`script-admin:stage.${after.stage}`) : t('script-admin:editor.noStage') },
  ];
  return (
    <div className="version-diff" data-testid="version-diff" aria-label={t('script-admin:history.diffTitle', { version: after.version, previous: before.version })}>
      <p className="muted">{t('script-admin:history.diffTitle', { version: after.version, previous: before.version })}</p>
      {after.changeNote && <p>{t('script-admin:history.changeNote', { note: after.changeNote })}</p>}
      <dl>
        {fields.map((f) => (
          <div key={f.name}>
            <dt>{t(`script-admin:history.field.${f.name}`)}</dt>
            <dd>{f.before === f.after ? <span className="muted">{t('script-admin:history.unchanged')}</span> : <DiffText before={f.before} after={f.after} />}</dd>
          </div>
        ))}
        <div>
          <dt>{t('script-admin:history.field.body')}</dt>
          <dd className="script-body">{before.body === after.body ? <span className="muted">{t('script-admin:history.unchanged')}</span> : <DiffText before={before.body} after={after.body} />}</dd>
        </div>
        <div>
          <dt>{t('script-admin:history.field.keywords')}</dt>
          <dd>
            {keywords.added.length === 0 && keywords.removed.length === 0 && <span className="muted">{t('script-admin:history.unchanged')}</span>}
            {keywords.added.map((k) => (
              <ins key={`+${k}`}>{k}</ins>
            ))}
            {keywords.removed.map((k) => (
              <del key={`-${k}`}>{k}</del>
            ))}
          </dd>
        </div>
      </dl>
    </div>
  );
}

function DiffText({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  return (
    <>
      {textDiff(before, after).map((part, index) =>
        part.kind === 'same' ? (
          <span key={index}>{part.text}</span>
        ) : part.kind === 'added' ? (
          <ins key={index} aria-label={t('script-admin:history.added', { text: part.text })}>
            {part.text}
          </ins>
        ) : (
          <del key={index} aria-label={t('script-admin:history.removed', { text: part.text })}>
            {part.text}
          </del>
        ),
      )}
    </>
  );
}
