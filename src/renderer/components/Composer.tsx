import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyBindings } from '../../shared/console/commands';
import { chordFromKeyEvent } from '../../shared/console/key-chord';
import { findPlaceholders, type PlaceholderSpan } from '../../shared/console/placeholders';
import type { DraftView } from '../../shared/contract';
import { suggestionEdit } from '../../shared/text/apply-suggestion';
import type { ReplyFinding, ReplyRule } from '../../shared/text/reply-check';
import { useApi, useApiCommand, useApiQuery, useQueryClient } from '../api/api-context';
import { keyLabel } from '../console/console-format';
import { useReplyCheck } from '../console/use-reply-check';
import { errorText } from '../i18n/format';
import { ReplyFindings, ReplyMirror } from './ReplyFindings';

const DRAFT_SAVE_DELAY_MS = 300;

/**
 * Typed alone into an empty reply, these open the script picker: "/" on a Latin keyboard, and "、"
 * (or a full-width slash) which a Chinese IME types for the same key in Chinese punctuation mode.
 */
const SCRIPT_TRIGGERS = new Set(['/', '、', '／']);

export interface ComposerHandle {
  focus(): void;
  /** Sends the reply; with `anyway`, past open reply-check findings, which the message records. */
  submit(anyway?: boolean): void;
  /**
   * Puts a filled script at the cursor and selects `select` (offsets within `text`), if any.
   * `script` names the script it came from: sent with the reply, the server counts its use.
   */
  insert(text: string, select: PlaceholderSpan | null, script?: ScriptSource): void;
  /** Applies the suggestion of the finding at the cursor (else the first); false when there is none. */
  applySuggestion(): boolean;
  /** Selects the next finding's words; false when there is none. */
  nextFinding(): boolean;
}

interface Props {
  conversationId: string;
  closed: boolean;
  /** An internal note for colleagues and supervisors, never the customer: no reply check, sent as a note. */
  internal?: boolean;
  /** Notes are all this user may write here (an invited colleague): no switching back. */
  notesOnly?: boolean;
  /** Why nothing can be written here now (a transfer on its way), shown in place of the hint. */
  lockedReason?: string | null;
  bindings: KeyBindings;
  onScriptTrigger(trigger: string): void;
  ref?: Ref<ComposerHandle>;
}

/** The script a reply was made from: the last one inserted, forgotten when the box is emptied. */
export type ScriptSource = { id: string; version: number };

type Blocked = { conversationId: string; text: string } & ({ kind: 'findings'; count: number } | { kind: 'failed'; error: unknown });

/** The finding the cursor is in (its edges included), else the first one. */
function focusedIndex(findings: readonly ReplyFinding[], caret: number): number {
  const at = findings.findIndex((f) => f.start <= caret && caret <= f.end);
  return at >= 0 ? at : 0;
}

/**
 * The reply box. Every keystroke reaches the replica's drafts table within a moment, so a
 * crash, a reload or a switch to another chat never loses what the agent typed. One box serves
 * every chat: switching keeps it (and its focus) and swaps the text, so the agent types on at once.
 *
 * The reply is checked as it is typed (underlined in place, listed with reasons and suggestions)
 * and again on send: a reply with open findings is not sent unless the agent sends it anyway,
 * which the message records.
 */
