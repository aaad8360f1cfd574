/**
 * Script placeholders: `{{agentName}}`, `{{orderNo}}`… A script is filled from what the console
 * knows; what it does not know stays as `{{name}}` for the agent to type over, and a reply still
 * holding one is not sent.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export interface PlaceholderSpan {
  name: string;
  start: number;
  end: number;
}

/** Every `{{name}}` in the text, in order. */
export function findPlaceholders(text: string): PlaceholderSpan[] {
  const spans: PlaceholderSpan[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined) spans.push({ name, start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

export interface FilledScript {
  text: string;
  /** The first placeholder left unfilled, where the cursor goes; null when all were filled. */
  firstUnfilled: PlaceholderSpan | null;
}

/**
 * Replaces each placeholder whose value is known and non-empty. Values are inserted as plain text:
 * a customer called "{{orderNo}}" does not get filled twice.
 */
export function fillPlaceholders(body: string, values: Readonly<Record<string, string | null | undefined>>): FilledScript {
  let text = '';
  let firstUnfilled: PlaceholderSpan | null = null;
  let last = 0;
  for (const span of findPlaceholders(body)) {
    text += body.slice(last, span.start);
    const value = Object.prototype.hasOwnProperty.call(values, span.name) ? values[span.name] : undefined;
    if (value !== undefined && value !== null && value.trim() !== '') {
      text += value;
    } else {
      const start = text.length;
      text += body.slice(span.start, span.end);
      firstUnfilled ??= { name: span.name, start, end: text.length };
    }
    last = span.end;
  }
  text += body.slice(last);
  return { text, firstUnfilled };
}

