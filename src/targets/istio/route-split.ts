/**
 * Splitting a host's routes across several VirtualServices without letting creation order decide any answer.
 *
 * What istiod does with several VirtualServices for one host on one gateway (istio/istio):
 * - pilot/pkg/model/virtualservice_controller.go `MergedVirtualServices` sorts them by creation time, then name, then
 *   namespace (`configCompareByCreationTime`, pilot/pkg/model/config.go); `VirtualServicesForGateway`
 *   (pilot/pkg/model/push_context.go) keeps that order within each visibility bucket, and the parts of a host share
 *   namespace, exportTo and gateways, so they are in one bucket — in an order no YAML can fix.
 * - pilot/pkg/networking/core/gateway.go `buildGatewayHTTPRouteConfig` appends each one's routes to the virtual host,
 *   `BuildHTTPRoutesForVirtualService` (pilot/pkg/networking/core/route/route.go) dropping every route of a
 *   VirtualService after its first catch-all, and `SortVHostRoutes` finally moves the catch-alls to the end, keeping
 *   the order of the others.
 *
 * So split parts are safe when (1) no request matches two non-catch-all match sets of different parts, and (2) only
 * one part holds a catch-all: the first one of the host, with everything after it. Then, for any request, the
 * non-catch-all match sets it satisfies all lie in one part, in their original order, so the first of them wins
 * whatever the order of the parts; a request none of them matches falls to the catch-all, last in the virtual host as
 * it was last in the single VirtualService; and what followed the catch-all is dropped as before. Disjointness is
 * decided by the match algebra's `overlaps`, which never calls two match sets disjoint when a request satisfies both.
 */
import { EffectiveMatch, isCatchAll, overlaps, pathKey } from '../../compiler/algebra/match';
import { tableRef } from '../../compiler/algebra/names';
import { PathTrie } from '../../compiler/algebra/path-trie';
import { FlatRoute } from '../../compiler/compiled';
import { ByRoutes } from '../../compiler/route-identity';
import { VirtualServiceSpecHttp } from '../../imports/networking.istio.io';

/**
 * One entry of a VirtualService's `http` list as the target builds it, with the flattened routes Envoy gets from it.
 * An entry may compute `http` and `routes` when read (rendered-routes.ts): read them, never copy an entry by spreading.
 */
export interface RootEntry {
  /** Its HTTP routes in order: a flattened route (two when a prefix rewrite needs it), or delegating routes. */
  readonly http: readonly VirtualServiceSpecHttp[];
  /** The flattened routes behind it, in order (through its delegates, for delegating routes). */
  readonly routes: readonly FlatRoute[];
  /** Bytes of the JSON of its HTTP routes, a separator after each, when known. */
  readonly bytes?: number;
}

/** How much a part may take, and a meter for each new part. */
export interface PartBudget {
  /** The most bytes a part may take. */
  readonly limit: number;
  /** A meter for a new, empty part. */
  open(): PartMeter;
}

/** The size of one part as entries are added to it. */
export interface PartMeter {
  /** Bytes of the part so far. */
  bytes(): number;
  /** Adds `entries` to the part if it then takes at most `limit` bytes (any limit when omitted); whether it did. */
  add(entries: readonly RootEntry[], limit?: number): boolean;
}

/** Entries grouped into parts, and why a part is still over the budget, if one is. */
export interface SplitPlan {
  /** Each part's entries, in their original order; the parts in the order of their first entry. */
  readonly parts: RootEntry[][];
  /** Why the part that is over the limit could not be split further. */
  readonly advice?: string;
  /** Each part's bytes, as its meter measured them. */
  readonly bytes: number[];
}

/** Why some entries must stay together: two overlapping routes, or a catch-all that keeps everything after it. */
interface Bond {
  readonly entries: [number, number];
  readonly why: string;
}

/** A component number per entry, and the bonds that joined them. */
interface Components {
  readonly component: number[];
  readonly bonds: Bond[];
}

/**
 * The components of entry lists, found once per distinct list of routes: the hosts of gateways delegating to the same
 * tables hold the same routes (see compiler/route-identity.ts), and the components depend on nothing else.
 */
export class SplitComponents {
  /** By the routes of each entry. */
  private readonly known = new ByRoutes<Components>();
  /** Lists of entries of one route each (a flattened root), by their routes as one list, compared in one pass. */
  private readonly single = new ByRoutes<Components>();

  /**
   * The components of `entries`; `routes`, when given, are their routes, one per entry in order (a flattened host's
   * routes: compared as that very list, see compiler/route-identity.ts).
   */
  public of(entries: readonly RootEntry[], routes?: readonly FlatRoute[]): Components {
    const single = routes !== undefined || entries.every(e => e.routes.length === 1);
    const known = single ? this.single : this.known;
    const groups = single ? [routes ?? entries.map(e => e.routes[0])] : entries.map(e => e.routes);
    let c = known.get(groups);
    if (!c) known.set(groups, c = components(entries));
    return c;
  }
}

