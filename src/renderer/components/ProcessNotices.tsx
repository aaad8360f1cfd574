import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../shared/contract';
import { useProcessNotices } from '../console/use-process-notices';

/**
 * The service process's notices (use-process-notices) in a component of their own, which draws
 * nothing: its four queries then run when their lists change, not on every render of the console —
 * a chat switch re-renders the console's root.
 */
export const ProcessNotices = memo(function ProcessNotices({ session, tell }: { session: SessionView | undefined; tell(text: string): void }) {
  const { t, i18n } = useTranslation();
  useProcessNotices(session, t, i18n.language, tell);
  return null;
});
