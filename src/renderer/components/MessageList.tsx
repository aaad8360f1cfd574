import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessagePage, MessageView } from '../../shared/contract';
import { linkSegments } from '../../shared/text/links';
import { useApi } from '../api/api-context';
import { formatClockTime, formatDayLabel, localDayKey } from '../console/console-format';
import { historyMessages, messageHistoryOptions } from '../console/message-history';
import { errorText } from '../i18n/format';

type Row =
  | { kind: 'start'; key: 'start' }
  | { kind: 'older'; key: 'older' }
  | { kind: 'day'; key: string; at: string }
  | { kind: 'message'; key: string; message: MessageView; position: number };

const EDGE_ROW_PX = 36;
const DAY_ROW_PX = 36;
const MESSAGE_ROW_PX = 76;
/** Rows from the top at which the next older page is asked for, so it is there before the agent gets to it. */
const LOAD_OLDER_WITHIN_ROWS = 20;

const rowCache = new WeakMap<MessageView[], { complete: Row[]; partial: Row[] }>();

/**
 * Messages with a separator before each new day, under a first row that says the history starts
 * here or that older messages follow. Cached per message array, so switching back to a chat does
 * not walk its messages again.
 */
function rowsOf(messages: MessageView[], hasOlder: boolean): Row[] {
  let cached = rowCache.get(messages);
  if (!cached) {
    const body: Row[] = [];
    let day = '';
    messages.forEach((message, index) => {
      const messageDay = localDayKey(message.createdAt);
      if (messageDay !== day) {
        day = messageDay;
        body.push({ kind: 'day', key: `day-${messageDay}`, at: message.createdAt });
      }
      body.push({ kind: 'message', key: message.id, message, position: index + 1 });
    });
    cached = { complete: [{ kind: 'start', key: 'start' }, ...body], partial: [{ kind: 'older', key: 'older' }, ...body] };
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
 */
export function MessagePane({ conversationId, active, refused }: { conversationId: string; active: boolean; refused: RefusedReplyActions }) {
  const { t } = useTranslation();
  const api = useApi();
  const history = useInfiniteQuery(messageHistoryOptions(api, conversationId));
  const scrollRef = useRef<HTMLDivElement>(null);
  const { fetchNextPage } = history;
  const loadOlder = useCallback(() => void fetchNextPage(), [fetchNextPage]);
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
      {history.data ? (
        <MessageRows
          pages={history.data.pages}
          scrollRef={scrollRef}
          hasOlder={history.hasNextPage}
          loadingOlder={history.isFetchingNextPage}
          olderError={history.isFetchNextPageError ? history.error : null}
          onLoadOlder={loadOlder}
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
  );
}

interface RowsProps {
  pages: MessagePage[];
  scrollRef: RefObject<HTMLDivElement | null>;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  onLoadOlder(): void;
  refused: RefusedReplyActions;
}

/**
 * The rows, virtualised: only those in view (and a few around) are in the DOM, so a chat with
 * thousands of messages opens and scrolls like a short one. It opens at the newest message,
 * follows new ones while the agent is at the bottom, and keeps the message the agent is reading
 * in place when an older page arrives above it. Not re-rendered when its pane is shown or hidden.
 */
const MessageRows = memo(function MessageRows({ pages, scrollRef, hasOlder, loadingOlder, olderError, onLoadOlder, refused }: RowsProps) {
  const { t, i18n } = useTranslation();
  // For "today"/"yesterday" labels; a chat stays open for minutes, not across midnight.
  const [now] = useState(() => Date.now());
  const messages = historyMessages(pages);
  const rows = rowsOf(messages, hasOlder);
  // Stable callbacks: new ones would make the virtualizer recompute every row's offset on each render.
  const getScrollElement = useCallback(() => scrollRef.current, [scrollRef]);
  const estimateSize = useCallback((index: number) => (rows[index]?.kind === 'message' ? MESSAGE_ROW_PX : rows[index]?.kind === 'day' ? DAY_ROW_PX : EDGE_ROW_PX), [rows]);
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

  const items = virtualizer.getVirtualItems();
  const firstShown = items[0]?.index ?? 0;
  const wantsOlder = hasOlder && !loadingOlder && olderError === null && firstShown < LOAD_OLDER_WITHIN_ROWS;
  useEffect(() => {
    if (wantsOlder) onLoadOlder();
  }, [wantsOlder, onLoadOlder]);

  const atEnd = items.length === 0 || (items.at(-1)?.index ?? 0) >= lastIndex;
  const setSize = hasOlder ? -1 : messages.length;

  return (
    <>
      <ol className="message-rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const style = { transform: `translateY(${item.start}px)` };
          if (row.kind === 'start' || row.kind === 'older') {
            return (
              <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} className={`history-edge history-${row.kind}`} style={style}>
                {row.kind === 'start' ? (
                  <span>{t('console-extra:history.start')}</span>
                ) : olderError !== null ? (
                  <span role="alert">
                    {t('console-extra:history.olderFailed', { reason: errorText(t, olderError) })}{' '}
                    <button type="button" onClick={onLoadOlder}>
                      {t('console-extra:history.tryAgain')}
                    </button>
                  </span>
                ) : (
                  <span>{t('console-extra:history.loadingOlder')}</span>
                )}
              </li>
            );
          }
          if (row.kind === 'day') {
            return (
              <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="day-separator" style={style}>
                <span>{formatDayLabel(row.at, now, i18n.language, t)}</span>
              </li>
            );
          }
          const m = row.message;
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className={`message from-${m.senderKind}`}
              data-message-id={m.id}
              data-pending={m.pending || undefined}
              data-rejected={m.rejectedReason ? true : undefined}
              data-overridden={m.complianceOverrides.length > 0 || undefined}
              aria-setsize={setSize}
              aria-posinset={hasOlder ? undefined : row.position}
              style={style}
            >
              <MessageContent message={m} refused={refused} />
            </li>
          );
        })}
      </ol>
      {!atEnd && (
        <button type="button" className="jump-latest" onClick={() => virtualizer.scrollToIndex(lastIndex, { align: 'end' })}>
          {t('console-extra:history.jumpToLatest')}
        </button>
      )}
    </>
  );
});

/** One message; memoised so a list that scrolls or grows does not render every visible message again. */
const MessageContent = memo(function MessageContent({ message: m, refused }: { message: MessageView; refused: RefusedReplyActions }) {
  const { t, i18n } = useTranslation();
  const listFormat = useMemo(() => new Intl.ListFormat(i18n.language, { type: 'unit' }), [i18n.language]);
  return (
    <>
      <span className="message-meta">
        {m.senderName ?? t(`sender.${m.senderKind}`)} · <time dateTime={m.createdAt}>{formatClockTime(m.createdAt, i18n.language)}</time>
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
