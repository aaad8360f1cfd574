import { useTranslation } from 'react-i18next';
import { RECOMMENDED_COMMANDS, type KeyBindings } from '../../shared/console/commands';
import { ariaKeyShortcut } from '../../shared/console/key-chord';
import { fillPlaceholders, type FilledScript } from '../../shared/console/placeholders';
import type { ScriptSource } from './Composer';
import { useApiQuery } from '../api/api-context';
import { keyLabel } from '../console/console-format';
import { PLATFORM } from '../console/platform';
import { errorText } from '../i18n/format';

/** As many as there are keys to insert them with. */
export const RECOMMENDED_COUNT = RECOMMENDED_COMMANDS.length;
const PREVIEW_CHARS = 60;

/** The query the panel shows and the insert keys read: one cache entry for both. */
export const recommendInput = (conversationId: string) => ({ conversationId, limit: RECOMMENDED_COUNT });

interface Props {
  conversationId: string;
  /** Values for the scripts' placeholders, as the "/" picker fills them. */
  values: Record<string, string | null | undefined>;
  bindings: KeyBindings;
  onInsert(script: FilledScript, source: ScriptSource): void;
}

/**
 * The scripts recommended for the open chat from the customer's latest messages and tags, beside
 * the reply box, each with the key that inserts it. No emotion is passed: the console has no
 * emotion score yet, so the recommender works as for a calm customer and the panel says so.
 */
export function RecommendedScripts({ conversationId, values, bindings, onInsert }: Props) {
  const { t } = useTranslation();
  const recommended = useApiQuery('scripts.recommend', recommendInput(conversationId));
  return (
    <aside className="recommended" aria-labelledby="recommended-title">
      <h3 id="recommended-title">{t('console:recommend.title')}</h3>
      <p className="muted recommended-emotion">{t('console:recommend.emotion', { emotion: t('console:emotion.neutral') })}</p>
      {recommended.error && <p className="error">{errorText(t, recommended.error)}</p>}
      {recommended.data?.length === 0 && <p className="muted">{t('console:recommend.none')}</p>}
      <ol className="recommended-list">
        {recommended.data?.map((script, index) => {
          const command = RECOMMENDED_COMMANDS[index];
          const chord = command ? bindings[command] : null;
          const filled = fillPlaceholders(script.body, values);
          return (
            // Keyed by place, as the insert keys are: a switch rewrites the three items in place.
            <li key={index} data-script-id={script.id} data-category={script.category}>
              <button
                type="button"
                className="recommended-item"
                aria-label={t('console:recommend.insert', { title: script.title })}
                aria-keyshortcuts={chord ? ariaKeyShortcut(chord, PLATFORM) : undefined}
                onClick={() => onInsert(filled, { id: script.id, version: script.version })}
              >
                <span className="recommended-head">
                  <kbd>{keyLabel(chord, t)}</kbd>
                  <span className="recommended-title">{script.title}</span>
                  <span className="picker-option-tag">{t(`console:scripts.category.${script.category}`)}</span>
                </span>
                <span className="recommended-preview">{filled.text.length > PREVIEW_CHARS ? `${filled.text.slice(0, PREVIEW_CHARS)}…` : filled.text}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
