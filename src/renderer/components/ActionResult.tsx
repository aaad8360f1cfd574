import type { ActionMessage } from './use-action';

/** The outcome of a form's command, read out: an alert for a refusal, politely for a success. */
export function ActionResult({ message }: { message: ActionMessage }) {
  return (
    <p className={`action-result ${message?.kind ?? ''}`} role={message?.kind === 'error' ? 'alert' : undefined} aria-live="polite">
      {message?.text}
    </p>
  );
}
