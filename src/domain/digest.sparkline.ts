const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * One bar per value, scaled to the largest (which gets █). Zero is always ▁
 * and any non-zero value at least ▂, so "nothing" and "a little" differ;
 * all zeros draw a flat ▁ line.
 */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => {
      if (v <= 0 || max === 0) return BARS[0];
      const level = Math.max(1, Math.round((v / max) * (BARS.length - 1)));
      return BARS[level];
    })
    .join('');
}
