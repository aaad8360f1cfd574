import type { i18n as I18n, TFunction } from 'i18next';

/** Beyond this many remembered texts the memory starts over: durations and counts keep making new ones. */
const MAX_REMEMBERED = 2000;

type Translate = ((key: unknown, options?: unknown, ...rest: unknown[]) => unknown) & { lng?: unknown; lngs?: unknown; ns?: unknown; keyPrefix?: unknown };

/**
 * i18next spends 10–30 µs on every t() call (it copies its whole options object each time, then
 * parses the key): a chat switch makes ~60 calls, ~0.7 ms of the switch, and the garbage of it
 * adds to the next collection. The fixed t functions react-i18next asks for remember the text of
 * each call whose options are plain values, until the language or the loaded texts change.
 */
export function rememberTranslations(i18n: I18n): void {
  let remembered = new Map<string, string>();
  const forget = () => {
    remembered = new Map();
  };
  i18n.on('languageChanged', forget);
  i18n.store.on('added', forget);
  i18n.store.on('removed', forget);

  const fixedT = i18n.getFixedT.bind(i18n) as unknown as (...args: unknown[]) => Translate;
  i18n.getFixedT = ((...args: unknown[]) => {
    // (language, namespaces, key prefix, react-i18next's scope): a prefix given as a selector function is not remembered.
    const translate = fixedT(...args);
    if (args.some((arg) => typeof arg === 'function')) return translate;
    const scope = JSON.stringify(args);
    const rememberingT = (key: unknown, options?: unknown, ...rest: unknown[]) => {
      const id = rest.length === 0 ? callId(scope, key, options) : null;
      if (id === null) return translate(key, options, ...rest);
      const known = remembered.get(id);
      if (known !== undefined) return known;
      const text = translate(key, options);
      if (typeof text === 'string') {
        if (remembered.size >= MAX_REMEMBERED) forget();
        remembered.set(id, text);
      }
      return text;
    };
    // i18next and react-i18next read these off the function.
    const { lng, lngs, ns, keyPrefix } = translate;
    return Object.assign(rememberingT, { lng, lngs, ns, keyPrefix }) as unknown as TFunction;
  }) as I18n['getFixedT'];
}

/** The same text for the same call, or null for a call with anything but plain values (a selector, an object, a default that is a function). */
function callId(scope: string, key: unknown, options: unknown): string | null {
  if (typeof key !== 'string') return null;
  if (options === undefined) return `${scope}\u0000${key}`;
  const plainValues = typeof options === 'object' && options !== null && !Array.isArray(options) && Object.values(options).every(isPlain);
  return typeof options === 'string' || plainValues ? `${scope}\u0000${key}\u0000${JSON.stringify(options)}` : null;
}

const isPlain = (value: unknown) => value == null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
