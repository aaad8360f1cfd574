import type { ColleagueView, ConversationEventView, GroupView, HandoffDirectoryView, WrapUpDraft } from '../contract/handoff';
import { SUMMARY_MAX } from '../handoff/handoff';
import type { Phrase } from './tickets';

/**
 * The console's side of handing a chat over, free of React and i18next: which colleagues and
 * groups the pickers offer and which of them can take the chat now, the wrap-up's first draft, and
 * how a hand-over step reads in the history. Texts come back as phrases of the handoff namespace.
 */

export type HandoffOption =
  | { kind: 'group'; key: string; group: GroupView; blocked: null }
  | { kind: 'colleague'; key: string; colleague: ColleagueView; blocked: 'not_online' | 'full' | 'away' | null };

/**
 * Transfer: every skill group (a queue always takes the chat) and every colleague; a colleague
 * who is not online, or whose chats are full as far as the server says, is offered but blocked
 * with the reason — the server refuses them anyway. Available colleagues come first, the least
 * loaded on top.
 */
export function transferOptions(directory: HandoffDirectoryView, ownerId: string | null): HandoffOption[] {
  const groups = directory.groups.map((group): HandoffOption => ({ kind: 'group', key: `group-${group.id}`, group, blocked: null }));
  const colleagues = directory.colleagues
    .filter((c) => c.id !== ownerId)
    .map((colleague): HandoffOption => {
      const full = colleague.active !== null && colleague.active >= colleague.maxConcurrent;
      return { kind: 'colleague', key: `user-${colleague.id}`, colleague, blocked: colleague.presence !== 'online' ? 'not_online' : full ? 'full' : null };
    });
  return [...groups, ...sortColleagues(colleagues)];
}

/** Invite: colleagues at their desk (online or busy — an invitation takes no chat place), never the owner or who is already in. */
export function inviteOptions(directory: HandoffDirectoryView, exclude: readonly string[]): HandoffOption[] {
  return sortColleagues(
    directory.colleagues
      .filter((c) => !exclude.includes(c.id))
      .map((colleague): HandoffOption => ({ kind: 'colleague', key: `user-${colleague.id}`, colleague, blocked: colleague.presence === 'online' || colleague.presence === 'busy' ? null : 'away' })),
  );
}

function sortColleagues(options: HandoffOption[]): HandoffOption[] {
  const load = (o: HandoffOption) => (o.kind === 'colleague' && o.colleague.active !== null ? o.colleague.active / o.colleague.maxConcurrent : 0);
  return [...options].sort((a, b) => Number(a.blocked !== null) - Number(b.blocked !== null) || load(a) - load(b));
}

/** What a filter over the options matches: names, agent numbers and groups in either Chinese script. */
export function optionSearchText(option: HandoffOption): { text: string; weight: number }[] {
  if (option.kind === 'group') return [{ text: option.group.name, weight: 3 }, { text: option.group.id, weight: 1 }];
  const { colleague } = option;
  return [
    { text: colleague.displayName, weight: 3 },
    { text: colleague.agentNo, weight: 2 },
    { text: colleague.groups.map((g) => g.name).join(' '), weight: 1 },
  ];
}

/**
 * The wrap-up's first draft: the detected intent and the chat's topic, then its tickets by number
 * (the next agent can look them up), cut to one line of SUMMARY_MAX characters.
 */
export function wrapUpPhrases(draft: WrapUpDraft): { lead: Phrase; tickets: Phrase[] } {
  const lead: Phrase = draft.intent ? { key: 'wrapUp.draft', values: { intent: { key: `intent.${draft.intent}` }, subject: draft.subject } } : { key: 'wrapUp.plain', values: { subject: draft.subject } };
  const tickets = draft.tickets.map((ticket): Phrase => ({
    key: 'wrapUp.ticket',
    values: { number: ticket.number ?? { key: 'wrapUp.ticketPending' }, status: { key: `console:ticketStatus.${ticket.status}` } },
  }));
  return { lead, tickets };
}

export const clipSummary = (text: string): string => {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX - 1)}…` : line;
};

/** One hand-over step in the chat's history, in words (who did it is part of the phrase). */
export function eventPhrase(event: ConversationEventView): Phrase {
  const actor = event.actorName ?? { key: 'event.someone' };
  const reason: Phrase = { key: `reason.${event.reason ?? 'other'}` };
  switch (event.kind) {
    case 'transfer':
      return event.toGroupId !== null
        ? { key: 'event.transferToGroup', values: { actor, group: event.toGroupName ?? event.toGroupId, reason } }
        : { key: 'event.transferToUser', values: { actor, to: event.toName ?? { key: 'event.someone' }, reason } };
    case 'invite':
      return event.toUserId === event.actorId ? { key: 'event.inviteSelf', values: { actor } } : { key: 'event.invite', values: { actor, to: event.toName ?? { key: 'event.someone' } } };
    case 'invite_end':
      return event.toUserId === event.actorId ? { key: 'event.leave', values: { actor } } : { key: 'event.inviteEnd', values: { actor, to: event.toName ?? { key: 'event.someone' } } };
    case 'closed':
      return event.note ? { key: 'event.closedSummary', values: { actor, note: event.note } } : { key: 'event.closed', values: { actor } };
    case 'sla_missed':
      return { key: 'event.slaMissed', values: { agent: event.fromName ?? { key: 'event.someone' } } };
  }
}
