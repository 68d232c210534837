/** Validation and matching keys for names people type (accounts, people). */

export const MAX_NAME_LENGTH = 80;

/** The matching key: trimmed, inner spaces collapsed, case-folded. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** Why a typed name cannot be a name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  const trimmed = name.trim();
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
