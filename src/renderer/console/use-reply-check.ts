import { useEffect, useMemo, useState } from 'react';
import type { ReplyFinding } from '../../shared/text/reply-check';
import { useApi } from '../api/api-context';

/**
 * The check costs well under a millisecond in the core; the pause only spares the bridge a round
 * trip per keystroke while the agent types a word.
 */
const CHECK_DELAY_MS = 120;

interface Checked {
  conversationId: string;
  text: string;
  findings: ReplyFinding[];
}

/**
 * Runs reply.check on the reply as it is typed. Until the check of the newest text arrives, the
 * findings of the previous one stay shown where they still mark the same characters at the same
 * place (text typed after them), so underlines neither flicker nor point at the wrong words.
 */
export function useReplyCheck(conversationId: string, text: string, enabled: boolean): ReplyFinding[] {
  const api = useApi();
  const [checked, setChecked] = useState<Checked | null>(null);
  const wanted = enabled && text.trim() !== '';

  useEffect(() => {
    if (!wanted) return;
    let current = true;
    const timer = setTimeout(() => {
      api['reply.check']({ conversationId, text }).then(
        (result) => {
          if (current) setChecked({ conversationId, text, findings: result.findings });
        },
        // While typing, a failed check just shows nothing new; sending checks again and says why.
        () => undefined,
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, conversationId, text, wanted]);

  return useMemo(() => {
    if (!wanted || checked === null || checked.conversationId !== conversationId) return [];
    if (checked.text === text) return checked.findings;
    return checked.findings.filter((f) => text.slice(0, f.end) === checked.text.slice(0, f.end));
  }, [wanted, checked, conversationId, text]);
}
