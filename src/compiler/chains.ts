/**
 * Chains of delegation links (root table first): joining them, naming a flattened route after its chain, and the
 * tables a run of routes comes through.
 */
import { ChainLink, FlatRoute } from './compiled';
import { RouteTableModel } from '../model';

/**
 * `above` followed by the links of `chain` from `from` on: one array of the exact length, filled by index (faster in V8
 * than `concat` or a spread for the short chains of delegation, made once per flattened route).
 */
export function joinChains(above: readonly ChainLink[], chain: readonly ChainLink[], from: number): ChainLink[] {
  const n = above.length;
  const out = new Array<ChainLink>(n + chain.length - from);
  for (let i = 0; i < n; i++) out[i] = above[i];
  for (let i = from; i < chain.length; i++) out[n + i - from] = chain[i];
  return out;
}

/** The name of one link: its table's and route's names, joined by a dot. */
export function linkName(l: ChainLink): string {
  return `${l.table.name}.${l.route.name}`;
}

/** The name of a flattened route: each link's name (see linkName), root first, joined by dots. */
export function routeName(chain: readonly ChainLink[]): string {
  return chain.map(linkName).join('.');
}

/**
 * Calls `visit` with the tables the routes' chains come through, skipping a table at the same place in the chain of
 * the route before (consecutive routes mostly come through the same tables): each table at least once, some again.
 */
export function forEachChainTable(routes: Iterable<FlatRoute>, visit: (table: RouteTableModel) => void): void {
  let previous: readonly ChainLink[] = [];
  for (const { chain } of routes) {
    for (let i = 0; i < chain.length; i++) if (chain[i].table !== previous[i]?.table) visit(chain[i].table);
    previous = chain;
  }
}