/**
 * The entries that must share a VirtualService: connected by overlapping non-catch-all match sets, and the first
 * catch-all with every entry after it. Returns a component number per entry and the bonds that joined them.
 */
function components(entries: readonly RootEntry[]): Components {
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const union = (a: number, b: number) => {
    const [x, y] = [find(a), find(b)];
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  };
  const matches: Array<{ match: EffectiveMatch; entry: number; route: FlatRoute; key: string }> = [];
  const bonds: Bond[] = [];
  let catchAll: { entry: number; route: FlatRoute } | undefined;
  for (let i = 0; i < entries.length && !catchAll; i++) {
    for (const route of entries[i].routes) {
      const m = route.matches.find(isCatchAll);
      for (const match of m ? route.matches.slice(0, route.matches.indexOf(m)) : route.matches) {
        matches.push({ match, entry: i, route, key: pathKey(match.path) });
      }
      if (m) {
        catchAll = { entry: i, route };
        break;
      }
    }
  }
  if (catchAll) {
    for (let i = catchAll.entry + 1; i < entries.length; i++) union(catchAll.entry, i);
    const why = `the catch-all ${describeRoute(catchAll.route)} must stay with every route after it`;
    if (catchAll.entry + 1 < entries.length) bonds.push({ entries: [catchAll.entry, entries.length - 1], why });
  }
  // Two overlapping match sets have keys one of which is a prefix of the other (see pathKey): each match set meets the
  // match sets filed under the prefixes of its own key.
  const trie = new PathTrie<typeof matches[number]>();
  for (const m of matches) trie.add(m.key, m);
  const lists: Array<readonly typeof matches[number][]> = [];
  const lengths: number[] = [];
  for (const b of matches) {
    const n = trie.prefixes(b.key, lists, lengths);
    for (let i = 0; i < n; i++) {
      for (const a of lists[i]) {
        if (find(a.entry) === find(b.entry) || !overlaps(a.match, b.match)) continue;
        union(a.entry, b.entry);
        const [first, second] = a.entry < b.entry ? [a, b] : [b, a];
        const why = `${describeRoute(first.route)} and ${describeRoute(second.route)} match some requests alike`;
        bonds.push({ entries: [first.entry, second.entry], why });
      }
    }
  }
  return { component: entries.map((_, i) => find(i)), bonds };
}

function describeRoute(r: FlatRoute): string {
  const leaf = r.chain[r.chain.length - 1];
  return `route "${leaf.route.name}" of ${tableRef(leaf.table)}`;
}

/**
 * Groups `entries` into parts that each stay within the budget, where that is safe (see above): whole components,
 * in the order of their first entry, a new part whenever the next component would not fit; `known` shares the
 * components found for other hosts (`routes`: see SplitComponents.of).
 */
export function splitEntries(
  entries: readonly RootEntry[], budget: PartBudget, known = new SplitComponents(), routes?: readonly FlatRoute[],
): SplitPlan {
  const { component, bonds } = known.of(entries, routes);
  // A component is numbered by its first entry (see components), so it starts where the number is the entry's own.
  const members = new Map<number, number[]>();
  for (let i = 0; i < entries.length; i++) {
    const c = component[i];
    if (c !== i) (members.get(c) ?? members.set(c, [c]).get(c)!).push(i);
  }
  const parts: number[][] = [];
  const meters: PartMeter[] = [];
  let meter: PartMeter | undefined;
  let advice: string | undefined;
  // A component of one entry (the usual case) is measured through one reused array.
  const single: RootEntry[] = [];
  for (let root = 0; root < entries.length; root++) {
    if (component[root] !== root) continue;
    const list = members.get(root);
    single[0] = entries[root];
    const added = list ? list.map(i => entries[i]) : single;
    if (!meter?.add(added, budget.limit)) {
      parts.push([]);
      meter = budget.open();
      meters.push(meter);
      if (!meter.add(added, budget.limit)) {
        advice ??= adviceFor(root, list ?? [root], bonds, component, entries);
        meter.add(added);
      }
    }
    const part = parts[parts.length - 1];
    if (list) for (const i of list) part.push(i);
    else part.push(root);
  }
  return { parts: parts.map(p => p.sort((a, b) => a - b).map(i => entries[i])), advice, bytes: meters.map(m => m.bytes()) };
}

/** Why the component `root` (entries `list`) cannot be split: its first bond, or a single entry too large by itself. */
function adviceFor(root: number, list: number[], bonds: readonly Bond[], component: number[], entries: readonly RootEntry[]): string {
  const bond = bonds.find(b => component[b.entries[0]] === root);
  if (!bond || list.length === 1) {
    const route = entries[list[0]].routes[0];
    return route ? `${describeRoute(route)} alone is too large to share an object` : 'one entry alone is too large';
  }
  return `${list.length} entries cannot be split into several VirtualServices without letting creation order decide: ${bond.why}`;
}
