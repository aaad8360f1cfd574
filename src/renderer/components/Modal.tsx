import { useLayoutEffect, useRef, type ReactNode, type RefObject, type SyntheticEvent } from 'react';

interface Props {
  /** id of the element naming the dialog. */
  labelledBy: string;
  className?: string;
  onClose(): void;
  /** Escape was pressed; preventDefault keeps the dialog open. */
  onCancel?(event: SyntheticEvent<HTMLDialogElement>): void;
  /** What gets focus when the dialog opens; the first focusable element otherwise. */
  initialFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}

/**
 * A modal <dialog>: the browser traps focus inside it, makes the console behind it inert, and
 * closes it on Escape. Mounted means open; the owner unmounts it on close.
 */
export function Modal({ labelledBy, className, onClose, onCancel, initialFocus, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const closed = useRef(false);
  const close = () => {
    if (closed.current) return;
    closed.current = true;
    onClose();
  };
  // Escape closes a <dialog> at once but fires its close event a task later, and Chromium runs
  // input first: a key pressed right after Escape (Esc, then Alt+S) found the console still
  // showing this dialog and was lost. Cancel fires with the Escape itself, so the owner unmounts
  // the dialog before the next key arrives.
  const cancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    onCancel?.(event);
    if (event.isDefaultPrevented()) return;
    event.preventDefault();
    close();
  };
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    initialFocus?.current?.focus();
  }, [initialFocus]);
  return (
    <dialog ref={ref} className={`modal ${className ?? ''}`} aria-labelledby={labelledBy} onClose={close} onCancel={cancel}>
      {children}
    </dialog>
  );
}
