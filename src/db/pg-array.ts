/**
 * Postgres's text form of a one-dimensional array, `{a,"b c","say \"hi\"",NULL}`,
 * as strings (and null for a NULL element). For postgres.js, which leaves
 * array results as text when it does not fetch array types (see
 * POSTGRES_OPTIONS in client.ts); drizzle's own fallback parser drops
 * backslashes instead of unescaping them.
 */
export function parseTextArray(text: string): Array<string | null> {
  // A lower bound other than 1 comes first as `[0:2]=`.
  const start = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  if (text[start] !== '{' || !text.endsWith('}')) throw new Error('not a Postgres array literal');
  const out: Array<string | null> = [];
  const end = text.length - 1;
  let i = start + 1;
  if (i === end) return out;
  for (;;) {
    if (text[i] === '{') throw new Error('a multi-dimensional array where a one-dimensional one was expected');
    if (text[i] === '"') {
      let value = '';
      for (i += 1; text[i] !== '"'; i += 1) {
        if (i >= end) throw new Error('an unterminated quoted array element');
        if (text[i] === '\\') i += 1;
        value += text[i];
      }
      out.push(value);
      i += 1;
    } else {
      const next = text.indexOf(',', i);
      const stop = next === -1 ? end : next;
      const raw = text.slice(i, stop);
      out.push(raw === 'NULL' ? null : raw);
      i = stop;
    }
    if (i === end) return out;
    if (text[i] !== ',') throw new Error('an array element not followed by a comma');
    i += 1;
  }
}
