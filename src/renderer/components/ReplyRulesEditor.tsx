import { useDeferredValue, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelInput } from '../../shared/contract';
import type { ReplyRuleGroupView } from '../../shared/contract/scripts';
import { EDITABLE_RULE_FAMILIES, RULE_GROUP_NAME_MAX, RULE_SUGGESTION_MAX, RULE_WORD_MAX, type EditableRuleFamily } from '../../shared/text/reply-rule-edits';
import { useApi, useApiQuery } from '../api/api-context';
import { formatDateTime } from '../console/console-format';
import { errorText } from '../i18n/format';
import { ActionResult } from './ActionResult';
import { Modal } from './Modal';
import { useAction } from './use-action';

/**
 * The admins' editor of the reply check's word lists (issue #6): per rule, its groups of words
 * with the longer words that are fine and the compliant alternative offered. Every change is a
 * synced mutation, validated on this workstation and again by the server; a refused word says why.
 * A sample reply can be checked against the rules in force while editing.
 */
export function ReplyRulesEditor({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const groups = useApiQuery('replyRules.list', {});
  const [family, setFamily] = useState<EditableRuleFamily>('absolute_claim');
  const familyRef = useRef<HTMLSelectElement>(null);
  const shown = (groups.data ?? []).filter((g) => g.family === family);

  return (
    <Modal labelledBy="rules-title" className="reply-rules" onClose={onClose} initialFocus={familyRef}>
      <header className="modal-header">
        <h2 id="rules-title">{t('script-admin:rules.title')}</h2>
        <button type="button" className="modal-close" onClick={onClose}>
          {t('script-admin:library.close')}
        </button>
      </header>
      <div className="dialog-body">
        <p className="muted">{t('script-admin:rules.intro')}</p>
        <label className="form-field">
          <span>{t('script-admin:rules.family')}</span>
          <select ref={familyRef} value={family} onChange={(event) => setFamily(EDITABLE_RULE_FAMILIES.find((f) => f === event.target.value) ?? 'absolute_claim')}>
            {EDITABLE_RULE_FAMILIES.map((f) => (
              <option key={f} value={f}>
                {t(`reply-check:rule.${f}`)}
              </option>
            ))}
          </select>
        </label>
        {groups.error && <p className="error">{errorText(t, groups.error)}</p>}
      </div>
      {shown.map((group) => (
        <RuleGroup key={`${group.family}/${group.groupId}`} group={group} />
      ))}
      <NewGroup family={family} />
      <TryReply />
    </Modal>
  );
}

const groupLabel = (t: ReturnType<typeof useTranslation>['t'], group: { builtIn: boolean; groupId: string }) =>
  group.builtIn ? t(`script-admin:rules.group.${group.groupId}`, { defaultValue: group.groupId }) : group.groupId;

function RuleGroup({ group }: { group: ReplyRuleGroupView }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const action = useAction();
  const [term, setTerm] = useState('');
  const [except, setExcept] = useState('');
  const [hans, setHans] = useState(group.suggestion?.hans ?? '');
  const [hant, setHant] = useState(group.suggestion?.hant ?? '');
  const id = `rule-${group.family}-${group.groupId}`.replace(/[^A-Za-z0-9_-]/g, (c) => c.charCodeAt(0).toString(36));
  const target = { family: group.family, groupId: group.groupId };
  const label = groupLabel(t, group);
  const update = (change: Omit<ChannelInput<'replyRules.update'>, 'family' | 'groupId'>, ok = t('script-admin:rules.updated')) => action.run(() => api['replyRules.update']({ ...target, ...change }), ok);

  const add = (list: 'terms' | 'except') => async (event: FormEvent) => {
    event.preventDefault();
    const word = list === 'terms' ? term : except;
    const done = await update(list === 'terms' ? { addTerms: [word] } : { addExcept: [word] });
    if (done) (list === 'terms' ? setTerm : setExcept)('');
  };

  return (
    <section className="dialog-body rule-group" aria-labelledby={`${id}-title`} data-group={group.groupId} data-enabled={group.enabled}>
      <h3 id={`${id}-title`}>
        {label} <span className="muted">{group.builtIn ? t('script-admin:rules.builtIn') : t('script-admin:rules.custom')}</span>
        {!group.enabled && <span className="error"> · {t('script-admin:rules.off')}</span>}
      </h3>
      <p className="muted">
        {group.edited
          ? t('script-admin:rules.edited', { name: group.edited.byName ?? t('script-admin:library.unknownUser'), version: group.edited.version, when: formatDateTime(group.edited.at, i18n.language) })
          : t('script-admin:rules.notEdited')}
      </p>
      <label className="choice">
        <input type="checkbox" checked={group.enabled} disabled={action.busy} onChange={(event) => void update({ enabled: event.target.checked })} />
        {t('script-admin:rules.enabled')}
      </label>
      <WordList title={t('script-admin:rules.terms')} words={group.terms} busy={action.busy} onRemove={(word) => void update({ removeTerms: [word] })} />
      <form className="form-row" onSubmit={(event) => void add('terms')(event)}>
        <label className="form-field">
          <span>{t('script-admin:rules.addTerm')}</span>
          <input value={term} maxLength={RULE_WORD_MAX * 2} onChange={(event) => setTerm(event.target.value)} />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('script-admin:rules.add')}
        </button>
      </form>
      <WordList title={t('script-admin:rules.except')} words={group.except} busy={action.busy} onRemove={(word) => void update({ removeExcept: [word] })} />
      <form className="form-row" onSubmit={(event) => void add('except')(event)}>
        <label className="form-field">
          <span>{t('script-admin:rules.addExcept')}</span>
          <input value={except} maxLength={RULE_WORD_MAX * 2} onChange={(event) => setExcept(event.target.value)} />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('script-admin:rules.add')}
        </button>
      </form>
      {group.family === 'vague' && !group.suggestion ? (
        <p className="muted">{t('script-admin:rules.noSuggestion')}</p>
      ) : (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void update({ suggestion: { hans, hant } });
          }}
        >
          <fieldset>
            <legend>{t('script-admin:rules.suggestion')}</legend>
            <label className="form-field">
              <span>{t('script-admin:rules.suggestionHans')}</span>
              <input value={hans} maxLength={RULE_SUGGESTION_MAX} onChange={(event) => setHans(event.target.value)} />
            </label>
            <label className="form-field">
              <span>{t('script-admin:rules.suggestionHant')}</span>
              <input value={hant} maxLength={RULE_SUGGESTION_MAX} onChange={(event) => setHant(event.target.value)} />
            </label>
          </fieldset>
          <button type="submit" disabled={action.busy}>
            {t('script-admin:rules.saveSuggestion')}
          </button>
        </form>
      )}
      {group.edited && (
        <div className="dialog-actions">
          <button type="button" disabled={action.busy} onClick={() => void action.run(() => api['replyRules.reset'](target), t('script-admin:rules.resetDone'))}>
            {group.builtIn ? t('script-admin:rules.reset') : t('script-admin:rules.resetCustom')}
          </button>
        </div>
      )}
      <ActionResult message={action.message} />
    </section>
  );
}

