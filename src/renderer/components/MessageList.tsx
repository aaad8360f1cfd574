import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { eventPhrase } from '../../shared/console/handoff';
import type { MessagePage, MessageView } from '../../shared/contract';
import { linkSegments } from '../../shared/text/links';
import { useApi } from '../api/api-context';
import { formatClockTime, formatDayLabel, localDayKey } from '../console/console-format';
import { handoffText } from '../console/handoff-format';
import { historyMessages, messageHistoryOptions } from '../console/message-history';
import { errorText } from '../i18n/format';

type Row = { kind: 'start'; key: 'start' } | { kind: 'message'; key: string; message: MessageView; position: number; startsDay: boolean };

const START_ROW_PX = 36;
const MESSAGE_ROW_PX = 76;
const DAY_LABEL_PX = 36;
/** Rows from the top at which the next older page is asked for, so it is there before the agent gets to it. */
const LOAD_OLDER_WITHIN_ROWS = 20;

const rowCache = new WeakMap<MessageView[], { complete: Row[]; partial: Row[] }>();

/**
 * One row per message, the first of each day carrying the day's label above it, under a first row
 * saying the history starts here once it is loaded to the first message. Labels are part of their
 * message's row, not rows of their own: when an older page arrives above, the virtualizer keeps
 * the row at the top of the view in place by its key, and a day's label moves to an earlier
 * message while the message stays the one the agent was reading. Cached per message array, so
 * switching back to a chat does not walk its messages again.
 */
function rowsOf(messages: MessageView[], hasOlder: boolean): Row[] {
  let cached = rowCache.get(messages);
  if (!cached) {
    let day = '';
    const body = messages.map((message, index): Row => {
      const messageDay = localDayKey(message.createdAt);
      const startsDay = messageDay !== day;
      day = messageDay;
      return { kind: 'message', key: message.id, message, position: index + 1, startsDay };
    });
    cached = { complete: [{ kind: 'start', key: 'start' }, ...body], partial: body };
    rowCache.set(messages, cached);
  }
  return hasOlder ? cached.partial : cached.complete;
}

export interface RefusedReplyActions {
  retry(message: MessageView): void;
  dismiss(message: MessageView): void;
}

/**
 * One chat's history. Every slot keeps its pane mounted and laid out, hidden when not open, so a
 * switch shows a finished list (at the scroll position the agent left) instead of building one.
 * Only the newest page is loaded at first; older ones as the agent scrolls up. A hidden pane
 * follows its own chat's changes in the background, so showing it never waits for the replica.
 * Memoised: a switch renders the two panes whose visibility changes, not every slot's.
 */
export const MessagePane = memo(function MessagePane({ conversationId, active, refused }: { conversationId: string; active: boolean; refused: RefusedReplyActions }) {
  const { t } = useTranslation();
  const api = useApi();
  const history = useInfiniteQuery(messageHistoryOptions(api, conversationId));
  const scrollRef = useRef<HTMLDivElement>(null);
  const { fetchNextPage } = history;
  const loadOlder = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const olderError = history.isFetchNextPageError ? history.error : null;
  const [atEnd, setAtEnd] = useState(true);
  useStayAtBottomOnResize(scrollRef);
  const ends = useRef<ListEnds | null>(null);
  const jumpToLatest = () => {
    ends.current?.toEnd();
    scrollRef.current?.focus();
  };
  // Home and End jump through the virtualizer: the browser's own smooth scroll across rows never
  // measured is cut short by the corrections their measuring makes, and stops halfway.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== 'End' && event.key !== 'Home') return;
    event.preventDefault();
    if (event.key === 'End') ends.current?.toEnd();
    else ends.current?.toStart();
  };
  return (
    <>
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
        onKeyDown={onKeyDown}
      >
        {history.data ? (
          <MessageRows
            pages={history.data.pages}
            scrollRef={scrollRef}
            hasOlder={history.hasNextPage}
            loadingOlder={history.isFetchingNextPage}
            olderFailed={olderError !== null}
            onLoadOlder={loadOlder}
            onAtEnd={setAtEnd}
            ends={ends}
            refused={refused}
          />
        ) : (
          history.error && (
            <p className="error" role={active ? 'alert' : undefined}>
              {errorText(t, history.error)}
            </p>
          )
        )}
      </div>
      {active && !atEnd && (
        <button type="button" className="jump-latest" onClick={jumpToLatest}>
          {t('console-extra:history.jumpToLatest')}
        </button>
      )}
      {active && (history.isFetchingNextPage || olderError !== null) && (
        <p className="history-status" role={olderError !== null ? 'alert' : 'status'}>
          {olderError !== null ? (
            <>
              {t('console-extra:history.olderFailed', { reason: errorText(t, olderError) })}{' '}
              <button type="button" onClick={loadOlder}>
                {t('console-extra:history.tryAgain')}
              </button>
            </>
          ) : (
            t('console-extra:history.loadingOlder')
          )}
        </p>
      )}
    </>
  );
});

/**
 * A list at its bottom stays there when its pane changes height (the reply area grows with the
 * recommended scripts, a panel opens, the window is resized): the virtualizer keeps rows in place
 * but not the bottom edge.
 */
function useStayAtBottomOnResize(scrollRef: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    let atBottom = true;
    const onScroll = () => {
      atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 2;
    };
    const observer = new ResizeObserver(() => {
      if (atBottom) element.scrollTop = element.scrollHeight;
    });
    element.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scrollRef]);
}

interface RowsProps {
  pages: MessagePage[];
  scrollRef: RefObject<HTMLDivElement | null>;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderFailed: boolean;
  onLoadOlder(): void;
  /** Whether the newest message is in view; the pane offers a way back to it when it is not. */
  onAtEnd(atEnd: boolean): void;
  /** Filled with jumps to the newest and the oldest loaded message. */
  ends: RefObject<ListEnds | null>;
  refused: RefusedReplyActions;
}

