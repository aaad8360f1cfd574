import { normaliseChord, reservedReason, worksWhileTyping, type Platform, type ReservedReason } from './key-chord';

/**
 * Every action of the console, with its default key. The renderer's shortcut handler, the cheat
 * sheet, the command palette and the settings dialog all read this one list; settings store only
 * the agent's changes to it.
 */
export const COMMAND_IDS = [
  'send',
  'sendAnyway',
  'applySuggestion',
  'nextFinding',
  'retryFailed',
  'dismissFailed',
  'recommended1',
  'recommended2',
  'recommended3',
  'nextWaiting',
  'slot1',
  'slot2',
  'slot3',
  'slot4',
  'slot5',
  'nextChat',
  'previousChat',
  'insertScript',
  'customerPanel',
  'transfer',
  'invite',
  'endWithSummary',
  'internalNote',
  'createTicket',
  'newTicket',
  'ticketPanel',
  'myTickets',
  'processMonitor',
  'auditSearch',
  'ticketCategories',
  'authorityLimits',
  'scriptLibrary',
  'replyRules',
  'searchKb',
  'insertKbAnswer',
  'kbManage',
  'togglePresence',
  'cheatSheet',
  'commandPalette',
  'settings',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

export type CommandGroup = 'reply' | 'navigate' | 'handoff' | 'tickets' | 'tools';

/**
 * 'coming': the feature behind the command is not built yet. It is listed (so agents learn the
 * key) and shown disabled; it never pretends to run.
 */
export type CommandStatus = 'ready' | 'coming';

export interface CommandDefinition {
  id: CommandId;
  group: CommandGroup;
  defaultKey: string;
  status: CommandStatus;
}

export const SLOT_COMMANDS = ['slot1', 'slot2', 'slot3', 'slot4', 'slot5'] as const satisfies readonly CommandId[];
/** Insert the first, second, third script recommended beside the reply box. */
export const RECOMMENDED_COMMANDS = ['recommended1', 'recommended2', 'recommended3'] as const satisfies readonly CommandId[];

export const COMMANDS: readonly CommandDefinition[] = [
  { id: 'send', group: 'reply', defaultKey: 'Enter', status: 'ready' },
  // Past open reply-check findings; recorded on the message. Like send, an Enter chord in the reply box.
  { id: 'sendAnyway', group: 'reply', defaultKey: 'Mod+Shift+Enter', status: 'ready' },
  // The quick-fix and next-problem keys agents may know from editors.
  { id: 'applySuggestion', group: 'reply', defaultKey: 'Alt+Enter', status: 'ready' },
  { id: 'nextFinding', group: 'reply', defaultKey: 'F8', status: 'ready' },
  // The open chat's newest reply the server refused: send it again, or drop it.
  { id: 'retryFailed', group: 'reply', defaultKey: 'Alt+R', status: 'ready' },
  { id: 'dismissFailed', group: 'reply', defaultKey: 'Alt+Q', status: 'ready' },
  // Ctrl+Alt, not Alt (the slots) nor Alt+Shift / Ctrl+Shift, which Windows uses to switch input methods.
  ...RECOMMENDED_COMMANDS.map((id, index): CommandDefinition => ({ id, group: 'reply', defaultKey: `Ctrl+Alt+${index + 1}`, status: 'ready' })),
  { id: 'insertScript', group: 'reply', defaultKey: 'Alt+S', status: 'ready' },
  { id: 'customerPanel', group: 'reply', defaultKey: 'Alt+C', status: 'ready' },
  { id: 'nextWaiting', group: 'navigate', defaultKey: 'F2', status: 'ready' },
  ...SLOT_COMMANDS.map((id, index): CommandDefinition => ({ id, group: 'navigate', defaultKey: `Alt+${index + 1}`, status: 'ready' })),
  { id: 'nextChat', group: 'navigate', defaultKey: 'Alt+ArrowDown', status: 'ready' },
  { id: 'previousChat', group: 'navigate', defaultKey: 'Alt+ArrowUp', status: 'ready' },
  { id: 'transfer', group: 'handoff', defaultKey: 'Alt+T', status: 'ready' },
  { id: 'invite', group: 'handoff', defaultKey: 'Alt+I', status: 'ready' },
  // For a colleague invited into the chat, the same key leaves it.
  { id: 'endWithSummary', group: 'handoff', defaultKey: 'Alt+X', status: 'ready' },
  // B for 備註 (note).
  { id: 'internalNote', group: 'handoff', defaultKey: 'Alt+B', status: 'ready' },
  { id: 'createTicket', group: 'tickets', defaultKey: 'Alt+G', status: 'ready' },
  // 補錄: a ticket without a chat (a phone note, an e-mail), for a customer found by search.
  { id: 'newTicket', group: 'tickets', defaultKey: 'Ctrl+Alt+G', status: 'ready' },
  { id: 'ticketPanel', group: 'tickets', defaultKey: 'Alt+J', status: 'ready' },
  { id: 'myTickets', group: 'tickets', defaultKey: 'Alt+M', status: 'ready' },
  // Supervisors and admins only; an agent pressing them is told so rather than shown an empty screen.
  { id: 'processMonitor', group: 'tickets', defaultKey: 'Alt+W', status: 'ready' },
  { id: 'auditSearch', group: 'tickets', defaultKey: 'Alt+U', status: 'ready' },
  // Admins only. Ctrl+Alt: the Alt letters are the agents' daily keys; 'E' for 额度 (limits).
  { id: 'ticketCategories', group: 'tickets', defaultKey: 'Ctrl+Alt+C', status: 'ready' },
  { id: 'authorityLimits', group: 'tickets', defaultKey: 'Ctrl+Alt+E', status: 'ready' },
  // The script library (supervisors and admins) and the reply-rule editor (admins); told so otherwise.
  { id: 'scriptLibrary', group: 'tools', defaultKey: 'Alt+L', status: 'ready' },
  // H for 合規 (compliance); Ctrl+R would reload the page.
  { id: 'replyRules', group: 'tools', defaultKey: 'Ctrl+Alt+H', status: 'ready' },
  { id: 'searchKb', group: 'tools', defaultKey: 'Alt+K', status: 'ready' },
  { id: 'insertKbAnswer', group: 'tools', defaultKey: 'Alt+A', status: 'ready' },
  // Supervisors and admins: drafts, review queue, versions, review dates (agents are told so).
  { id: 'kbManage', group: 'tools', defaultKey: 'Ctrl+Alt+K', status: 'ready' },
  { id: 'togglePresence', group: 'tools', defaultKey: 'Alt+P', status: 'ready' },
  { id: 'cheatSheet', group: 'tools', defaultKey: 'Mod+/', status: 'ready' },
  { id: 'commandPalette', group: 'tools', defaultKey: 'Mod+K', status: 'ready' },
  { id: 'settings', group: 'tools', defaultKey: 'Mod+,', status: 'ready' },
];

/** The cheat sheet also opens with a plain "?" when focus is not in a text field. */
export const CHEAT_SHEET_ALIAS = '?';

export function commandDefinition(id: CommandId): CommandDefinition {
  const found = COMMANDS.find((c) => c.id === id);
  if (!found) throw new Error(`no command ${id}`);
  return found;
}

/** The agent's changes: a chord, or null for "no key". Commands not listed keep their default. */
export type KeyBindingOverrides = Partial<Record<CommandId, string | null>>;
export type KeyBindings = Record<CommandId, string | null>;

/** Defaults with the agent's changes applied, every chord in canonical form for this platform. */
export function effectiveBindings(overrides: KeyBindingOverrides, platform: Platform): KeyBindings {
  const bindings = {} as KeyBindings;
  for (const command of COMMANDS) {
    const override = overrides[command.id];
    const chord = override === undefined ? command.defaultKey : override;
    bindings[command.id] = chord === null ? null : normaliseChord(chord, platform);
  }
  return bindings;
}

/** chord → command, for dispatching key presses. */
export function chordIndex(bindings: KeyBindings): Map<string, CommandId> {
  const index = new Map<string, CommandId>();
  for (const id of COMMAND_IDS) {
    const chord = bindings[id];
    if (chord !== null) index.set(chord, id);
  }
  return index;
}

export type BindingProblem =
  | { kind: 'invalid' }
  | { kind: 'reserved'; reason: ReservedReason }
  | { kind: 'plainKey' }
  | { kind: 'sendNeedsEnter' }
  | { kind: 'conflict'; other: CommandId };

/**
 * Why `chord` cannot be bound to `command` given the other bindings, or null when it can. The
 * settings dialog refuses with this (naming the other command on a conflict) and settings.set
 * checks the same rules, so a binding that breaks them never reaches the replica.
 */
export function bindingProblem(bindings: KeyBindings, command: CommandId, chord: string, platform: Platform): BindingProblem | null {
  const canonical = normaliseChord(chord, platform);
  if (canonical === null) return { kind: 'invalid' };
  const reason = reservedReason(canonical, platform);
  if (reason) return { kind: 'reserved', reason };
  // Send lives in the reply box, where Shift+Enter already means "new line"; any Enter chord will do.
  if (command === 'send') {
    if (!canonical.endsWith('+Enter') && canonical !== 'Enter') return { kind: 'sendNeedsEnter' };
    if (canonical === 'Shift+Enter') return { kind: 'sendNeedsEnter' };
  } else if (!worksWhileTyping(canonical, platform)) {
    // The reply box always has focus: a plain key there types a character instead.
    return { kind: 'plainKey' };
  }
  for (const other of COMMAND_IDS) {
    if (other !== command && bindings[other] === canonical) return { kind: 'conflict', other };
  }
  return null;
}

/** Every rule broken by a full set of overrides: what settings.set refuses. */
export function overrideProblems(overrides: KeyBindingOverrides, platform: Platform): { command: CommandId; problem: BindingProblem }[] {
  const bindings = effectiveBindings(overrides, platform);
  const problems: { command: CommandId; problem: BindingProblem }[] = [];
  for (const id of COMMAND_IDS) {
    const override = overrides[id];
    if (override === undefined || override === null) continue;
    const problem = bindingProblem(bindings, id, override, platform);
    if (problem) problems.push({ command: id, problem });
  }
  return problems;
}
