/**
 * Route lists compared by identity. Delegation places one flattened child subtree under every root table and gateway
 * that delegates to it with equal parent matches, sharing its match sets, actions and leaf links (see subtrees.ts); so
 * the hosts of such gateways often hold the very same routes, in the same order. A check whose outcome depends only on
 * those can then run once per distinct list.
 */
import { FlatRoute } from './compiled';

const leaf = (r: FlatRoute) => r.chain[r.chain.length - 1];

/**
 * For a route list found equal to an earlier one, that earlier list: later comparisons of the two (each pass compares
 * the hosts of every gateway) take one lookup. Route lists are never changed once compiled.
 */
const firstEqual = new WeakMap<readonly FlatRoute[], readonly FlatRoute[]>();

/** Whether two route lists hold, in order, the same match sets, actions and leaf links, by identity. */
export function sameRoutes(a: readonly FlatRoute[], b: readonly FlatRoute[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const first = firstEqual.get(a) ?? a;
  if (first === (firstEqual.get(b) ?? b)) return true;
  for (let i = 0; i < a.length; i++) {
    if (a[i].matches !== b[i].matches || a[i].action !== b[i].action || leaf(a[i]) !== leaf(b[i])) return false;
  }
  firstEqual.set(b, first);
  return true;
}

/** Values kept for lists of route lists, found again for lists equal route by route (see `sameRoutes`). */
export class ByRoutes<T> {
  /** By the match sets of the first route (equal lists share them): a lookup compares only lists that may be equal. */
  private readonly known = new Map<unknown, Array<{ readonly groups: ReadonlyArray<readonly FlatRoute[]>; readonly value: T }>>();

  /** The value kept for `groups`, if any. */
  public get(groups: ReadonlyArray<readonly FlatRoute[]>): T | undefined {
    return this.known.get(firstMatches(groups))
      ?.find(k => k.groups.length === groups.length && k.groups.every((g, i) => sameRoutes(g, groups[i])))?.value;
  }

  /** Keeps `value` for `groups`. */
  public set(groups: ReadonlyArray<readonly FlatRoute[]>, value: T): void {
    const key = firstMatches(groups);
    const bucket = this.known.get(key);
    if (bucket) bucket.push({ groups, value });
    else this.known.set(key, [{ groups, value }]);
  }
}

/** The match sets of the first route of `groups`, if any. */
function firstMatches(groups: ReadonlyArray<readonly FlatRoute[]>): unknown {
  for (const g of groups) if (g.length > 0) return g[0].matches;
  return undefined;
}
