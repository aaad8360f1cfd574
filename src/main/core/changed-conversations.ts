import { mutationConversation } from '../../shared/mutations';

/** Synced tables whose rows belong to one chat through their `conversation_id`. */
const CONVERSATION_CHILD_TABLES = new Set(['messages', 'conversation_events', 'conversation_participants']);

/**
 * Which conversations a batch of writes touched, for the renderer's refetching (`CoreEvent`):
 * every row of a conversation or of a table under it and every mutation is attributed to its chat, and once
 * one cannot be, the batch counts as touching any chat.
 */
export class ChangedConversations {
  private readonly ids = new Set<string>();
  private unknown = false;

  mutation(name: string, args: unknown): void {
    const conversationId = mutationConversation(name, args);
    if (conversationId === undefined) this.unknown = true;
    else if (conversationId !== null) this.ids.add(conversationId);
  }

  /** A put (the row) or a delete (its key) of a synced row. */
  row(table: string, row: Record<string, unknown> | undefined): void {
    if (table !== 'conversations' && !CONVERSATION_CHILD_TABLES.has(table)) return;
    const conversationId = table === 'conversations' ? row?.id : row?.conversation_id;
    if (typeof conversationId === 'string') this.ids.add(conversationId);
    else this.unknown = true;
  }

  everything(): void {
    this.unknown = true;
  }

  /** The conversations touched, or undefined when any may have been. */
  list(): string[] | undefined {
    return this.unknown ? undefined : [...this.ids];
  }
}
