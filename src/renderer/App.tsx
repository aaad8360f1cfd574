import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commandDefinition, RECOMMENDED_COMMANDS, SLOT_COMMANDS, type CommandId } from '../shared/console/commands';
import { fillPlaceholders, type FilledScript } from '../shared/console/placeholders';
import { nextPresence } from '../shared/console/presence';
import { longestWaiting, orderSlots, stepSlot } from '../shared/console/slots';
import { KB_FAVOURITES_MAX } from '../shared/contract/values';
import { useApi, useApiQuery, useQueryClient } from './api/api-context';
import { historyMessages, messageHistoryOptions } from './console/message-history';
import { desktopShell, useAttention } from './console/use-attention';
import { useGlobalShortcuts } from './console/use-global-shortcuts';
import { useUiSettings } from './console/use-ui-settings';
import { ChatView } from './components/ChatView';
import { CheatSheet } from './components/CheatSheet';
import { CommandPalette } from './components/CommandPalette';
import type { ComposerHandle, ScriptSource } from './components/Composer';
import type { RefusedReplyActions } from './components/MessageList';
import { ConversationList, type SlotConversation } from './components/ConversationList';
import { AuditDialog } from './components/AuditDialog';
import { AuthorityDialog } from './components/AuthorityDialog';
import { CategoryAdminDialog } from './components/CategoryAdminDialog';
import { CustomerPanel } from './components/CustomerPanel';
import { KbAdminDialog } from './components/KbAdminDialog';
import { KbPanel, type KbPanelHandle } from './components/KbPanel';
import { ConsoleHeader } from './components/ConsoleHeader';
import { ProcessMonitor } from './components/ProcessMonitor';
import { ProcessNotices } from './components/ProcessNotices';
import { recommendInput } from './components/RecommendedScripts';
import { ReplyRulesEditor } from './components/ReplyRulesEditor';
import { ScriptLibrary } from './components/ScriptLibrary';
import { ScriptPicker } from './components/ScriptPicker';
import { SlaAnnouncer } from './components/SlaAnnouncer';
import { SettingsDialog } from './components/SettingsDialog';
import { StatusBar } from './components/StatusBar';
import { TicketDialog } from './components/TicketDialog';
import { TicketPanel, type TicketScope } from './components/TicketPanel';
import { InviteDialog } from './components/InviteDialog';
import { LeaveDialog } from './components/LeaveDialog';
import { TransferDialog } from './components/TransferDialog';
import { WrapUpDialog } from './components/WrapUpDialog';
import { errorText } from './i18n/format';

type Dialog =
  | {
      kind: 'commandPalette' | 'cheatSheet' | 'settings' | 'processMonitor' | 'auditSearch' | 'ticketCategories' | 'authorityLimits' | 'scriptLibrary' | 'replyRules' | 'kbManage';
    }
  | { kind: 'scripts'; trigger: string | null }
  /** conversationId null: a ticket without a chat. */
  | { kind: 'createTicket'; conversationId: string | null }
  | { kind: 'transfer' | 'invite' | 'wrapUp' | 'leave'; conversationId: string };
/** The column beside the chat holds one panel at a time. */
type SidePanel = 'customer' | 'kb' | 'ticket';

const NOTICE_MS = 4000;
/** How long a slot's messages stay cached after the agent last looked at them. */
const SLOT_CACHE_MS = 30 * 60_000;

