import { useEffect, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyBindings } from '../../shared/console/commands';
import type { FilledScript } from '../../shared/console/placeholders';
import type { ConversationSummary } from '../../shared/contract';
import { useApiCommand, useApiQuery } from '../api/api-context';
import { useNow } from '../api/use-now';
import { errorText } from '../i18n/format';
import { Composer, type ComposerHandle, type ScriptSource } from './Composer';
import { MessageList } from './MessageList';
import { RecommendedScripts } from './RecommendedScripts';
import { SlaTimer } from './SlaTimer';

interface Props {
  conversation: ConversationSummary;
  /** Chats whose message lists stay mounted (the slots and the open chat), so switching only shows one. */
  paneIds: string[];
  answeredBefore: boolean;
  slotNumber: number | null;
  bindings: KeyBindings;
  /** Values for script placeholders (agent, customer, latest order). */
  scriptValues: Record<string, string | null | undefined>;
  composerRef: Ref<ComposerHandle>;
  onScriptTrigger(trigger: string): void;
  onInsertScript(script: FilledScript, source: ScriptSource): void;
}

export function ChatView({ conversation, paneIds, answeredBefore, slotNumber, bindings, scriptValues, composerRef, onScriptTrigger, onInsertScript }: Props) {
  const { t } = useTranslation();
  const markRead = useApiCommand('conversation.markRead');

  const { mutate: markReadNow } = markRead;
  useEffect(() => {
    if (conversation.unreadCount > 0) markReadNow({ conversationId: conversation.id });
  }, [conversation.id, conversation.unreadCount, markReadNow]);

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
      <div className="message-panes">
        {paneIds.map((id) => (
          <MessagePane key={id} conversationId={id} active={id === conversation.id} />
        ))}
      </div>
      <div className="reply-area">
        <Composer ref={composerRef} conversationId={conversation.id} closed={conversation.status === 'closed'} bindings={bindings} onScriptTrigger={onScriptTrigger} />
        {conversation.status !== 'closed' && <RecommendedScripts conversationId={conversation.id} values={scriptValues} bindings={bindings} onInsert={onInsertScript} />}
      </div>
    </section>
  );
}

/**
 * One chat's history. Every slot keeps its pane mounted and laid out, hidden when not open, so a
 * switch shows a finished list (at the scroll position the agent left) instead of building one.
 * Hidden panes do not refetch; a pane catches up when it is shown.
 */
function MessagePane({ conversationId, active }: { conversationId: string; active: boolean }) {
  const { t } = useTranslation();
  const messages = useApiQuery('message.list', { conversationId }, { enabled: active });
  if (messages.data) return <MessageList messages={messages.data} active={active} />;
  return (
    <div className="messages" data-active={active || undefined} aria-hidden={!active || undefined}>
      {active && messages.error && (
        <p className="error" role="alert">
          {errorText(t, messages.error)}
        </p>
      )}
    </div>
  );
}

/** Ticks on its own so the message list and composer do not re-render every second. */
function LiveSlaTimer({ waitingSince, answeredBefore }: { waitingSince: string | null; answeredBefore: boolean }) {
  const now = useNow();
  return <SlaTimer waitingSince={waitingSince} answeredBefore={answeredBefore} now={now} />;
}
