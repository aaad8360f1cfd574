import { useId, useState, type KeyboardEvent } from 'react';

/**
 * The keyboard side of a filter box over a list (WAI-ARIA combobox + listbox): ↑/↓ move the
 * active option, wrapping; Enter chooses it; keys that finish an IME composition are left alone.
 * Shared by the command palette and the script picker so both behave exactly alike.
 */
export function useListbox<T>(options: readonly T[], keyOf: (option: T) => string, choose: (option: T) => void) {
  const [active, setActive] = useState(0);
  const listId = useId();
  const current = options[Math.min(active, options.length - 1)];
  const optionId = (key: string) => `${listId}-${key}`;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // keyCode 229: the key went to the IME (Chinese input), not to us.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (options.length === 0 ? 0 : (Math.min(i, options.length - 1) + step + options.length) % options.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (current) choose(current);
    }
  };

  return {
    current,
    listId,
    optionId,
    /** Call when the filter text changes: the best match becomes active again. */
    resetActive: () => setActive(0),
    comboboxProps: {
      role: 'combobox',
      'aria-expanded': true,
      'aria-controls': listId,
      'aria-autocomplete': 'list',
      'aria-activedescendant': current ? optionId(keyOf(current)) : undefined,
      onKeyDown,
    } as const,
  };
}
