import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { pickableTree } from '../../shared/console/tickets';
import type { CustomerSearchResult } from '../../shared/contract/ticket-admin';
import { TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX } from '../../shared/contract/values';
import type { TicketDraft } from '../../shared/contract/tickets';
import { TICKET_PRIORITIES, type TicketPriority } from '../../shared/domain/enums';
import { POOL_LEVELS, type PoolLevel } from '../../shared/tickets/process';
import { useApi, useApiQuery } from '../api/api-context';
import { errorText } from '../i18n/format';
import { CategoryPicker } from './CategoryPicker';
import { Modal } from './Modal';
import { useListbox } from './use-listbox';

interface Props {
  /** The chat the ticket comes from; null: a ticket without a chat (a phone note, an e-mail), for a customer found by search. */
  conversationId: string | null;
  onCreated(ticketId: string): void;
  onClose(): void;
}

/**
 * Create ticket in one key: everything the chat already says (customer, title from the customer's
 * words, intent, suggested category, latest order, priority) is filled in, so Enter alone creates
 * it. Escape cancels; the reply being typed in the chat is not touched. Without a chat the agent
 * first finds the customer (name, phone, order number), then fills in the same form.
 */
export function TicketDialog({ conversationId, onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const [customer, setCustomer] = useState<CustomerSearchResult | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  return (
    <Modal labelledBy="ticket-dialog-title" className="ticket-dialog" onClose={onClose} initialFocus={conversationId === null ? searchRef : undefined}>
      <header className="modal-header">
        <h2 id="ticket-dialog-title">{t(conversationId === null ? 'ticket-admin:standalone.title' : 'console:ticketDialog.title')}</h2>
        <button type="button" className="modal-close" onClick={onClose}>
          {t('console:dialog.close')}
        </button>
      </header>
      {conversationId !== null ? (
        <DraftForm input={{ conversationId }} onCreated={onCreated} onClose={onClose} />
      ) : customer === null ? (
        <CustomerSearch inputRef={searchRef} onPick={setCustomer} />
      ) : (
        <DraftForm input={{ customerId: customer.id }} onCreated={onCreated} onClose={onClose} onChangeCustomer={() => setCustomer(null)} />
      )}
    </Modal>
  );
}

function DraftForm({ input, onCreated, onClose, onChangeCustomer }: { input: { conversationId: string } | { customerId: string }; onCreated(ticketId: string): void; onClose(): void; onChangeCustomer?(): void }) {
  const { t } = useTranslation();
  const draft = useApiQuery('ticket.draft', input, { staleTime: 0 });
  return (
    <>
      {draft.error && (
        <p className="dialog-error" role="alert">
          {errorText(t, draft.error)}
        </p>
      )}
      {draft.isPending && <p className="dialog-body">{t('app.loading')}</p>}
      {draft.data && <TicketForm draft={draft.data} onCreated={onCreated} onClose={onClose} onChangeCustomer={onChangeCustomer} />}
    </>
  );
}

/** Finds the customer of a ticket without a chat: ↑/↓ choose, Enter takes them. */
function CustomerSearch({ inputRef, onPick }: { inputRef: RefObject<HTMLInputElement | null>; onPick(customer: CustomerSearchResult): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = text.trim();
  const results = useApiQuery('customer.search', { text: query }, { enabled: query !== '' });
  const options = query === '' ? [] : (results.data ?? []);
  const { current, listId, optionId, resetActive, comboboxProps } = useListbox(options, (c) => c.id, onPick);
  return (
    <div className="dialog-body customer-search">
      <label className="form-field">
        <span>{t('ticket-admin:standalone.customer')}</span>
        <input
          ref={inputRef}
          autoFocus
          type="text"
          {...comboboxProps}
          placeholder={t('ticket-admin:standalone.searchPlaceholder')}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            resetActive();
          }}
        />
      </label>
      {results.error && <p className="dialog-error">{errorText(t, results.error)}</p>}
      <ul id={listId} role="listbox" aria-label={t('ticket-admin:standalone.results')} className="picker-list">
        {options.map((customer) => (
          <li key={customer.id} id={optionId(customer.id)} role="option" aria-selected={customer.id === current?.id} className="picker-option" onClick={() => onPick(customer)}>
            <span className="picker-option-title">{customer.name}</span>
            <span className="picker-option-tag">{t('console:customer.valueLevelOf', { level: customer.valueLevel, max: 5 })}</span>
            <span className="picker-option-preview">
              {[customer.phoneMasked, customer.latestOrderNo, customer.tags.join(' · ')].filter((part) => part !== null && part !== '').join(' · ')}
            </span>
          </li>
        ))}
      </ul>
      {query !== '' && results.data?.length === 0 && <p className="empty">{t('ticket-admin:standalone.none')}</p>}
      <p className="picker-hint">{t('ticket-admin:standalone.hint')}</p>
    </div>
  );
}