export function Composer({ conversationId, closed: ended, internal = false, notesOnly = false, lockedReason = null, bindings, onScriptTrigger, ref }: Props) {
  const closed = ended || lockedReason !== null;
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  // Fresh without refetching: every draft write reports the drafts table changed.
  const draft = useApiQuery('draft.get', { conversationId });
  const saveDraft = useApiCommand('draft.save');
  const send = useApiCommand('message.send');
  // What the agent typed, and in which chat; until they type, the box shows the stored draft.
  const [typed, setTyped] = useState<{ conversationId: string; text: string } | null>(null);
  const [inserted, setInserted] = useState<{ conversationId: string; script: ScriptSource | null } | null>(null);
  const [unfilled, setUnfilled] = useState<{ conversationId: string; span: PlaceholderSpan } | null>(null);
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  const [caret, setCaret] = useState(0);
  const unsaved = useRef<{ timer: ReturnType<typeof setTimeout>; conversationId: string; body: string; script: ScriptSource | null } | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const mirrorRef = useRef<HTMLDivElement>(null);
  const pendingSelection = useRef<[number, number] | null>(null);
  const checking = useRef(false);
  const value = (typed?.conversationId === conversationId ? typed.text : null) ?? draft.data?.body ?? '';
  const script = (inserted?.conversationId === conversationId ? inserted.script : (draft.data?.script ?? null)) ?? null;
  const unfilledHere = unfilled?.conversationId === conversationId ? unfilled.span : null;
  const blockedHere = blocked?.conversationId === conversationId && blocked.text === value ? blocked : null;
  const sendError = send.variables?.conversationId === conversationId ? send.error : null;
  // The reply check guards what customers read; a note is for colleagues.
  const findings = useReplyCheck(conversationId, value, !closed && !internal);
  const focused = findings.length > 0 ? focusedIndex(findings, caret) : -1;

  const { mutate: persistDraft } = saveDraft;
  const flushDraft = useCallback(() => {
    const pending = unsaved.current;
    if (!pending) return;
    clearTimeout(pending.timer);
    unsaved.current = null;
    // The cached draft is what the box shows when the agent comes back: make it the new text now,
    // not when the replica's change event has gone round.
    queryClient.setQueryData(['draft.get', { conversationId: pending.conversationId }], (old: DraftView | undefined) => ({
      conversationId: pending.conversationId,
      body: pending.body,
      updatedAt: old?.updatedAt ?? null,
      script: pending.script,
    }));
    persistDraft({ conversationId: pending.conversationId, body: pending.body, script: pending.script });
  }, [persistDraft, queryClient]);
  // Leaving a chat (or closing the console) writes whatever is still unsaved at once.
  useEffect(() => flushDraft, [conversationId, flushDraft]);
  // So does leaving the page: a reload inside the save delay must not lose the last keystrokes.
  useEffect(() => {
    window.addEventListener('pagehide', flushDraft);
    return () => window.removeEventListener('pagehide', flushDraft);
  }, [flushDraft]);

  const change = (next: string, from: ScriptSource | null = script) => {
    // An emptied reply is a new one: whatever script it was made from is gone with its text.
    const source = next.trim() === '' ? null : from;
    setTyped({ conversationId, text: next });
    setInserted({ conversationId, script: source });
    setUnfilled(null);
    send.reset();
    if (unsaved.current) clearTimeout(unsaved.current.timer);
    unsaved.current = { conversationId, body: next, script: source, timer: setTimeout(flushDraft, DRAFT_SAVE_DELAY_MS) };
  };

  const onChange = (next: string) => {
    if (value === '' && SCRIPT_TRIGGERS.has(next)) {
      onScriptTrigger(next);
      return;
    }
    change(next);
  };

  // A selection asked for by insert() or a suggestion is applied once the new text is in the box.
  useLayoutEffect(() => {
    const selection = pendingSelection.current;
    const input = inputRef.current;
    if (!selection || !input) return;
    pendingSelection.current = null;
    input.focus();
    input.setSelectionRange(selection[0], selection[1]);
    setCaret(selection[0]);
  });

  // The underlines sit behind the text: they scroll with it (onScroll), and catch up after the text
  // changes in the next frame, where the layout is computed anyway — reading scrollTop right after
  // React's changes would force a layout of the whole console on every chat switch.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      if (mirrorRef.current && inputRef.current) mirrorRef.current.scrollTop = inputRef.current.scrollTop;
    });
    return () => cancelAnimationFrame(frame);
  }, [value]);

  const select = (start: number, end: number) => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    input.setSelectionRange(start, end);
    setCaret(start);
  };

  const submit = async (anyway: boolean) => {
    if (closed || send.isPending || checking.current) return;
    // A script's unfilled {{placeholder}} must never reach a customer: point at it instead.
    const placeholder = findPlaceholders(value)[0];
    if (placeholder) {
      setUnfilled({ conversationId, span: placeholder });
      inputRef.current?.setSelectionRange(placeholder.start, placeholder.end);
      return;
    }
    const text = value;
    const sentFrom = conversationId;
    const sentScript = script;
    // Checked again as sent: what was underlined may be a few keystrokes old.
    checking.current = true;
    let open: ReplyFinding[] | null;
    try {
      open = text.trim() === '' || internal ? [] : (await api['reply.check']({ conversationId: sentFrom, text })).findings;
    } catch (error) {
      open = null;
      if (!anyway) {
        setBlocked({ conversationId: sentFrom, text, kind: 'failed', error });
        return;
      }
    } finally {
      checking.current = false;
    }
    if (open !== null && open.length > 0 && !anyway) {
      setBlocked({ conversationId: sentFrom, text, kind: 'findings', count: open.length });
      const first = open[0];
      if (first && sentFrom === conversationId) select(first.start, first.end);
      return;
    }
    // Sent anyway: the rules it was sent past, as found now (or as underlined, if the check failed).
    const overrides: ReplyRule[] = anyway ? [...new Set((open ?? findings).map((f) => f.rule))] : [];
    if (unsaved.current?.body === text) {
      clearTimeout(unsaved.current.timer);
      unsaved.current = null;
    }
    setBlocked(null);
    send.mutate(
      {
        conversationId: sentFrom,
        body: text,
        ...(overrides.length > 0 ? { overrides } : {}),
        ...(internal ? { internal: true } : {}),
        ...(sentScript ? { script: sentScript } : {}),
      },
      {
        onSuccess: () => {
          // Cleared unless the agent has typed on (or moved on to another chat) meanwhile.
          const untouched = (current: { conversationId: string; text: string } | null) => current === null || (current.conversationId === sentFrom && current.text === text);
          if (untouched(typed)) setInserted({ conversationId: sentFrom, script: null });
          setTyped((current) => (untouched(current) ? { conversationId: sentFrom, text: '' } : current));
          inputRef.current?.focus({ preventScroll: true });
        },
      },
    );
  };

  const applySuggestion = (index: number): boolean => {
    const finding = findings[index];
    if (!finding) return false;
    const edit = suggestionEdit(value, finding);
    change(edit.text);
    pendingSelection.current = [edit.select.start, edit.select.end];
    return true;
  };

  useImperativeHandle(ref, () => ({
    // No scrolling into view: the box is always on screen, and scrolling would force a layout mid-switch.
    focus: () => inputRef.current?.focus({ preventScroll: true }),
    submit: (anyway = false) => void submit(anyway),
    insert(text, selectSpan, source) {
      const input = inputRef.current;
      const start = input?.selectionStart ?? value.length;
      const end = input?.selectionEnd ?? value.length;
      change(value.slice(0, start) + text + value.slice(end), source ?? script);
      pendingSelection.current = selectSpan ? [start + selectSpan.start, start + selectSpan.end] : [start + text.length, start + text.length];
    },
    applySuggestion: () => applySuggestion(focused),
    nextFinding() {
      if (findings.length === 0) return false;
      const from = inputRef.current?.selectionStart ?? 0;
      const next = findings.find((f) => f.start > from) ?? findings[0];
      if (next) select(next.start, next.end);
      return true;
    },
  }));

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an IME is composing picks a Chinese candidate; it must not send.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    const chord = chordFromKeyEvent(event);
    if (chord === null) return;
    if (chord === bindings.send || chord === bindings.sendAnyway) {
      event.preventDefault();
      void submit(chord === bindings.sendAnyway);
    }
  };

  const sendAnywayLabel = keyLabel(bindings.sendAnyway, t);
  return (
    <form
      className={internal ? 'composer composer-note' : 'composer'}
      data-internal={internal || undefined}
      onSubmit={(event) => {
        event.preventDefault();
        void submit(false);
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        {internal ? t('handoff:composer.noteMode') : t('composer.label')}
      </label>
      {internal && !closed && (
        <p className="note-mode" role="status">
          {notesOnly ? t('handoff:composer.inviteeOnly') : t('handoff:composer.noteModeOn', { key: keyLabel(bindings.internalNote, t) })}
        </p>
      )}
      <div className="composer-field">
        <ReplyMirror ref={mirrorRef} text={value} findings={findings} focused={focused} />
        <textarea
          id="composer-input"
          ref={inputRef}
          value={value}
          disabled={closed}
          placeholder={
            lockedReason ?? (ended ? t('composer.closed') : internal ? t('handoff:composer.notePlaceholder', { send: keyLabel(bindings.send, t) }) : t('console:composer.placeholder', { send: keyLabel(bindings.send, t) }))
          }
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onScroll={(event) => {
            if (mirrorRef.current) mirrorRef.current.scrollTop = event.currentTarget.scrollTop;
          }}
          aria-describedby="composer-hint reply-check-summary"
          aria-invalid={findings.length > 0 || undefined}
          rows={3}
        />
      </div>
      <ReplyFindings
        findings={findings}
        focused={focused}
        applyLabel={keyLabel(bindings.applySuggestion, t)}
        nextLabel={keyLabel(bindings.nextFinding, t)}
        onFocus={(index) => {
          const finding = findings[index];
          if (finding) select(finding.start, finding.end);
        }}
        onApply={applySuggestion}
      />
      <div className="composer-actions">
        {unfilledHere && (
          <p role="alert" className="error">
            {t('console:composer.unfilled', { name: unfilledHere.name })}
          </p>
        )}
        {blockedHere && !unfilledHere && (
          <p role="alert" className="error" data-testid="send-blocked">
            {blockedHere.kind === 'findings'
              ? t('console:replyCheck.blocked', { count: blockedHere.count, sendAnyway: sendAnywayLabel })
              : t('console:replyCheck.failed', { reason: errorText(t, blockedHere.error), sendAnyway: sendAnywayLabel })}
          </p>
        )}
        {sendError && !unfilledHere && !blockedHere && (
          <p role="alert" className="error">
            {errorText(t, sendError)}
          </p>
        )}
        <span id="composer-hint" className="composer-hint">
          {t('console:composer.hint', { cheatSheet: keyLabel(bindings.cheatSheet, t) })}
        </span>
        <button type="submit" disabled={closed || send.isPending}>
          {t('composer.send')}
        </button>
      </div>
    </form>
  );
}
