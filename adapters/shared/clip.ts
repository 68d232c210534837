/** Marks text that was cut to fit a platform limit. */
export const ELLIPSIS = '…';

/**
 * Shortens `s` to at most `max` UTF-16 code units, ending with `…` when cut.
 * Platforms count length in different ways (code points, UTF-16); code units
 * are never fewer than code points, so this errs on the safe side. It never
 * splits a surrogate pair, which would leave a broken character before `…`.
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < 1) return '';
  let end = max - ELLIPSIS.length;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return s.slice(0, end) + ELLIPSIS;
}
