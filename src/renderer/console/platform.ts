import type { Platform } from '../../shared/console/key-chord';

/** macOS uses ⌘ where others use Ctrl; everything else about keys is the same. */
export const PLATFORM: Platform = /Mac|iPhone|iPad/.test(navigator.userAgent) ? 'mac' : 'other';

/** Whether typing at this element enters text, so plain keys there must stay text. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return !target.readOnly;
  if (target instanceof HTMLInputElement) {
    return !target.readOnly && !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(target.type);
  }
  return target instanceof HTMLSelectElement;
}