function WordList({ title, words, busy, onRemove }: { title: string; words: string[]; busy: boolean; onRemove(word: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="word-list">
      <span className="muted">{title}</span>
      <ul aria-label={title}>
        {words.map((word) => (
          <li key={word}>
            <span>{word}</span>
            <button type="button" disabled={busy} aria-label={t('script-admin:rules.remove', { word })} onClick={() => onRemove(word)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NewGroup({ family }: { family: EditableRuleFamily }) {
  const { t } = useTranslation();
  const api = useApi();
  const action = useAction();
  const [name, setName] = useState('');
  const [term, setTerm] = useState('');
  const [hans, setHans] = useState('');
  const [hant, setHant] = useState('');
  const suggestion = family === 'vague' && hans.trim() === '' && hant.trim() === '' ? null : { hans, hant };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run(() => api['replyRules.add']({ family, groupId: name, terms: [term], suggestion }), t('script-admin:rules.created'));
    if (done) {
      setName('');
      setTerm('');
      setHans('');
      setHant('');
    }
  };
  return (
    <section className="dialog-body" aria-labelledby="new-rule-group">
      <h3 id="new-rule-group">{t('script-admin:rules.newGroup')}</h3>
      <form className="inline-form" onSubmit={(event) => void submit(event)}>
        <div className="form-row">
          <label className="form-field">
            <span>{t('script-admin:rules.groupName')}</span>
            <input value={name} maxLength={RULE_GROUP_NAME_MAX} onChange={(event) => setName(event.target.value)} />
          </label>
          <label className="form-field">
            <span>{t('script-admin:rules.firstTerm')}</span>
            <input value={term} maxLength={RULE_WORD_MAX * 2} onChange={(event) => setTerm(event.target.value)} />
          </label>
        </div>
        <div className="form-row">
          <label className="form-field">
            <span>
              {t('script-admin:rules.suggestion')} · {t('script-admin:rules.suggestionHans')}
            </span>
            <input value={hans} maxLength={RULE_SUGGESTION_MAX} onChange={(event) => setHans(event.target.value)} />
          </label>
          <label className="form-field">
            <span>
              {t('script-admin:rules.suggestion')} · {t('script-admin:rules.suggestionHant')}
            </span>
            <input value={hant} maxLength={RULE_SUGGESTION_MAX} onChange={(event) => setHant(event.target.value)} />
          </label>
        </div>
        <button type="submit" disabled={action.busy}>
          {t('script-admin:rules.create')}
        </button>
      </form>
      <ActionResult message={action.message} />
    </section>
  );
}

function TryReply() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [upset, setUpset] = useState(false);
  const deferred = useDeferredValue(text);
  const check = useApiQuery('replyRules.check', { text: deferred, ...(upset ? { customerEmotion: 'angry' as const } : {}) }, { enabled: deferred.trim() !== '' });
  return (
    <section className="dialog-body" aria-labelledby="try-reply-title">
      <h3 id="try-reply-title">{t('script-admin:rules.tryTitle')}</h3>
      <label className="form-field">
        <span>{t('script-admin:rules.tryText')}</span>
        <textarea rows={2} value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <label className="choice">
        <input type="checkbox" checked={upset} onChange={(event) => setUpset(event.target.checked)} />
        {t('script-admin:rules.tryEmotion')}
      </label>
      <div aria-live="polite" data-testid="try-findings">
        {check.data && check.data.findings.length === 0 && <p className="muted">{t('script-admin:rules.tryNone')}</p>}
        <ul className="findings">
          {check.data?.findings.map((f) => (
            <li key={`${f.rule}-${f.start}`} className="finding">
              {t(`reply-check:rule.${f.rule}`)}: {t(`reply-check:${f.messageKey}`, f.messageParams ?? {})} → {f.suggestion}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
