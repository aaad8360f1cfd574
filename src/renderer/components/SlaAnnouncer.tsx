import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { slaBreaches, slaClock, type SlaLevel, type SlaWatch } from '../../shared/console/slots';
import { useNow } from '../api/use-now';

/**
 * Says it when a chat's reply time runs out: the red clock in the slot strip is visual only. Once
 * per breach, politely. A component of its own, so its one-second tick re-renders nothing else.
 */
export function SlaAnnouncer({ chats, announce }: { chats: readonly (SlaWatch & { customerName: string })[]; announce(text: string): void }) {
  const { t } = useTranslation();
  const now = useNow();
  const levels = useRef(new Map<string, SlaLevel | null>());
  useEffect(() => {
    const { breached, levels: next } = slaBreaches(levels.current, chats, now);
    levels.current = next;
    for (const id of breached) {
      const chat = chats.find((c) => c.id === id);
      const clock = chat && slaClock(chat.waitingSince, chat.answeredBefore, now);
      if (chat && clock) announce(t('console-extra:sla.breached', { name: chat.customerName, kind: t(`console:sla.${clock.kind}`) }));
    }
  }, [chats, now, announce, t]);
  return null;
}
