import { useEffect, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyBindings } from '../../shared/console/commands';
import type { FilledScript } from '../../shared/console/placeholders';
import type { ConversationSummary } from '../../shared/contract';
import { useApiCommand, useApiQuery } from '../api/api-context';
import { useNow } from '../api/use-now';
import { Composer, type ComposerHandle, type ScriptSource } from './Composer';
import { HandoffBanner } from './HandoffBanner';
import { MessagePane, type RefusedReplyActions } from './MessageList';
import { RecommendedScripts } from './RecommendedScripts';
import { SlaTimer } from './SlaTimer';

interface Props {
  conversation: ConversationSummary;
  /** Chats whose message lists stay mounted (the slots and the open chat), so switching only shows one. */
  paneIds: string[];
  answeredBefore: boolean;
  slotNumber: number | null;
  /** The owner chose to write an internal note (Alt+B); an invited colleague always does. */
  noteMode: boolean;
  bindings: KeyBindings;
  /** Values for script placeholders (agent, customer, latest order). */
  scriptValues: Record<string, string | null | undefined>;
  composerRef: Ref<ComposerHandle>;
  /** Send again / dismiss for replies the server refused. */
  refused: RefusedReplyActions;
  onScriptTrigger(trigger: string): void;
  onInsertScript(script: FilledScript, source: ScriptSource): void;
}

export function ChatView({ conversation, paneIds, answeredBefore, slotNumber, noteMode, bindings, scriptValues, composerRef, refused, onScriptTrigger, onInsertScript }: Props) {
  const { t } = useTranslation();
  const markRead = useApiCommand('conversation.markRead');
  const handoff = useApiQuery('conversation.handoff', { conversationId: conversation.id });
  const invitee = conversation.place === 'invited';
  const locked = conversation.transferPendingTo !== null ? t('handoff:transfer.alreadyPending', { target: conversation.transferPendingTo }) : null;

  const { mutate: markReadNow } = markRead;
  // The unread count is the owner's: a colleague looking in does not read for them.
  useEffect(() => {
    if (conversation.unreadCount > 0 && !invitee) markReadNow({ conversationId: conversation.id });
  }, [conversation.id, conversation.unreadCount, invitee, markReadNow]);

  return (
    <section className="chat" aria-labelledby="chat-title" data-conversation-id={conversation.id}>
      <header className="chat-header">
        {slotNumber !== null && <kbd className="slot-key">{slotNumber}</kbd>}
        <h2 id="chat-title">{conversation.customerName}</h2>
        <span className="channel-badge">{t(`channel.${conversation.channel}`)}</span>
        <span className="emotion emotion-neutral" data-emotion="neutral">
          {t('console:emotion.neutral')}
        </span>
        <span className="value-level">{t('customer.valueLevel', { level: conversation.customerValueLevel })}</span>
        <ul className="tags" aria-label={t('customer.tags')}>
          {conversation.customerTags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
        {conversation.status === 'active' && <LiveSlaTimer waitingSince={conversation.waitingSince} answeredBefore={answeredBefore} />}
        <p className="subject">{conversation.subject}</p>
      </header>
      {handoff.data && <HandoffBanner view={handoff.data} bindings={bindings} />}
      <div className="message-panes">
        {paneIds.map((id) => (
          <MessagePane key={id} conversationId={id} active={id === conversation.id} refused={refused} />
        ))}
      </div>
      <div className="reply-area">
        <Composer
          ref={composerRef}
          conversationId={conversation.id}
          closed={conversation.status === 'closed'}
          internal={invitee || noteMode}
          notesOnly={invitee}
          lockedReason={locked}
          bindings={bindings}
          onScriptTrigger={onScriptTrigger}
        />
        {conversation.status !== 'closed' && <RecommendedScripts conversationId={conversation.id} values={scriptValues} bindings={bindings} onInsert={onInsertScript} />}
      </div>
    </section>
  );
}

/** Ticks on its own so the message list and composer do not re-render every second. */
function LiveSlaTimer({ waitingSince, answeredBefore }: { waitingSince: string | null; answeredBefore: boolean }) {
  const now = useNow();
  return <SlaTimer waitingSince={waitingSince} answeredBefore={answeredBefore} now={now} />;
}
