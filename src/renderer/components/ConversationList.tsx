import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../shared/contract';
import { useNow } from '../api/use-now';
import { formatDuration } from '../i18n/format';

interface Props {
  conversations: ConversationSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
}

export function ConversationList({ conversations, selectedId, onSelect }: Props) {
  const { t } = useTranslation();
  const now = useNow();
  if (conversations.length === 0) return <p className="empty">{t('conversations.empty')}</p>;
  return (
    <ul className="conversation-list" aria-label={t('conversations.title')}>
      {conversations.map((c) => (
        <li key={c.id}>
          <button
            type="button"
            className="conversation-item"
            data-conversation-id={c.id}
            data-status={c.status}
            aria-current={c.id === selectedId ? 'true' : undefined}
            onClick={() => onSelect(c.id)}
          >
            <span className="conversation-head">
              <span className="customer-name">{c.customerName}</span>
              <span className="channel-badge">{t(`channel.${c.channel}`)}</span>
              <span className={`status-badge status-${c.status}`}>{t(`conversations.status.${c.status}`)}</span>
            </span>
            <span className="conversation-preview">{c.lastMessagePreview}</span>
            <span className="conversation-meta">
              {c.waitingSince && (
                <span className="waiting">{t('conversations.waiting', { duration: formatDuration(t, now - Date.parse(c.waitingSince)) })}</span>
              )}
              {c.unreadCount > 0 && <span className="unread">{t('conversations.unread', { count: c.unreadCount })}</span>}
              {c.pendingCount > 0 && <span className="pending">{t('conversations.pending', { count: c.pendingCount })}</span>}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
