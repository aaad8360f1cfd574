/**
 * Key chords as text: "Alt+1", "Ctrl+Shift+K", "F2", "?". One canonical spelling per chord so
 * bindings can be compared as strings, stored in settings and shown in the cheat sheet.
 *
 * Canonical form: modifiers in the order Ctrl, Alt, Shift, Meta, then the key. Letters are upper
 * case, digits and punctuation as typed, other keys by their KeyboardEvent.key name. "Mod" in a
 * default binding means Ctrl, or ⌘ on macOS; it is resolved when parsed.
 */

export type Platform = 'mac' | 'other';

export interface Chord {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  key: string;
}

/** The parts of a KeyboardEvent a chord is read from; a plain object in tests. */
export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const NAMED_KEYS = new Set([
  'Enter',
  'Escape',
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
]);

const KEY_ALIASES: Record<string, string> = {
  esc: 'Escape',
  return: 'Enter',
  space: 'Space',
  spacebar: 'Space',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  del: 'Delete',
  ins: 'Insert',
  pgup: 'PageUp',
  pgdn: 'PageDown',
};

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'AltGraph', 'Shift', 'Meta', 'OS', 'CapsLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'NumLock', 'ScrollLock']);

/** Physical punctuation keys, for when `key` says nothing useful (macOS Option, an IME). */
const PUNCTUATION_CODES: Record<string, string> = {
  Slash: '/',
  Backslash: '\\',
  Comma: ',',
  Period: '.',
  Semicolon: ';',
  Quote: "'",
  BracketLeft: '[',
  BracketRight: ']',
  Minus: '-',
  Equal: '=',
  Backquote: '`',
};

const isPrintableAscii = (key: string) => key.length === 1 && key >= '!' && key <= '~';

function normaliseKey(raw: string): string | null {
  if (raw.length === 1) {
    if (raw === ' ') return 'Space';
    if (/[a-z]/i.test(raw)) return raw.toUpperCase();
    return isPrintableAscii(raw) ? raw : null;
  }
  const alias = KEY_ALIASES[raw.toLowerCase()];
  if (alias) return alias;
  const named = [...NAMED_KEYS].find((name) => name.toLowerCase() === raw.toLowerCase());
  return named ?? null;
}

/** Reads "Ctrl+Alt+K", "mod+k", "Shift+F2"… Returns null for anything that is not one chord. */
export function parseChord(text: string, platform: Platform): Chord | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return null;
  // "Ctrl++" binds the plus key; split() would lose it.
  const parts = trimmed.endsWith('++') ? [...trimmed.slice(0, -2).split('+'), '+'] : trimmed === '+' ? ['+'] : trimmed.split('+');
  const keyPart = parts.pop();
  if (keyPart === undefined) return null;
  const chord: Chord = { ctrl: false, alt: false, shift: false, meta: false, key: '' };
  for (const part of parts) {
    const modifier = part.trim().toLowerCase();
    if (modifier === 'ctrl' || modifier === 'control') chord.ctrl = true;
    else if (modifier === 'alt' || modifier === 'option') chord.alt = true;
    else if (modifier === 'shift') chord.shift = true;
    else if (modifier === 'meta' || modifier === 'cmd' || modifier === 'command') chord.meta = true;
    else if (modifier === 'mod') {
      if (platform === 'mac') chord.meta = true;
      else chord.ctrl = true;
    } else return null;
  }
  const key = normaliseKey(keyPart.trim());
  if (key === null) return null;
  chord.key = key;
  return chord;
}

export function formatChordCanonical(chord: Chord): string {
  const parts: string[] = [];
  if (chord.ctrl) parts.push('Ctrl');
  if (chord.alt) parts.push('Alt');
  if (chord.shift) parts.push('Shift');
  if (chord.meta) parts.push('Meta');
  parts.push(chord.key);
  return parts.join('+');
}

/** The canonical spelling of a chord written by hand, or null when it is not one. */
export function normaliseChord(text: string, platform: Platform): string | null {
  const chord = parseChord(text, platform);
  return chord ? formatChordCanonical(chord) : null;
}

/**
 * The chord a key press makes, or null for a lone modifier or a key still being composed by an IME.
 * Letters and digits are read from the physical key so Option on macOS (which types "¡" for ⌥1)
 * and a Chinese IME (which reports "Process") still produce "Alt+1". Shifted punctuation keeps its
 * character ("?" rather than "Shift+/"), as the user sees it on the key.
 */