interface ListEnds {
  toEnd(): void;
  toStart(): void;
}

/**
 * The rows, virtualised: only those in view (and a few around) are in the DOM, so a chat with
 * thousands of messages opens and scrolls like a short one. It opens at the newest message,
 * follows new ones while the agent is at the bottom, and keeps the message the agent is reading
 * in place when an older page arrives above it. Not re-rendered when its pane is shown or hidden.
 */
const MessageRows = memo(function MessageRows({ pages, scrollRef, hasOlder, loadingOlder, olderFailed, onLoadOlder, onAtEnd, ends, refused }: RowsProps) {
  const { t, i18n } = useTranslation();
  // For "today"/"yesterday" labels; a chat stays open for minutes, not across midnight.
  const [now] = useState(() => Date.now());
  const messages = historyMessages(pages);
  const rows = rowsOf(messages, hasOlder);
  // Stable callbacks: new ones would make the virtualizer recompute every row's offset on each render.
  const getScrollElement = useCallback(() => scrollRef.current, [scrollRef]);
  const estimateSize = useCallback((index: number) => {
    const row = rows[index];
    return row?.kind === 'message' ? MESSAGE_ROW_PX + (row.startsDay ? DAY_LABEL_PX : 0) : START_ROW_PX;
  }, [rows]);
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
    // To the element's very bottom, retargeted as the last rows are measured.
    virtualizer.scrollToEnd();
    // Only on opening the chat (the list is keyed by chat); later appends are followed by followOnAppend.
  }, []);
  useLayoutEffect(() => {
    ends.current = { toEnd: () => virtualizer.scrollToEnd(), toStart: () => virtualizer.scrollToIndex(0, { align: 'start' }) };
  }, [ends, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const firstShown = items[0]?.index ?? 0;
  const wantsOlder = hasOlder && !loadingOlder && !olderFailed && firstShown < LOAD_OLDER_WITHIN_ROWS;
  const atEnd = items.length === 0 || (items.at(-1)?.index ?? 0) >= lastIndex;
  // A list that opens is at the top for a moment before it is put at the end: older pages are only
  // for a list that has been at its end, and so was scrolled up to them.
  const positioned = useRef(false);
  useEffect(() => {
    const element = scrollRef.current;
    // The element's own position: the virtualizer believes in its initial offset before it has read it.
    if (atEnd && !positioned.current && element) positioned.current = element.scrollTop > 0 || element.scrollHeight <= element.clientHeight;
    onAtEnd(atEnd);
  }, [atEnd, onAtEnd, scrollRef]);
  useEffect(() => {
    // The virtualizer's range can trail the element's position for a frame; the element has the last word.
    const element = scrollRef.current;
    if (wantsOlder && positioned.current && element && element.scrollTop < LOAD_OLDER_WITHIN_ROWS * MESSAGE_ROW_PX) onLoadOlder();
  }, [wantsOlder, onLoadOlder, scrollRef]);
  const setSize = hasOlder ? -1 : messages.length;

  return (
    <ol className="message-rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const style = { transform: `translateY(${item.start}px)` };
          if (row.kind === 'start') {
            return (
              <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="history-start" style={style}>
                <span>{t('console-extra:history.start')}</span>
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
                aria-setsize={setSize}
                aria-posinset={hasOlder ? undefined : row.position}
                style={style}
              >
                {row.startsDay && <DaySeparator at={m.createdAt} now={now} />}
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
              aria-setsize={setSize}
              aria-posinset={hasOlder ? undefined : row.position}
              style={style}
            >
              {row.startsDay && <DaySeparator at={m.createdAt} now={now} />}
              <MessageContent message={m} refused={refused} />
            </li>
          );
        })}
    </ol>
  );
});

/** One message; memoised so a list that scrolls or grows does not render every visible message again. */
/** A day's label, riding on its first row so a page arriving above keeps the agent's place. */
function DaySeparator({ at, now }: { at: string; now: number }) {
  const { t, i18n } = useTranslation();
  const label = formatDayLabel(at, now, i18n.language, t);
  return (
    <div className="day-separator" data-day={localDayKey(at)} role="separator" aria-label={label}>
      <span aria-hidden="true">{label}</span>
    </div>
  );
}

const MessageContent = memo(function MessageContent({ message: m, refused }: { message: MessageView; refused: RefusedReplyActions }) {
  const { t, i18n } = useTranslation();
  const listFormat = useMemo(() => new Intl.ListFormat(i18n.language, { type: 'unit' }), [i18n.language]);
  return (
    <>
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
      <MessageBody text={m.body} />
      {m.rejectedReason && (
        <span className="refused-actions">
          <button type="button" onClick={() => refused.retry(m)}>
            {t('console-extra:refused.retry')}
          </button>
          <button type="button" onClick={() => refused.dismiss(m)}>
            {t('console-extra:refused.dismiss')}
          </button>
        </span>
      )}
    </>
  );
});

/**
 * The text as text nodes — customer text is never parsed as HTML — with its web addresses as
 * links that open outside the console: in a new browser tab from the browser host, in the
 * system browser from Electron (the main process checks the address again before it opens it).
 */
function MessageBody({ text }: { text: string }) {
  const { t } = useTranslation();
  const segments = useMemo(() => linkSegments(text), [text]);
  return (
    <span className="message-body">
      {segments.map((segment, index) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <a key={index} href={segment.url} target="_blank" rel="noopener noreferrer" title={t('console-extra:link.opensOutside', { url: segment.url })}>
            {segment.text}
          </a>
        ),
      )}
    </span>
  );
}
