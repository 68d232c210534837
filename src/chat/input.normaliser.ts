/**
 * Text from outside (chat commands, clicks, forms, events, the webhook, a
 * roster CSV) made safe once, where it enters, so no feature has to think
 * about it: Unicode NFC (the same name typed on a Mac and on Windows is the
 * same string), line breaks as `\n`, and no control characters but newline
 * and tab. A NUL would otherwise reach Postgres, which refuses it in text.
 * Names and keys get more (invisible and bidi characters go): see cleanName
 * in src/domain/names.ts.
 */

/** Longest text accepted in one command or form field; longer gets a reply that echoes it back whole. */
export const MAX_INPUT_CHARS = 10_000;

// C0 controls but \t and \n, DEL, and C1 controls. \r is handled first (CRLF and lone CR become \n).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Lone surrogates (a string cut in the middle of a character) cannot be stored as UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '\ufffd').normalize('NFC');
}

/**
 * Every string in `value`, however deep (form values, payload objects), cleaned;
 * everything else as it was. Returns a new value; the input is not changed.
 */
export function normaliseInput<T>(value: T): T {
  return clean(value, 0) as T;
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cleanText(value);
  // Inputs are shallow; the depth guard only stops a hostile, deeply nested payload.
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = clean(v, depth + 1);
  return out;
}

/** The longest string in `value` when it is over MAX_INPUT_CHARS, to be echoed back; else undefined. */
export function oversizeText(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value.length > MAX_INPUT_CHARS ? value : undefined;
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  for (const v of Object.values(value)) {
    const found = oversizeText(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}
