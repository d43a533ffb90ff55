/**
 * Every pair of match sets that some request satisfies together, earlier one first, found through an index sorted by
 * path (each match meets only the entries whose path key is a prefix of its own or extends it), not by comparing
 * every pair.
 */
import { append } from './collections';
import { EffectiveMatch, overlaps, pathKey } from './match';

/** A match set at a position of an ordered list. */
export interface OrderedMatch {
  readonly match: EffectiveMatch;
  /** Position in the intended order: smaller goes first. */
  readonly order: number;
}

/** Calls `visit(earlier, later)` for every overlapping pair of `entries` (with distinct orders). */
export function forEachOverlap<T extends OrderedMatch>(entries: readonly T[], visit: (earlier: T, later: T) => void): void {
  const keyed = entries.map(e => ({ e, key: pathKey(e.match.path) }));
  const sorted = [...keyed].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.e.order - b.e.order));
  const byKey = new Map<string, T[]>();
  for (const { e, key } of sorted) append(byKey, key, e);
  const lowerBound = (key: string) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (sorted[mid].key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const { e: later, key } of keyed) {
    const seen = new Set<T>();
    const consider = (earlier: T) => {
      if (earlier.order < later.order && !seen.has(earlier) && overlaps(earlier.match, later.match)) {
        seen.add(earlier);
        visit(earlier, later);
      }
    };
    // Entries whose key is a prefix of this key (including this key itself)...
    for (let i = 0; i <= key.length; i++) for (const earlier of byKey.get(key.slice(0, i)) ?? []) consider(earlier);
    // ...and entries whose key extends this key.
    for (let i = lowerBound(key); i < sorted.length && sorted[i].key.startsWith(key); i++) consider(sorted[i].e);
  }
}
