/** Validation and matching keys for names people type (accounts, people). */

export const MAX_NAME_LENGTH = 80;

/** Characters that show nothing but make two equal-looking names differ, or reorder what is shown (bidi). */
const INVISIBLE = /[\u00ad\u061c\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** A zero-width space separates words that only look joined: it counts as a space. */
const ZERO_WIDTH_SPACE = /\u200b/g;

/**
 * A name as it is stored and shown: NFC, no invisible or bidi control
 * characters, spaces collapsed, trimmed. "Dana\u200bLee" is "Dana Lee".
 */
export function cleanName(name: string): string {
  return name.normalize('NFC').replace(ZERO_WIDTH_SPACE, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** The matching key: the clean name, case-folded. */
export function nameKey(name: string): string {
  return cleanName(name).toLocaleLowerCase('en');
}

/** Why a typed name cannot be a name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  const trimmed = cleanName(name);
  if (trimmed === '') return 'is empty';
  if (/<[@!#]/.test(trimmed)) return 'holds a mention or a channel link; write the name as plain text';
  if (trimmed.length > MAX_NAME_LENGTH) return `is ${trimmed.length} characters long; ${MAX_NAME_LENGTH} at most`;
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return 'has no letters or digits';
  return undefined;
}

/** Escapes LIKE wildcards so a typed prefix matches literally. */
export function likePrefix(key: string): string {
  return `${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
