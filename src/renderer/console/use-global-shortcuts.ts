import { useEffect, useLayoutEffect, useRef } from 'react';
import { CHEAT_SHEET_ALIAS, chordIndex, type CommandId, type KeyBindings } from '../../shared/console/commands';
import { chordFromKeyEvent, worksWhileTyping } from '../../shared/console/key-chord';
import { isTextField, PLATFORM } from './platform';

/**
 * One keydown listener for every command. It listens on window in the bubble phase, after the
 * focused element: the reply box handles its own send key (and IME Enter) first and marks the
 * event handled. While a modal dialog is open the dialog owns the keyboard.
 */
export function useGlobalShortcuts(bindings: KeyBindings, run: (id: CommandId) => void): void {
  const runRef = useRef(run);
  useLayoutEffect(() => {
    runRef.current = run;
  });

  useEffect(() => {
    const index = chordIndex(bindings);
    const onKeyDown = (event: KeyboardEvent) => {
      // keyCode 229: some IMEs report composition keys without isComposing.
      // The DOM, not React state, says whether a dialog is open: a key pressed right after Escape
      // must not wait for a re-render to reach the console again.
      if (event.defaultPrevented || event.isComposing || event.keyCode === 229 || document.querySelector('dialog[open]')) return;
      const chord = chordFromKeyEvent(event);
      if (chord === null) return;
      const inText = isTextField(event.target);
      if (!inText && chord === CHEAT_SHEET_ALIAS) {
        event.preventDefault();
        runRef.current('cheatSheet');
        return;
      }
      const id = index.get(chord);
      // Sending belongs to the reply box: it knows whether an IME is composing and what to send.
      if (id === undefined || id === 'send' || id === 'sendAnyway') return;
      if (inText && !worksWhileTyping(chord, PLATFORM)) return;
      event.preventDefault();
      runRef.current(id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [bindings]);
}
