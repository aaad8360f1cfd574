import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { SLOT_COMMANDS, type KeyBindings } from '../../shared/console/commands';
import { ariaKeyShortcut } from '../../shared/console/key-chord';
import type { ConversationSummary } from '../../shared/contract';
import { useNow } from '../api/use-now';
import { keyLabel } from '../console/console-format';
import { PLATFORM } from '../console/platform';
import { formatDuration } from '../i18n/format';
import { SlaTimer } from './SlaTimer';

export interface SlotConversation extends ConversationSummary {
  answeredBefore: boolean;
}

interface Props {
  /** The agent's active chats in slot order. */
  slots: SlotConversation[];
  capacity: number;
  queued: ConversationSummary[];
  /** Chats of colleagues this agent was invited into. */
  invited: ConversationSummary[];
  ended: ConversationSummary[];
  selectedId: string | null;
  bindings: KeyBindings;
  onSelect(id: string): void;
}

/**
 * The slot strip: every active chat at a glance (waiting time, unread, emotion, SLA), numbered as
 * its slot key, then the group queue and ended chats. Slots keep their order while customers wait.
 */
export function ConversationList({ slots, capacity, queued, invited, ended, selectedId, bindings, onSelect }: Props) {
  const { t } = useTranslation();
  const now = useNow();
  const free = Math.max(0, capacity - slots.length);
  return (
    <>
      <section className="slot-section" aria-labelledby="slots-title">
        <h2 id="slots-title">
          {t('console:slots.title')} <span className="slot-count">{t('console:slots.count', { used: slots.length, capacity })}</span>
        </h2>
        <ol className="conversation-list slot-list">
          {slots.map((c, index) => {
            const slotCommand = SLOT_COMMANDS[index];
            return <SlotItem key={c.id} conversation={c} slot={index + 1} chord={slotCommand ? bindings[slotCommand] : null} selected={c.id === selectedId} now={now} onSelect={onSelect} />;
          })}
          {Array.from({ length: free }, (_, i) => (
            <li key={`free-${i}`} className="slot-free">
              <kbd className="slot-key">{slots.length + i + 1}</kbd> {t('console:slots.free')}
            </li>
          ))}
        </ol>
      </section>
      <OtherList title={t('handoff:list.invited')} id="invited-title" conversations={invited} selectedId={selectedId} onSelect={onSelect} now={now} />
      <OtherList title={t('console:slots.queue')} id="queue-title" conversations={queued} selectedId={selectedId} onSelect={onSelect} now={now} />
      <OtherList title={t('console:slots.ended')} id="ended-title" conversations={ended} selectedId={selectedId} onSelect={onSelect} now={now} />
    </>
  );
}

/**
 * One slot; memoised, so a switch renders the two slots whose selection changed, not all of them
 * (`onSelect` must be stable).
 */
const SlotItem = memo(function SlotItem({
  conversation: c,
  slot,
  chord,
  selected,
  now,
  onSelect,
}: {
  conversation: SlotConversation;
  slot: number;
  chord: string | null;
  selected: boolean;
  now: number;
  onSelect(id: string): void;
}) {
  const { t } = useTranslation();
  return (
    <li>
      <button
        type="button"
        className="conversation-item slot"
        data-conversation-id={c.id}
        data-status={c.status}
        data-place={c.place}
        data-slot={slot}
        data-waiting-since={c.waitingSince ?? undefined}
        aria-current={selected ? 'true' : undefined}
        aria-keyshortcuts={chord ? ariaKeyShortcut(chord, PLATFORM) : undefined}
        onClick={() => onSelect(c.id)}
      >
        <span className="conversation-head">
          <kbd className="slot-key" title={t('console:slots.key', { key: keyLabel(chord, t) })}>
            {slot}
          </kbd>
          <span className="customer-name">{c.customerName}</span>
          <span className="channel-badge">{t(`channel.${c.channel}`)}</span>
          <span className="emotion emotion-neutral" data-emotion="neutral">
            {t('console:emotion.neutral')}
          </span>
          {c.unreadCount > 0 && <span className="unread-badge">{t('conversations.unread', { count: c.unreadCount })}</span>}
        </span>
        <span className="conversation-preview">{c.lastMessagePreview}</span>
        <span className="conversation-meta">
          {c.waitingSince ? <span className="waiting">{t('conversations.waiting', { duration: formatDuration(t, now - Date.parse(c.waitingSince)) })}</span> : null}
          <SlaTimer waitingSince={c.waitingSince} answeredBefore={c.answeredBefore} now={now} />
          {c.pendingCount > 0 && <span className="pending">{t('conversations.pending', { count: c.pendingCount })}</span>}
          {c.transferPendingTo !== null && <span className="pending transferring">{t('handoff:list.transferring', { target: c.transferPendingTo })}</span>}
        </span>
      </button>
    </li>
  );
});

function OtherList({
  title,
  id,
  conversations,
  selectedId,
  onSelect,
  now,
}: {
  title: string;
  id: string;
  conversations: ConversationSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
  now: number;
}) {
  if (conversations.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="slot-count">{conversations.length}</span>
      </h2>
      <ul className="conversation-list">
        {conversations.map((c) => (
          <OtherItem key={c.id} conversation={c} selected={c.id === selectedId} now={now} onSelect={onSelect} />
        ))}
      </ul>
    </section>
  );
}

const OtherItem = memo(function OtherItem({ conversation: c, selected, now, onSelect }: { conversation: ConversationSummary; selected: boolean; now: number; onSelect(id: string): void }) {
  const { t } = useTranslation();
  return (
    <li>
      <button type="button" className="conversation-item" data-conversation-id={c.id} data-status={c.status} data-place={c.place} aria-current={selected ? 'true' : undefined} onClick={() => onSelect(c.id)}>
        <span className="conversation-head">
          <span className="customer-name">{c.customerName}</span>
          <span className="channel-badge">{t(`channel.${c.channel}`)}</span>
          {c.groupName && <span className="group-badge">{c.groupName}</span>}
        </span>
        <span className="conversation-preview">{c.lastMessagePreview}</span>
        {c.waitingSince && (
          <span className="conversation-meta">
            <span className="waiting">{t('conversations.waiting', { duration: formatDuration(t, now - Date.parse(c.waitingSince)) })}</span>
          </span>
        )}
      </button>
    </li>
  );
});
