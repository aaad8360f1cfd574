import { describe, expect, it } from 'vitest';
import { bindingProblem, COMMAND_IDS, COMMANDS, effectiveBindings, overrideProblems } from '../../src/shared/console/commands';
import {
  chordFromKeyEvent,
  formatChordForDisplay,
  normaliseChord,
  parseChord,
  reservedReason,
  worksWhileTyping,
  type KeyEventLike,
} from '../../src/shared/console/key-chord';

const key = (init: Partial<KeyEventLike> & { key: string }): KeyEventLike => ({
  code: '',
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...init,
});

describe('key chords', () => {
  it.each([
    ['alt+1', 'Alt+1'],
    ['Ctrl+Shift+k', 'Ctrl+Shift+K'],
    ['shift+ctrl+K', 'Ctrl+Shift+K'],
    ['f2', 'F2'],
    ['Alt+up', 'Alt+ArrowUp'],
    ['Esc', 'Escape'],
    ['?', '?'],
    ['Ctrl++', 'Ctrl++'],
    ['cmd+k', 'Meta+K'],
  ])('reads %s as %s', (text, canonical) => {
    expect(normaliseChord(text, 'other')).toBe(canonical);
  });

  it('resolves Mod to Ctrl, or to ⌘ on macOS', () => {
    expect(normaliseChord('Mod+K', 'other')).toBe('Ctrl+K');
    expect(normaliseChord('Mod+K', 'mac')).toBe('Meta+K');
  });

  it.each(['', 'Ctrl+', 'Hyper+K', 'Ctrl+Banana', 'Ctrl+é'])('refuses %j', (text) => {
    expect(parseChord(text, 'other')).toBeNull();
  });

  it('reads key presses the way they are bound', () => {
    expect(chordFromKeyEvent(key({ key: '1', code: 'Digit1', altKey: true }))).toBe('Alt+1');
    // macOS Option types a symbol; the physical key still says which chord it was.
    expect(chordFromKeyEvent(key({ key: '¡', code: 'Digit1', altKey: true }))).toBe('Alt+1');
    expect(chordFromKeyEvent(key({ key: '÷', code: 'Slash', altKey: true }))).toBe('Alt+/');
    expect(chordFromKeyEvent(key({ key: 'k', code: 'KeyK', ctrlKey: true }))).toBe('Ctrl+K');
    expect(chordFromKeyEvent(key({ key: 'K', code: 'KeyK', ctrlKey: true, shiftKey: true }))).toBe('Ctrl+Shift+K');
    // Shifted punctuation is the character on the key: "?" rather than "Shift+/".
    expect(chordFromKeyEvent(key({ key: '?', code: 'Slash', shiftKey: true }))).toBe('?');
    expect(chordFromKeyEvent(key({ key: '/', code: 'Slash', ctrlKey: true }))).toBe('Ctrl+/');
    expect(chordFromKeyEvent(key({ key: 'Enter', code: 'Enter' }))).toBe('Enter');
    expect(chordFromKeyEvent(key({ key: 'Enter', code: 'Enter', shiftKey: true }))).toBe('Shift+Enter');
    expect(chordFromKeyEvent(key({ key: ' ', code: 'Space', ctrlKey: true }))).toBe('Ctrl+Space');
    expect(chordFromKeyEvent(key({ key: 'ArrowDown', code: 'ArrowDown', altKey: true }))).toBe('Alt+ArrowDown');
  });

  it('ignores lone modifiers and keys an IME is still composing', () => {
    expect(chordFromKeyEvent(key({ key: 'Alt', code: 'AltLeft', altKey: true }))).toBeNull();
    expect(chordFromKeyEvent(key({ key: 'Process', code: 'Enter' }))).toBeNull();
    expect(chordFromKeyEvent(key({ key: 'Dead', code: 'Quote' }))).toBeNull();
  });

  it('says which chords can fire while the agent types', () => {
    expect(worksWhileTyping('Alt+1', 'other')).toBe(true);
    expect(worksWhileTyping('F2', 'other')).toBe(true);
    expect(worksWhileTyping('Ctrl+K', 'other')).toBe(true);
    expect(worksWhileTyping('K', 'other')).toBe(false);
    expect(worksWhileTyping('Shift+K', 'other')).toBe(false);
    expect(worksWhileTyping('?', 'other')).toBe(false);
  });

  it('keeps editing, browser and focus keys for themselves', () => {
    expect(reservedReason('Ctrl+C', 'other')).toBe('editing');
    expect(reservedReason('Meta+V', 'mac')).toBe('editing');
    expect(reservedReason('Ctrl+C', 'mac')).toBeNull();
    expect(reservedReason('Ctrl+W', 'other')).toBe('browser');
    expect(reservedReason('F5', 'other')).toBe('browser');
    expect(reservedReason('Tab', 'other')).toBe('navigation');
    expect(reservedReason('Alt+1', 'other')).toBeNull();
  });

  it('shows chords as each platform writes them', () => {
    expect(formatChordForDisplay('Ctrl+Shift+K', 'other')).toBe('Ctrl+Shift+K');
    expect(formatChordForDisplay('Meta+K', 'mac')).toBe('⌘K');
    expect(formatChordForDisplay('Alt+ArrowUp', 'mac')).toBe('⌥↑');
  });
});

