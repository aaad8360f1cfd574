import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/format';

export type ActionMessage = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Runs one command of a form and keeps what happened to say beside it: the refusal in the user's
 * language (errors namespace), or what was done. `busy` stops a double submit while it runs.
 */
export function useAction() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ActionMessage>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>, ok: string): Promise<boolean> => {
      setBusy(true);
      setMessage(null);
      try {
        await action();
        setMessage({ kind: 'ok', text: ok });
        return true;
      } catch (error) {
        setMessage({ kind: 'error', text: errorText(t, error) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, message, run };
}
