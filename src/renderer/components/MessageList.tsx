import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../shared/contract';
import { eventPhrase } from '../../shared/console/handoff';
import { formatClockTime, formatDayLabel, localDayKey } from '../console/console-format';
import { handoffText } from '../console/handoff-format';

type Row = { kind: 'day'; key: string; at: string } | { kind: 'message'; key: string; message: MessageView; position: number };

const DAY_ROW_PX = 36;
const MESSAGE_ROW_PX = 76;

const rowCache = new WeakMap<MessageView[], Row[]>();

/**
 * Messages with a separator before each new day. Cached per message array: the query cache keeps
 * one array per chat until it changes, so switching back to a chat of 5,000 messages does not
 * walk them again.
 */
function rowsOf(messages: MessageView[]): Row[] {
  const cached = rowCache.get(messages);
  if (cached) return cached;
  const rows: Row[] = [];
  let day = '';
  messages.forEach((message, index) => {
    const messageDay = localDayKey(message.createdAt);
    if (messageDay !== day) {
      day = messageDay;
      rows.push({ kind: 'day', key: `day-${messageDay}`, at: message.createdAt });
    }
    rows.push({ kind: 'message', key: message.id, message, position: index + 1 });
  });
  rowCache.set(messages, rows);
  return rows;
}

/**
 * The chat history, virtualised: only the rows in view (and a few around) are in the DOM, so a
 * chat with thousands of messages opens and scrolls like a short one. It opens at the newest
 * message and follows new ones while the agent is at the bottom. Every body is a text node —
 * customer text is never parsed as HTML.
 */
export const MessageList = memo(function MessageList({ messages, active }: { messages: MessageView[]; active: boolean }) {
  const { t, i18n } = useTranslation();
  // For "today"/"yesterday" labels; a chat stays open for minutes, not across midnight.
  const [now] = useState(() => Date.now());
  const listFormat = useMemo(() => new Intl.ListFormat(i18n.language, { type: 'unit' }), [i18n.language]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = rowsOf(messages);
  // Stable callbacks: new ones would make the virtualizer recompute every row's offset on each render.
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const estimateSize = useCallback((index: number) => (rows[index]?.kind === 'day' ? DAY_ROW_PX : MESSAGE_ROW_PX), [rows]);
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: 6,
    anchorTo: 'end',
    followOnAppend: true,
    // Start at the bottom: the first frame already shows the newest messages.
    initialOffset: () => rows.length * MESSAGE_ROW_PX,
  });

  const lastIndex = rows.length - 1;
  useLayoutEffect(() => {
    if (lastIndex >= 0) virtualizer.scrollToIndex(lastIndex, { align: 'end' });
    // Only on opening the chat (the list is keyed by chat); later appends are followed by followOnAppend.
  }, []);

  return (
    <div
      ref={scrollRef}
      className="messages"
      data-active={active || undefined}
      // A hidden pane keeps its layout (visibility, not display) but is out of reach: no focus, no screen reader.
      aria-hidden={!active || undefined}
      inert={!active}
      tabIndex={0}
      role="region"
      aria-label={t('chat.messages')}
    >
      <ol className="message-rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const style = { transform: `translateY(${item.start}px)` };
          if (row.kind === 'day') {
            return (
              <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="day-separator" style={style}>
                <span>{formatDayLabel(row.at, now, i18n.language, t)}</span>
              </li>
            );
          }
          const m = row.message;
          if (m.event) {
            // A step of the hand-over history, in its place: who did what, and the note that went with it.
            return (
              <li
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="message from-event"
                data-event-kind={m.event.kind}
                data-pending={m.pending || undefined}
                aria-setsize={messages.length}
                aria-posinset={row.position}
                style={style}
              >
                <span className="message-meta">
                  <time dateTime={m.createdAt}>{formatClockTime(m.createdAt, i18n.language)}</time>
                  {m.pending && <span className="pending-mark"> · {t('chat.pending')}</span>}
                </span>
                <span className="event-body">
                  {handoffText(t, eventPhrase(m.event))}
                  {m.event.note && m.event.kind !== 'closed' && <span className="event-note"> · {t('handoff:event.note', { note: m.event.note })}</span>}
                </span>
              </li>
            );
          }
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className={`message from-${m.senderKind}${m.internal ? ' internal-note' : ''}`}
              data-message-id={m.id}
              data-pending={m.pending || undefined}
              data-rejected={m.rejectedReason ? true : undefined}
              data-overridden={m.complianceOverrides.length > 0 || undefined}
              data-internal={m.internal || undefined}
              aria-setsize={messages.length}
              aria-posinset={row.position}
              style={style}
            >
              <span className="message-meta">
                {m.senderName ?? t(`sender.${m.senderKind}`)} · <time dateTime={m.createdAt}>{formatClockTime(m.createdAt, i18n.language)}</time>
                {m.internal && <span className="internal-mark"> · {t('handoff:message.internal')}</span>}
                {m.pending && <span className="pending-mark"> · {t('chat.pending')}</span>}
                {m.rejectedReason && <span className="rejected-mark"> · {t('chat.rejected', { reason: t(m.rejectedReason) })}</span>}
                {m.complianceOverrides.length > 0 && (
                  <span className="override-mark">
                    {' · '}
                    {t('console:replyCheck.overridden', { rules: listFormat.format(m.complianceOverrides.map((rule) => t(`reply-check:rule.${rule}`))) })}
                  </span>
                )}
              </span>
              {/* Customer text is rendered as text, never as HTML. */}
              <span className="message-body">{m.body}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
});