describe('command registry', () => {
  it('lists every command once, each with a distinct usable default key', () => {
    expect(COMMANDS.map((c) => c.id).sort()).toEqual([...COMMAND_IDS].sort());
    for (const platform of ['mac', 'other'] as const) {
      const bindings = effectiveBindings({}, platform);
      const chords = Object.values(bindings);
      expect(new Set(chords).size).toBe(chords.length);
      for (const id of COMMAND_IDS) {
        const chord = bindings[id];
        expect(chord, id).not.toBeNull();
        expect(bindingProblem(bindings, id, chord ?? '', platform), `${id} on ${platform}`).toBeNull();
      }
    }
  });

  it('refuses a key already bound, naming the command that has it', () => {
    const bindings = effectiveBindings({}, 'other');
    expect(bindingProblem(bindings, 'nextWaiting', 'Alt+1', 'other')).toEqual({ kind: 'conflict', other: 'slot1' });
    expect(bindingProblem(bindings, 'nextWaiting', 'Alt+N', 'other')).toBeNull();
    // Rebinding a command to its own key is no conflict.
    expect(bindingProblem(bindings, 'slot1', 'alt+1', 'other')).toBeNull();
  });

  it('refuses plain keys for commands (the reply box has focus) and non-Enter keys for send', () => {
    const bindings = effectiveBindings({}, 'other');
    expect(bindingProblem(bindings, 'nextChat', 'J', 'other')).toEqual({ kind: 'plainKey' });
    expect(bindingProblem(bindings, 'send', 'Ctrl+Enter', 'other')).toBeNull();
    expect(bindingProblem(bindings, 'send', 'Shift+Enter', 'other')).toEqual({ kind: 'sendNeedsEnter' });
    expect(bindingProblem(bindings, 'send', 'Alt+S', 'other')).toEqual({ kind: 'sendNeedsEnter' });
    expect(bindingProblem(bindings, 'settings', 'Ctrl+V', 'other')).toEqual({ kind: 'reserved', reason: 'editing' });
  });

  it('applies overrides, lets a key be freed and moved, and checks a whole set', () => {
    const swapped = effectiveBindings({ slot1: null, nextWaiting: 'Alt+1' }, 'other');
    expect(swapped.slot1).toBeNull();
    expect(swapped.nextWaiting).toBe('Alt+1');
    expect(overrideProblems({ slot1: null, nextWaiting: 'Alt+1' }, 'other')).toEqual([]);
    expect(overrideProblems({ nextWaiting: 'Alt+1' }, 'other')).toEqual([{ command: 'nextWaiting', problem: { kind: 'conflict', other: 'slot1' } }]);
  });
});
