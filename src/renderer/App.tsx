import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from './api/api-context';
import { ChatView } from './components/ChatView';
import { ConversationList } from './components/ConversationList';
import { LanguageSwitcher } from './components/LanguageSwitcher';
import { StatusBar } from './components/StatusBar';
import { errorText } from './i18n/format';

export function App() {
  const { t } = useTranslation();
  const session = useApiQuery('session.get', {});
  const conversations = useApiQuery('conversation.list', {});
  const [chosenId, setChosenId] = useState<string | null>(null);

  const list = conversations.data ?? [];
  const selected = list.find((c) => c.id === chosenId) ?? null;
  // Open the first active chat on arrival, then stay on it: the list re-sorts as customers wait
  // and agents reply, and the open chat must not change under the agent's hands.
  const firstActiveId = list.find((c) => c.status === 'active')?.id ?? null;
  useEffect(() => {
    if (chosenId === null && firstActiveId !== null) setChosenId(firstActiveId);
  }, [chosenId, firstActiveId]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        {session.data && (
          <span className="agent">{t('app.agent', { name: session.data.user.displayName, agentNo: session.data.user.agentNo })}</span>
        )}
        <LanguageSwitcher />
      </header>
      <nav className="sidebar" aria-label={t('conversations.title')}>
        <h2>{t('conversations.title')}</h2>
        {conversations.isPending && <p>{t('app.loading')}</p>}
        {conversations.error && <p role="alert">{errorText(t, conversations.error)}</p>}
        <ConversationList conversations={list} selectedId={selected?.id ?? null} onSelect={setChosenId} />
      </nav>
      <main className="main">{selected ? <ChatView conversation={selected} /> : <p className="empty">{t('chat.noSelection')}</p>}</main>
      <StatusBar />
    </div>
  );
}
