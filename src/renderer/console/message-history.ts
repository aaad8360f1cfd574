import { infiniteQueryOptions } from '@tanstack/react-query';
import type { Api, MessagePage, MessageView } from '../../shared/contract';

export type MessageCursor = { createdAt: string; id: string };

/**
 * A chat's history as pages, newest first: the latest page on opening, each older page when the
 * agent scrolls up to it. Keyed under the `message.page` channel and the chat, so a change in
 * this chat refetches it and a change in another chat does not (`eventAffects`).
 */
export function messageHistoryOptions(api: Api, conversationId: string) {
  return infiniteQueryOptions({
    queryKey: ['message.page', { conversationId }, 'history'] as const,
    queryFn: ({ pageParam }: { pageParam: MessageCursor | undefined }) => api['message.page']({ conversationId, ...(pageParam ? { before: pageParam } : {}) }),
    initialPageParam: undefined as MessageCursor | undefined,
    getNextPageParam: (page: MessagePage): MessageCursor | undefined => {
      const oldest = page.messages[0];
      return page.hasOlder && oldest ? { createdAt: oldest.createdAt, id: oldest.id } : undefined;
    },
  });
}

const flattened = new WeakMap<readonly MessagePage[], MessageView[]>();

/**
 * The loaded pages as one list, oldest first. Pages are refetched one after another, so a message
 * may briefly sit in two of them; it is shown once. Cached per pages array: the query keeps the
 * same array until something in it changes.
 */
export function historyMessages(pages: readonly MessagePage[]): MessageView[] {
  const cached = flattened.get(pages);
  if (cached) return cached;
  const seen = new Set<string>();
  const messages: MessageView[] = [];
  for (let i = pages.length - 1; i >= 0; i--) {
    for (const message of pages[i]?.messages ?? []) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      messages.push(message);
    }
  }
  flattened.set(pages, messages);
  return messages;
}
