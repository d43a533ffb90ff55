/** Medians and spreads of repeated measurements. */

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The spread of `xs` around their median: the smallest and the largest, relative to the median (e.g. -3% / +5%). */
export function spread(xs: readonly number[]): { min: number; max: number; relative: string } {
  const m = median(xs);
  const [min, max] = [Math.min(...xs), Math.max(...xs)];
  const pct = (x: number) => `${x >= m ? '+' : '-'}${Math.abs(((x - m) / m) * 100).toFixed(0)}%`;
  return { min, max, relative: `${pct(min)}/${pct(max)}` };
}