export function App() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const session = useApiQuery('session.get', {});
  const conversations = useApiQuery('conversation.list', {});
  const slotStates = useApiQuery('console.slots', {});
  const ui = useUiSettings();
  const { settings, bindings } = ui;

  const [chosenId, setChosenId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [sidePanel, setSidePanel] = useState<SidePanel | null>(null);
  const [ticketScope, setTicketScope] = useState<TicketScope>('chat');
  const [ticketId, setTicketId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The chat whose reply box writes an internal note (Alt+B); switching chats goes back to replies.
  const [noteModeFor, setNoteModeFor] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusRequest, setFocusRequest] = useState(0);
  const composerRef = useRef<ComposerHandle>(null);
  const kbRef = useRef<KbPanelHandle>(null);
  const announce = useCallback((text: string) => setAnnouncement(text), []);

  const list = useMemo(() => conversations.data ?? [], [conversations.data]);
  const slots = useMemo((): (SlotConversation & { startedAt: string })[] => {
    const states = new Map((slotStates.data ?? []).map((s) => [s.conversationId, s]));
    const active = list
      .filter((c) => c.place === 'slot')
      .map((c) => {
        const state = states.get(c.id);
        return { ...c, startedAt: state?.startedAt ?? c.lastMessageAt, answeredBefore: state ? state.firstResponseAt !== null : true };
      });
    return orderSlots(active);
  }, [list, slotStates.data]);
  const queued = useMemo(() => list.filter((c) => c.place === 'queue'), [list]);
  const invited = useMemo(() => list.filter((c) => c.place === 'invited'), [list]);
  const ended = useMemo(() => list.filter((c) => c.place === 'ended'), [list]);
  const capacity = session.data?.user.maxConcurrent ?? slots.length;

  const selected = list.find((c) => c.id === chosenId) ?? null;
  const openId = selected?.id ?? null;
  // Open the longest-waiting chat on arrival, then stay: the open chat never changes under the
  // agent's hands. Should it leave the list (transferred, say), the next longest-waiting takes over.
  const fallbackId = longestWaiting(slots, null) ?? slots[0]?.id ?? null;
  useEffect(() => {
    if (openId === null && fallbackId !== null) setChosenId(fallbackId);
  }, [openId, fallbackId]);

  // Every slot's messages, customer and recommended scripts are fetched ahead and kept, so
  // switching paints from memory.
  const slotKeys = JSON.stringify(slots.map((s) => [s.id, s.customerId]));
  useEffect(() => {
    for (const [conversationId, customerId] of JSON.parse(slotKeys) as [string, string][]) {
      void queryClient.prefetchInfiniteQuery({ ...messageHistoryOptions(api, conversationId), gcTime: SLOT_CACHE_MS });
      void queryClient.prefetchQuery({ queryKey: ['console.customer', { customerId }], queryFn: () => api['console.customer']({ customerId }), gcTime: SLOT_CACHE_MS });
      const recommend = recommendInput(conversationId);
      void queryClient.prefetchQuery({ queryKey: ['scripts.recommend', recommend], queryFn: () => api['scripts.recommend'](recommend), gcTime: SLOT_CACHE_MS });
    }
  }, [slotKeys, queryClient, api]);

  // The reply box has the keyboard whenever nothing else asked for it.
  useEffect(() => {
    if (dialog === null) composerRef.current?.focus();
  }, [focusRequest, dialog, openId]);

  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const tell = useCallback((text: string) => {
    setNotice(text);
    setAnnouncement(text);
  }, []);
  useAttention(conversations.data, openId, settings, t, announce, tell);

  const refusedReplies = useMemo(
    (): RefusedReplyActions => ({
      retry: (message) =>
        api['message.retry']({ id: message.id }).then(
          () => {
            tell(t('console-extra:refused.retried'));
            setFocusRequest((n) => n + 1);
          },
          (error: unknown) => tell(errorText(t, error)),
        ),
      dismiss: (message) =>
        api['message.dismiss']({ id: message.id }).then(
          () => {
            tell(t('console-extra:refused.dismissed'));
            setFocusRequest((n) => n + 1);
          },
          (error: unknown) => tell(errorText(t, error)),
        ),
    }),
    [api, t, tell],
  );

  // A ticket of the chat that was open is not one of the chat now open.
  const [ticketChat, setTicketChat] = useState(openId);
  if (ticketChat !== openId) {
    setTicketChat(openId);
    if (ticketScope === 'chat') setTicketId(null);
  }

  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = settings.theme;
    root.style.setProperty('--ui-font-size', `${settings.fontSize}px`);
  }, [settings.theme, settings.fontSize]);

  const openChat = (id: string | null) => {
    if (id === null) return;
    setChosenId(id);
    setFocusRequest((n) => n + 1);
    // The reply box stays where it is; a screen reader hears which customer it now answers.
    const chat = list.find((c) => c.id === id);
    if (chat && id !== openId) announce(t('console:chat.opened', { name: chat.customerName }));
  };

  // One function for the list's lifetime, so its memoised items re-render only when they change.
  const openChatRef = useRef(openChat);
  useLayoutEffect(() => {
    openChatRef.current = openChat;
  });
  const selectChat = useCallback((id: string) => openChatRef.current(id), []);
  // A click on a desktop notification brings the window forward on its chat.
  useEffect(() => desktopShell()?.onOpenChat(selectChat), [selectChat]);

  const customer = useApiQuery('console.customer', { customerId: selected?.customerId ?? '' }, { enabled: selected !== null });
  // The chat's ticket fills the stage templates: category, error text, solutions, ETA, its order.
  const ticketValues = useApiQuery('ticket.scriptValues', { conversationId: selected?.id ?? '' }, { enabled: selected !== null });
  const scriptValues = {
    agentName: session.data?.user.displayName,
    agentNo: session.data?.user.agentNo,
    customerName: selected?.customerName,
    orderNo: customer.data?.orders[0]?.orderNo,
    ...ticketValues.data?.values,
  };
  const replying = selected !== null && selected.status !== 'closed';
  const recommended = useApiQuery('scripts.recommend', recommendInput(selected?.id ?? ''), { enabled: replying });

  const insertKbAnswer = async (target: { id: string; title: string } | null) => {
    if (target === null) {
      setNotice(t('console:kb.noArticle'));
      return;
    }
    if (!replying) return;
    try {
      const article = await queryClient.fetchQuery({ queryKey: ['kb.get', { id: target.id }], queryFn: () => api['kb.get']({ id: target.id }) });
      composerRef.current?.insert(article.body, null);
      announce(t('console:kb.inserted', { title: article.title }));
    } catch (error) {
      setNotice(errorText(t, error));
    }
  };

  const run = (id: CommandId) => {
    const title = t(`console:commands.${id}`);
    if (commandDefinition(id).status === 'coming') {
      setNotice(t('console:commands.comingNotice', { command: title }));
      return;
    }
    const slotIndex = (SLOT_COMMANDS as readonly CommandId[]).indexOf(id);
    if (slotIndex >= 0) {
      const target = slots[slotIndex];
      if (target) openChat(target.id);
      else setNotice(t('console:slots.emptySlot', { number: slotIndex + 1 }));
      return;
    }
    const recommendedIndex = (RECOMMENDED_COMMANDS as readonly CommandId[]).indexOf(id);
    if (recommendedIndex >= 0) {
      if (!replying) return;
      const script = recommended.data?.[recommendedIndex];
      if (script) onScriptPicked(fillPlaceholders(script.body, scriptValues), { id: script.id, version: script.version });
      else setNotice(t('console:recommend.missing', { number: recommendedIndex + 1 }));
      return;
    }
    switch (id) {
      case 'send':
        composerRef.current?.submit();
        break;
      case 'sendAnyway':
        composerRef.current?.submit(true);
        break;
      case 'applySuggestion':
        if (!composerRef.current?.applySuggestion()) setNotice(t('console:replyCheck.nothing'));
        break;
      case 'nextFinding':
        if (!composerRef.current?.nextFinding()) setNotice(t('console:replyCheck.nothing'));
        break;
      case 'retryFailed':
      case 'dismissFailed': {
        // The newest refused reply of the open chat among the messages loaded.
        const pages = openId === null ? undefined : queryClient.getQueryData(messageHistoryOptions(api, openId).queryKey)?.pages;
        const refused = pages ? historyMessages(pages).findLast((m) => m.rejectedReason !== null) : undefined;
        if (!refused) setNotice(t('console-extra:refused.none'));
        else if (id === 'retryFailed') refusedReplies.retry(refused);
        else refusedReplies.dismiss(refused);
        break;
      }
      case 'nextWaiting': {
        const target = longestWaiting(slots, openId);
        if (target) openChat(target);
        else setNotice(t('console:slots.nobodyWaiting'));
        break;
      }
      case 'nextChat':
        openChat(stepSlot(slots.map((s) => s.id), openId, 1));
        break;
      case 'previousChat':
        openChat(stepSlot(slots.map((s) => s.id), openId, -1));
        break;
      case 'insertScript':
        if (selected && selected.status !== 'closed') setDialog({ kind: 'scripts', trigger: null });
        break;
      case 'customerPanel':
        setSidePanel((open) => (open === 'customer' ? null : 'customer'));
        break;
      case 'searchKb':
        // Opens the panel at its search box; pressed again from inside it, closes it.
        if (sidePanel !== 'kb') setSidePanel('kb');
        else if (kbRef.current?.hasFocus()) closeSidePanel();
        else kbRef.current?.focusSearch();
        break;
      case 'transfer':
      case 'invite':
      case 'endWithSummary':
      case 'internalNote':
        runHandoff(id);
        break;
      case 'createTicket':
        if (selected) setDialog({ kind: 'createTicket', conversationId: selected.id });
        else setNotice(t('console:ticket.needChat'));
        break;
      case 'newTicket':
        setDialog({ kind: 'createTicket', conversationId: null });
        break;
      case 'ticketCategories':
      case 'authorityLimits':
        if (role === 'admin') setDialog((current) => (current?.kind === id ? null : { kind: id }));
        else setNotice(t('ticket-admin:adminOnly', { command: title }));
        break;
      case 'ticketPanel':
      case 'myTickets': {
        const scope: TicketScope = id === 'myTickets' ? 'mine' : 'chat';
        if (sidePanel === 'ticket' && ticketScope === scope && ticketId === null) closeSidePanel();
        else {
          setSidePanel('ticket');
          setTicketScope(scope);
          setTicketId(null);
        }
        break;
      }
      case 'processMonitor':
      case 'auditSearch':
      case 'kbManage':
        if (decidesApprovals) setDialog((current) => (current?.kind === id ? null : { kind: id }));
        else setNotice(t('console:supervisorOnly', { command: title }));
        break;
      case 'scriptLibrary':
        if (decidesApprovals) setDialog((current) => (current?.kind === id ? null : { kind: id }));
        else setNotice(t('console:supervisorOnly', { command: title }));
        break;
      case 'replyRules':
        if (role === 'admin') setDialog((current) => (current?.kind === id ? null : { kind: id }));
        else setNotice(t('script-admin:adminOnly', { command: title }));
        break;
      case 'insertKbAnswer':
        void insertKbAnswer(sidePanel === 'kb' ? (kbRef.current?.currentArticle() ?? null) : null);
        break;
      case 'togglePresence': {
        const current = session.data?.user.presence;
        if (!current) break;
        const next = nextPresence(current);
        api['presence.set']({ presence: next }).then(
          () => setNotice(t('console:presence.changed', { presence: t(`console:presence.${next}`) })),
          (error: unknown) => setNotice(errorText(t, error)),
        );
        break;
      }
      case 'cheatSheet':
      case 'commandPalette':
      case 'settings':
        setDialog((current) => (current?.kind === id ? null : { kind: id }));
        break;
    }
  };
  /** The hand-over keys act on the open chat: the owner's, or one the agent was invited into. */
  function runHandoff(id: 'transfer' | 'invite' | 'endWithSummary' | 'internalNote') {
    if (!selected) {
      setNotice(t('handoff:needChat'));
      return;
    }
    const own = selected.place === 'slot' && selected.status !== 'closed';
    if (own && selected.transferPendingTo !== null) {
      setNotice(t('handoff:transfer.alreadyPending', { target: selected.transferPendingTo }));
      return;
    }
    const invitedHere = selected.place === 'invited';
    if (id === 'internalNote') {
      if (own) setNoteModeFor((current) => (current === selected.id ? null : selected.id));
      else setNotice(t(invitedHere ? 'handoff:composer.inviteeOnly' : 'handoff:transfer.notYours'));
      setFocusRequest((n) => n + 1);
      return;
    }
    if (id === 'endWithSummary' && invitedHere) {
      setDialog({ kind: 'leave', conversationId: selected.id });
      return;
    }
    if (!own) {
      setNotice(t(id === 'transfer' ? 'handoff:transfer.notYours' : id === 'invite' ? 'handoff:invite.notYours' : 'handoff:wrapUp.notYours'));
      return;
    }
    setDialog({ kind: id === 'endWithSummary' ? 'wrapUp' : id, conversationId: selected.id });
  }
  const handoffDone = (text: string) => {
    closeDialog();
    tell(text);
  };

  const runFromDialog = (id: CommandId) => {
    setDialog(null);
    run(id);
  };

  useGlobalShortcuts(bindings, run);
  // One function for the header's lifetime, so a chat switch does not render it again.
  const runRef = useRef(run);
  useLayoutEffect(() => {
    runRef.current = run;
  });
  const runCommand = useCallback((id: CommandId) => runRef.current(id), []);

  const closeDialog = () => {
    setDialog(null);
    setFocusRequest((n) => n + 1);
  };
  const toggleKbFavourite = (id: string) => {
    const favourites = settings.kbFavourites;
    const next = favourites.includes(id) ? favourites.filter((f) => f !== id) : [id, ...favourites].slice(0, KB_FAVOURITES_MAX);
    ui.save({ kbFavourites: next }).catch((error: unknown) => setNotice(errorText(t, error)));
  };
  const closeSidePanel = () => {
    setSidePanel(null);
    setFocusRequest((n) => n + 1);
  };

  const onScriptPicked = (script: FilledScript, source: ScriptSource) => {
    setDialog(null);
    composerRef.current?.insert(script.text, script.firstUnfilled, source);
  };
  const onScriptCancelled = () => {
    // The "/" that opened the picker was not typed into the reply; give it back.
    if (dialog?.kind === 'scripts' && dialog.trigger) composerRef.current?.insert(dialog.trigger, null);
    closeDialog();
  };

  const role = session.data?.user.role;
  const decidesApprovals = role === 'supervisor' || role === 'admin';
  const slotNumber = selected ? slots.findIndex((s) => s.id === selected.id) : -1;
  const openTicket = (id: string) => {
    setDialog(null);
    setSidePanel('ticket');
    setTicketScope('mine');
    setTicketId(id);
  };

  return (
    <div className={`app ${(sidePanel === 'customer' && selected) || sidePanel === 'kb' || sidePanel === 'ticket' ? 'with-panel' : ''}`}>
      <ConsoleHeader user={session.data?.user} bindings={bindings} onRun={runCommand} />
      <nav className="sidebar" aria-label={t('conversations.title')}>
        {conversations.isPending && <p>{t('app.loading')}</p>}
        {conversations.error && <p role="alert">{errorText(t, conversations.error)}</p>}
        <ConversationList slots={slots} capacity={capacity} queued={queued} invited={invited} ended={ended} selectedId={openId} bindings={bindings} onSelect={selectChat} />
      </nav>
      <main className="main">
        {selected ? (
          <ChatView
            conversation={selected}
            paneIds={slots.some((s) => s.id === selected.id) ? slots.map((s) => s.id) : [...slots.map((s) => s.id), selected.id]}
            answeredBefore={slots.find((s) => s.id === selected.id)?.answeredBefore ?? true}
            slotNumber={slotNumber >= 0 ? slotNumber + 1 : null}
            noteMode={noteModeFor === selected.id}
            bindings={bindings}
            scriptValues={scriptValues}
            composerRef={composerRef}
            refused={refusedReplies}
            onScriptTrigger={(trigger) => setDialog({ kind: 'scripts', trigger })}
            onInsertScript={onScriptPicked}
          />
        ) : (
          <p className="empty">{t('console:chat.noSelection')}</p>
        )}
      </main>
      {sidePanel === 'customer' && selected && <CustomerPanel key={selected.id} customerId={selected.customerId} openConversationId={selected.id} />}
      {sidePanel === 'ticket' && (
        <TicketPanel
          scope={ticketScope}
          conversationId={openId}
          ticketId={ticketId}
          onScope={(scope) => {
            setTicketScope(scope);
            setTicketId(null);
          }}
          onSelect={setTicketId}
          onLeave={() => setFocusRequest((n) => n + 1)}
          onClose={closeSidePanel}
        />
      )}
      {sidePanel === 'kb' && (
        <KbPanel
          ref={kbRef}
          conversationId={openId}
          bindings={bindings}
          favourites={settings.kbFavourites}
          onToggleFavourite={toggleKbFavourite}
          onInsert={(article) => void insertKbAnswer(article)}
          onLeave={() => setFocusRequest((n) => n + 1)}
          onClose={closeSidePanel}
        />
      )}
      <StatusBar />
      <ProcessNotices session={session.data} tell={tell} />
      <SlaAnnouncer chats={slots} announce={announce} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <div className="notice" aria-live="polite" aria-atomic="true" hidden={notice === null}>
        {notice}
      </div>
      {dialog?.kind === 'commandPalette' && (
        <CommandPalette bindings={bindings} conversations={list} onRun={runFromDialog} onOpenChat={(id) => {
            setDialog(null);
            openChat(id);
          }} onClose={closeDialog} />
      )}
      {dialog?.kind === 'cheatSheet' && <CheatSheet bindings={bindings} onClose={closeDialog} />}
      {dialog?.kind === 'settings' && <SettingsDialog ui={ui} onClose={closeDialog} />}
      {dialog?.kind === 'createTicket' && (
        <TicketDialog
          conversationId={dialog.conversationId}
          onCreated={(id) => {
            closeDialog();
            setSidePanel('ticket');
            setTicketScope(dialog.conversationId === null ? 'mine' : 'chat');
            setTicketId(id);
            // Numbers are handed out by the server, so a ticket written here has none until it syncs.
            tell(t('console:ticketDialog.created'));
          }}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'transfer' && selected?.id === dialog.conversationId && <TransferDialog conversation={selected} onDone={handoffDone} onClose={closeDialog} />}
      {dialog?.kind === 'invite' && selected?.id === dialog.conversationId && session.data && (
        <InviteDialog conversation={selected} userId={session.data.user.id} onDone={handoffDone} onClose={closeDialog} />
      )}
      {dialog?.kind === 'wrapUp' && selected?.id === dialog.conversationId && <WrapUpDialog conversation={selected} onDone={handoffDone} onClose={closeDialog} />}
      {dialog?.kind === 'leave' && selected?.id === dialog.conversationId && session.data && (
        <LeaveDialog conversation={selected} userId={session.data.user.id} onDone={handoffDone} onClose={closeDialog} />
      )}
      {dialog?.kind === 'processMonitor' && <ProcessMonitor onOpenTicket={openTicket} onClose={closeDialog} />}
      {dialog?.kind === 'auditSearch' && <AuditDialog onClose={closeDialog} />}
      {dialog?.kind === 'ticketCategories' && <CategoryAdminDialog onClose={closeDialog} />}
      {dialog?.kind === 'authorityLimits' && <AuthorityDialog onClose={closeDialog} />}
      {dialog?.kind === 'scriptLibrary' && <ScriptLibrary onClose={closeDialog} />}
      {dialog?.kind === 'replyRules' && <ReplyRulesEditor onClose={closeDialog} />}
      {dialog?.kind === 'kbManage' && session.data && <KbAdminDialog actor={{ userId: session.data.user.id, role: session.data.user.role }} onClose={closeDialog} />}
      {dialog?.kind === 'scripts' && selected && <ScriptPicker conversationId={selected.id} values={scriptValues} onPick={onScriptPicked} onCancel={onScriptCancelled} />}
    </div>
  );
}