function TicketForm({ draft, onCreated, onClose, onChangeCustomer }: { draft: TicketDraft; onCreated(ticketId: string): void; onClose(): void; onChangeCustomer?(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useId();
  const categories = useApiQuery('ticket.categories', {});
  const customer = useApiQuery('console.customer', { customerId: draft.customerId });
  const [title, setTitle] = useState(draft.title);
  const [description, setDescription] = useState('');
  const [categoryId, setCategoryId] = useState(draft.suggestedCategoryId);
  const [categoryComplete, setCategoryComplete] = useState(true);
  const [priority, setPriority] = useState<TicketPriority>(draft.priority);
  const [poolLevel, setPoolLevel] = useState<PoolLevel>(1);
  const [orderId, setOrderId] = useState(draft.orderId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!categoryComplete) {
      setError(t('console:ticket.categoryIncomplete'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api['ticket.create']({
        customerId: draft.customerId,
        conversationId: draft.conversationId,
        orderId,
        title,
        description,
        categoryId,
        priority,
        poolLevel,
        intent: draft.intent,
      });
      onCreated(created.id);
    } catch (failure) {
      setError(errorText(t, failure));
      setBusy(false);
      titleRef.current?.focus();
    }
  };

  // Enter creates from any field (a select or a radio would not submit by itself); in the
  // description Enter is a new line, Ctrl/⌘+Enter creates. Buttons keep their own Enter.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    const target = event.target;
    if (target instanceof HTMLButtonElement) return;
    if (target instanceof HTMLTextAreaElement && !event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    formRef.current?.requestSubmit();
  };

  return (
    <form ref={formRef} className="dialog-body ticket-form" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown}>
      <p className="ticket-form-customer">
        {t('console:ticketDialog.customer', { name: draft.customerName })}
        {draft.intent && <span className="badge">{t('console:ticketDialog.intent', { intent: draft.intent })}</span>}
        {onChangeCustomer && (
          <button type="button" className="link-button" onClick={onChangeCustomer}>
            {t('ticket-admin:standalone.changeCustomer')}
          </button>
        )}
      </p>
      {draft.conversationId === null && <p className="hint">{t('ticket-admin:standalone.noChat')}</p>}
      <label className="form-field">
        <span>{t('console:ticket.titleField')}</span>
        <input ref={titleRef} autoFocus required maxLength={TICKET_TITLE_MAX} value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      {categories.data && <CategoryPicker
          tree={pickableTree(categories.data, null)}
          value={categoryId}
          onChange={(id, complete) => {
            setCategoryId(id);
            setCategoryComplete(complete);
          }}
          idPrefix={ids}
        />}
      <div className="form-row">
        <label className="form-field">
          <span>{t('console:ticket.priority')}</span>
          <select value={priority} onChange={(event) => setPriority(TICKET_PRIORITIES.find((p) => p === event.target.value) ?? 'normal')}>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`console:ticketPriority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>{t('console:ticket.order')}</span>
          <select value={orderId ?? ''} onChange={(event) => setOrderId(event.target.value === '' ? null : event.target.value)}>
            <option value="">{t('console:ticket.noOrder')}</option>
            {(customer.data?.orders ?? []).map((order) => (
              <option key={order.id} value={order.id}>
                {order.orderNo} · {t(`console:orderStatus.${order.status}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="pool-levels">
        <legend>{t('console:ticket.pool')}</legend>
        {POOL_LEVELS.map((level) => (
          <label key={level} className="pool-level">
            <input type="radio" name={`${ids}-pool`} value={level} checked={poolLevel === level} onChange={() => setPoolLevel(level)} />
            <span className="pool-level-name">{t('console:ticket.poolLevel', { level })}</span>
            <span className="hint">{t(`console:ticket.poolHint.${level}`)}</span>
          </label>
        ))}
      </fieldset>
      <label className="form-field">
        <span>{t('console:ticket.description')}</span>
        <textarea rows={4} maxLength={TICKET_DESCRIPTION_MAX} value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      {error && (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <p className="hint">{t('console:ticketDialog.hint')}</p>
        <button type="button" onClick={onClose}>
          {t('console:ticketDialog.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('console:ticketDialog.create')}
        </button>
      </div>
    </form>
  );
}
