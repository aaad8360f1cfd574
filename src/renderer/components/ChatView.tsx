import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../shared/contract';
import { useApiCommand, useApiQuery } from '../api/api-context';
import { errorText, formatTime } from '../i18n/format';
import { Composer } from './Composer';

export function ChatView({ conversation }: { conversation: ConversationSummary }) {
  const { t, i18n } = useTranslation();
  const messages = useApiQuery('message.list', { conversationId: conversation.id });
  const markRead = useApiCommand('conversation.markRead');
  const endRef = useRef<HTMLDivElement>(null);

  const { mutate: markReadNow } = markRead;
  useEffect(() => {
    if (conversation.unreadCount > 0) markReadNow({ conversationId: conversation.id });
  }, [conversation.id, conversation.unreadCount, markReadNow]);

  const count = messages.data?.length ?? 0;
  // A block body on purpose: newer Chromium returns a Promise from scrollIntoView, and an
  // effect must return nothing or a cleanup function.
  useEffect(() => {
    void endRef.current?.scrollIntoView({ block: 'end' });
  }, [conversation.id, count]);

  return (
    <section className="chat" aria-labelledby="chat-title">
      <header className="chat-header">
        <h2 id="chat-title">{conversation.customerName}</h2>
        <span className="channel-badge">{t(`channel.${conversation.channel}`)}</span>
        <span className="value-level">{t('customer.valueLevel', { level: conversation.customerValueLevel })}</span>
        <ul className="tags" aria-label={t('customer.tags')}>
          {conversation.customerTags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
        <p className="subject">{conversation.subject}</p>
      </header>
      <ol className="messages" aria-label={t('chat.messages')} aria-live="polite">
        {messages.error && <li className="error">{errorText(t, messages.error)}</li>}
        {messages.data?.map((m) => (
          <li key={m.id} className={`message from-${m.senderKind}`} data-message-id={m.id} data-pending={m.pending || undefined}>
            <span className="message-meta">
              {m.senderName ?? t(`sender.${m.senderKind}`)} · <time dateTime={m.createdAt}>{formatTime(m.createdAt, i18n.language)}</time>
              {m.pending && <span className="pending-mark"> · {t('chat.pending')}</span>}
              {m.rejectedReason && <span className="rejected-mark"> · {t('chat.rejected', { reason: t(m.rejectedReason) })}</span>}
            </span>
            {/* Customer text is rendered as text, never as HTML. */}
            <span className="message-body">{m.body}</span>
          </li>
        ))}
      </ol>
      <div ref={endRef} />
      <Composer key={conversation.id} conversationId={conversation.id} closed={conversation.status === 'closed'} />
    </section>
  );
}
