import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { chordFromKeyEvent } from '../../shared/console/key-chord';
import { findPlaceholders, type PlaceholderSpan } from '../../shared/console/placeholders';
import type { DraftView } from '../../shared/contract';
import { useApiCommand, useApiQuery, useQueryClient } from '../api/api-context';
import { errorText } from '../i18n/format';

const DRAFT_SAVE_DELAY_MS = 300;

/**
 * Typed alone into an empty reply, these open the script picker: "/" on a Latin keyboard, and "、"
 * (or a full-width slash) which a Chinese IME types for the same key in Chinese punctuation mode.
 */
const SCRIPT_TRIGGERS = new Set(['/', '、', '／']);

export interface ComposerHandle {
  focus(): void;
  submit(): void;
  /** Puts a filled script at the cursor and selects `select` (offsets within `text`), if any. */
  insert(text: string, select: PlaceholderSpan | null): void;
}

interface Props {
  conversationId: string;
  closed: boolean;
  /** The send chord (Enter unless the agent remapped it). */
  sendChord: string | null;
  /** How the send and cheat-sheet keys are shown in the hints. */
  sendLabel: string;
  cheatSheetLabel: string;
  onScriptTrigger(trigger: string): void;
  ref?: Ref<ComposerHandle>;
}

/**
 * The reply box. Every keystroke reaches the replica's drafts table within a moment, so a
 * crash, a reload or a switch to another chat never loses what the agent typed. One box serves
 * every chat: switching keeps it (and its focus) and swaps the text, so the agent types on at once.
 */
export function Composer({ conversationId, closed, sendChord, sendLabel, cheatSheetLabel, onScriptTrigger, ref }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const draft = useApiQuery('draft.get', { conversationId }, { staleTime: 0 });
  const saveDraft = useApiCommand('draft.save');
  const send = useApiCommand('message.send');
  // What the agent typed, and in which chat; until they type, the box shows the stored draft.
  const [typed, setTyped] = useState<{ conversationId: string; text: string } | null>(null);
  const [unfilled, setUnfilled] = useState<{ conversationId: string; span: PlaceholderSpan } | null>(null);
  const unsaved = useRef<{ timer: ReturnType<typeof setTimeout>; conversationId: string; body: string } | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const pendingSelection = useRef<[number, number] | null>(null);
  const value = (typed?.conversationId === conversationId ? typed.text : null) ?? draft.data?.body ?? '';
  const unfilledHere = unfilled?.conversationId === conversationId ? unfilled.span : null;
  const sendError = send.variables?.conversationId === conversationId ? send.error : null;

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
    }));
    persistDraft({ conversationId: pending.conversationId, body: pending.body });
  }, [persistDraft, queryClient]);
  // Leaving a chat (or closing the console) writes whatever is still unsaved at once.
  useEffect(() => flushDraft, [conversationId, flushDraft]);
  // So does leaving the page: a reload inside the save delay must not lose the last keystrokes.
  useEffect(() => {
    window.addEventListener('pagehide', flushDraft);
    return () => window.removeEventListener('pagehide', flushDraft);
  }, [flushDraft]);

  const change = (next: string) => {
    setTyped({ conversationId, text: next });
    setUnfilled(null);
    send.reset();
    if (unsaved.current) clearTimeout(unsaved.current.timer);
    unsaved.current = { conversationId, body: next, timer: setTimeout(flushDraft, DRAFT_SAVE_DELAY_MS) };
  };

  const onChange = (next: string) => {
    if (value === '' && SCRIPT_TRIGGERS.has(next)) {
      onScriptTrigger(next);
      return;
    }
    change(next);
  };

  // A selection asked for by insert() is applied once the new text is in the box.
  useLayoutEffect(() => {
    const selection = pendingSelection.current;
    const input = inputRef.current;
    if (!selection || !input) return;
    pendingSelection.current = null;
    input.focus();
    input.setSelectionRange(selection[0], selection[1]);
  });

  const submit = () => {
    if (closed || send.isPending) return;
    // A script's unfilled {{placeholder}} must never reach a customer: point at it instead.
    const placeholder = findPlaceholders(value)[0];
    if (placeholder) {
      setUnfilled({ conversationId, span: placeholder });
      inputRef.current?.setSelectionRange(placeholder.start, placeholder.end);
      return;
    }
    if (unsaved.current) clearTimeout(unsaved.current.timer);
    unsaved.current = null;
    const sentFrom = conversationId;
    send.mutate(
      { conversationId, body: value },
      {
        onSuccess: () => {
          // Cleared only if the agent has not moved on to type in another chat meanwhile.
          setTyped((current) => (current === null || current.conversationId === sentFrom ? { conversationId: sentFrom, text: '' } : current));
          inputRef.current?.focus({ preventScroll: true });
        },
      },
    );
  };

  useImperativeHandle(ref, () => ({
    // No scrolling into view: the box is always on screen, and scrolling would force a layout mid-switch.
    focus: () => inputRef.current?.focus({ preventScroll: true }),
    submit,
    insert(inserted, select) {
      const input = inputRef.current;
      const start = input?.selectionStart ?? value.length;
      const end = input?.selectionEnd ?? value.length;
      change(value.slice(0, start) + inserted + value.slice(end));
      pendingSelection.current = select ? [start + select.start, start + select.end] : [start + inserted.length, start + inserted.length];
    },
  }));

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an IME is composing picks a Chinese candidate; it must not send.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (sendChord !== null && chordFromKeyEvent(event) === sendChord) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        {t('composer.label')}
      </label>
      <textarea
        id="composer-input"
        ref={inputRef}
        value={value}
        disabled={closed}
        placeholder={closed ? t('composer.closed') : t('console:composer.placeholder', { send: sendLabel })}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby="composer-hint"
        rows={3}
      />
      <div className="composer-actions">
        {unfilledHere && (
          <p role="alert" className="error">
            {t('console:composer.unfilled', { name: unfilledHere.name })}
          </p>
        )}
        {sendError && !unfilledHere && (
          <p role="alert" className="error">
            {errorText(t, sendError)}
          </p>
        )}
        <span id="composer-hint" className="composer-hint">
          {t('console:composer.hint', { cheatSheet: cheatSheetLabel })}
        </span>
        <button type="submit" disabled={closed || send.isPending}>
          {t('composer.send')}
        </button>
      </div>
    </form>
  );
}
