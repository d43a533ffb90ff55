/**
 * Every pair of match sets that some request satisfies together, earlier one first, found through a trie of path keys
 * (each match meets only the entries whose path key is a prefix of its own or extends it), not by comparing every pair.
 */
import { EffectiveMatch, overlaps, pathKey } from './match';
import { PathTrie } from './path-trie';

/** A match set at a position of an ordered list. */
export interface OrderedMatch {
  readonly match: EffectiveMatch;
  /** Position in the intended order: smaller goes first. */
  readonly order: number;
}

/** Calls `visit(earlier, later)` for every overlapping pair of `entries` (with distinct orders). */
export function forEachOverlap<T extends OrderedMatch>(entries: readonly T[], visit: (earlier: T, later: T) => void): void {
  const keys = entries.map(e => pathKey(e.match.path));
  // Each key's entries in ascending order.
  const byKey = new PathTrie<T>();
  const ascending = entries.every((e, i) => i === 0 || entries[i - 1].order < e.order);
  const filing = entries.map((_, i) => i);
  if (!ascending) filing.sort((a, b) => entries[a].order - entries[b].order);
  for (const i of filing) byKey.add(keys[i], entries[i]);
  const lists: Array<readonly T[]> = [];
  const lengths: number[] = [];
  entries.forEach((later, i) => {
    const consider = (earlier: T) => {
      if (earlier.order < later.order && overlaps(earlier.match, later.match)) visit(earlier, later);
    };
    // Entries whose key is a prefix of this key (including this key itself), shorter keys first...
    const n = byKey.prefixes(keys[i], lists, lengths);
    for (let j = 0; j < n; j++) lists[j].forEach(consider);
    // ...and entries whose key extends this key, in the order of their keys.
    byKey.forEachExtension(keys[i], items => items.forEach(consider));
  });
}
