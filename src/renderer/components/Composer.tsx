import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiCommand, useApiQuery } from '../api/api-context';
import { errorText } from '../i18n/format';

const DRAFT_SAVE_DELAY_MS = 300;

/**
 * The reply box. Every keystroke reaches the replica's drafts table within a moment, so a
 * crash, a reload or a switch to another chat never loses what the agent typed.
 */
export function Composer({ conversationId, closed }: { conversationId: string; closed: boolean }) {
  const { t } = useTranslation();
  const draft = useApiQuery('draft.get', { conversationId }, { staleTime: 0 });
  const saveDraft = useApiCommand('draft.save');
  const send = useApiCommand('message.send');
  // null until the agent types: until then the box shows the draft stored in the replica.
  const [text, setText] = useState<string | null>(null);
  const unsaved = useRef<{ timer: ReturnType<typeof setTimeout>; body: string } | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const value = text ?? draft.data?.body ?? '';

  const { mutate: persistDraft } = saveDraft;
  const flushDraft = useCallback(() => {
    if (!unsaved.current) return;
    clearTimeout(unsaved.current.timer);
    persistDraft({ conversationId, body: unsaved.current.body });
    unsaved.current = null;
  }, [conversationId, persistDraft]);
  // Switching chats unmounts this composer: whatever is still unsaved is written now.
  useEffect(() => flushDraft, [flushDraft]);

  const onChange = (next: string) => {
    setText(next);
    send.reset();
    if (unsaved.current) clearTimeout(unsaved.current.timer);
    unsaved.current = { body: next, timer: setTimeout(flushDraft, DRAFT_SAVE_DELAY_MS) };
  };

  const submit = () => {
    if (closed || send.isPending) return;
    if (unsaved.current) clearTimeout(unsaved.current.timer);
    unsaved.current = null;
    send.mutate(
      { conversationId, body: value },
      {
        onSuccess: () => {
          setText('');
          inputRef.current?.focus();
        },
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an IME is composing picks a Chinese candidate; it must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
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
        placeholder={closed ? t('composer.closed') : t('composer.placeholder')}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        rows={3}
        autoFocus
      />
      <div className="composer-actions">
        {send.error && (
          <p role="alert" className="error">
            {errorText(t, send.error)}
          </p>
        )}
        <button type="submit" disabled={closed || send.isPending}>
          {t('composer.send')}
        </button>
      </div>
    </form>
  );
}
