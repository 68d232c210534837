/** JSON.parse that answers undefined instead of throwing: for button values and form state from outside. */
export function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