export function chordFromKeyEvent(event: KeyEventLike): string | null {
  if (MODIFIER_KEYS.has(event.key) || event.key === 'Dead' || event.key === 'Unidentified') return null;
  let key: string | null = null;
  let shiftInKey = false;
  const letter = /^Key([A-Z])$/.exec(event.code);
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(event.code);
  if (letter?.[1]) key = letter[1];
  else if (digit?.[1]) key = digit[1];
  else if (event.key.length === 1 && isPrintableAscii(event.key) && !/[a-z0-9]/i.test(event.key)) {
    key = event.key;
    shiftInKey = true;
  } else if (event.key === 'Process') return null;
  else if (event.key.length === 1 && event.key !== ' ') key = PUNCTUATION_CODES[event.code] ?? null;
  else key = normaliseKey(event.key);
  if (key === null) return null;
  return formatChordCanonical({
    ctrl: event.ctrlKey,
    alt: event.altKey,
    shift: event.shiftKey && !shiftInKey,
    meta: event.metaKey,
    key,
  });
}

/**
 * Whether a chord can fire while the agent is typing in the reply box: plain keys there type text,
 * so a command reachable from the composer needs Ctrl, Alt or ⌘, or a function key.
 */
export function worksWhileTyping(canonical: string, platform: Platform): boolean {
  const chord = parseChord(canonical, platform);
  if (!chord) return false;
  return chord.ctrl || chord.alt || chord.meta || /^F\d+$/.test(chord.key);
}

export type ReservedReason = 'editing' | 'browser' | 'navigation';

/**
 * Chords the agent may not take for a command: text editing everyone relies on, what the browser or
 * the OS keeps for itself (a page cannot override Ctrl+W or Ctrl+T), and focus navigation.
 */
export function reservedReason(canonical: string, platform: Platform): ReservedReason | null {
  const chord = parseChord(canonical, platform);
  if (!chord) return null;
  const command = platform === 'mac' ? chord.meta && !chord.ctrl : chord.ctrl && !chord.meta;
  const plain = !chord.ctrl && !chord.alt && !chord.meta;
  if (plain && (chord.key === 'Tab' || chord.key === 'Escape')) return 'navigation';
  if (command && !chord.alt && !chord.shift && ['A', 'C', 'V', 'X', 'Z', 'Y'].includes(chord.key)) return 'editing';
  if (command && chord.shift && chord.key === 'Z') return 'editing';
  if (command && ['W', 'T', 'N', 'Q', 'R', 'L', 'Tab'].includes(chord.key)) return 'browser';
  if (plain && ['F5', 'F11', 'F12'].includes(chord.key)) return 'browser';
  if (chord.alt && !chord.ctrl && !chord.meta && chord.key === 'F4') return 'browser';
  return null;
}

const MAC_SYMBOLS: Record<string, string> = { ctrl: '⌃', alt: '⌥', shift: '⇧', meta: '⌘' };
const KEY_LABELS: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Delete: 'Del',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
};

/** How a chord is shown to the agent: "Alt+1" on Windows/Linux, "⌥1" on macOS. */
export function formatChordForDisplay(canonical: string, platform: Platform): string {
  const chord = parseChord(canonical, platform);
  if (!chord) return canonical;
  const key = KEY_LABELS[chord.key] ?? chord.key;
  if (platform === 'mac') {
    return `${chord.ctrl ? MAC_SYMBOLS.ctrl : ''}${chord.alt ? MAC_SYMBOLS.alt : ''}${chord.shift ? MAC_SYMBOLS.shift : ''}${chord.meta ? MAC_SYMBOLS.meta : ''}${key}`;
  }
  return [chord.ctrl && 'Ctrl', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && 'Win', key].filter(Boolean).join('+');
}

/** The value for an element's aria-keyshortcuts attribute (WAI-ARIA spelling). */
export function ariaKeyShortcut(canonical: string, platform: Platform): string {
  const chord = parseChord(canonical, platform);
  if (!chord) return canonical;
  const key = chord.key === 'Space' ? 'Space' : chord.key;
  return [chord.ctrl && 'Control', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && 'Meta', key].filter(Boolean).join('+');
}
