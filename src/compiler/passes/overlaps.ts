/**
 * Conflicts and shadowing on one host of one gateway, found through an index of the earlier match sets keyed by
 * path (a hash lookup per prefix of the probed path), never by comparing every pair of routes.
 */
import { RouteTableModel } from '../../model';
import { append } from '../algebra/collections';
import { canonicalKey, covers, describeMatch, EffectiveMatch, isAnyPath, isCatchAll, stem, typedMatch } from '../algebra/match';
import { tableRef } from '../algebra/names';
import { OrderedMatch, forEachOverlap } from '../algebra/overlap-pairs';
import { PathTrie } from '../algebra/path-trie';
import { FlatRoute, VirtualHost } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Note, related, Rules } from '../diagnostics/catalogue';
import { envoyRoutes } from '../evaluation/evaluate';
import { Pass } from '../pass';
import { ByRoutes } from '../route-identity';

interface Entry {
  readonly match: EffectiveMatch;
  readonly route: number;
  /** Its canonical key, once asked for (see keyOf). */
  key: string | undefined;
}

/** The canonical key of an entry's match set, made the first time it is asked for. */
const keyOf = (e: Entry): string => (e.key ??= canonicalKey(e.match));

/** Earlier match sets, indexed by the path they could cover: tries of prefixes and segment stems, walked along a path. */
class CoverageIndex {
  private readonly prefix = new PathTrie<Entry>();
  private readonly segment = new PathTrie<Entry>();
  private readonly exact = new Map<string, Entry[]>();
  private readonly regex: Entry[] = [];
  /** Every entry, in the order added; the first `keyed` of them are in `keys`. */
  private readonly added: Entry[] = [];
  private readonly keys = new Map<string, Entry>();
  private keyed = 0;
  /** Scratch arrays of the trie walks (see PathTrie.prefixes). */
  private readonly lists: Array<readonly Entry[]> = [];
  private readonly lengths: number[] = [];
  /** Whether an entry not of its declared types was added (see typedMatch). */
  private untyped = false;

  public add(e: Entry): void {
    const p = e.match.path;
    if (isAnyPath(p)) this.prefix.add('/', e);
    else if (p.kind === 'regex') this.regex.push(e);
    else if (p.kind === 'exact') append(this.exact, p.value, e);
    else if (p.kind === 'prefix') this.prefix.add(p.value, e);
    else this.segment.add(stem(p.value), e);
    this.added.push(e);
    if (!typedMatch(e.match)) this.untyped = true;
  }

  /**
   * Whether an earlier entry may have the canonical key of `m` though none covers it (`covered`: whether one does):
   * never, unless `m` matches any path or a match set not of its declared types is involved (see typedMatch).
   */
  public mayHoldIdentical(m: EffectiveMatch, covered: boolean): boolean {
    return covered || this.untyped || isAnyPath(m.path) || !typedMatch(m);
  }

  /**
   * The first entry added with canonical key `key`, if any. Keys are made only from the first call on (a match set
   * with an identical one before it is covered by it, so a host where no match set is covered makes none).
   */
  public identical(key: string): Entry | undefined {
    for (; this.keyed < this.added.length; this.keyed++) {
      const e = this.added[this.keyed];
      const k = keyOf(e);
      if (!this.keys.has(k)) this.keys.set(k, e);
    }
    return this.keys.get(key);
  }

  /** The first earlier entry (lowest route index) covering `m`, if any. */
  public coverer(m: EffectiveMatch): Entry | undefined {
    const { lists, lengths } = this;
    let best: Entry | undefined;
    const p = m.path;
    if (p.kind === 'regex') {
      let n = this.prefix.prefixes('/', lists, lengths);
      for (let i = 0; i < n; i++) if (lengths[i] === 1) best = earliestCovering(lists[i], m, best);
      n = this.segment.prefixes('', lists, lengths);
      for (let i = 0; i < n; i++) best = earliestCovering(lists[i], m, best);
      return earliestCovering(this.regex.filter(e => e.match.path.value === p.value), m, best);
    }
    // A prefix filed under any prefix of the path; a segment prefix whose stem ends at a path element's end.
    const value = p.kind === 'segment' ? stem(p.value) || '/' : p.value;
    let n = this.prefix.prefixes(value, lists, lengths);
    for (let i = 0; i < n; i++) best = earliestCovering(lists[i], m, best);
    n = this.segment.prefixes(value, lists, lengths);
    for (let i = 0; i < n; i++) {
      const length = lengths[i];
      if (length === 0 || length === value.length || value[length] === '/') best = earliestCovering(lists[i], m, best);
    }
    if (p.kind === 'exact') {
      best = earliestCovering(this.exact.get(p.value), m, best);
      best = earliestCovering(this.regex, m, best);
    }
    return best;
  }
}

/** `best`, or the first entry of `list` of a lower route index covering `m`. */
function earliestCovering(list: readonly Entry[] | undefined, m: EffectiveMatch, best: Entry | undefined): Entry | undefined {
  if (list === undefined) return best;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if ((!best || e.route < best.route) && covers(e.match, m)) best = e;
  }
  return best;
}

/** Reports conflicts (identical matches from different tables) and shadowed routes on one (gateway, host). */
export function checkOverlaps(gateway: string, host: string, routes: readonly FlatRoute[], diagnostics: Diagnostics): void {
  const index = new CoverageIndex();
  const leaf = (r: FlatRoute) => r.chain[r.chain.length - 1];
  const named = (r: FlatRoute) => ({ route: leaf(r).route.name, table: tableRef(leaf(r).table) });
  const other = (r: FlatRoute) => ({ other: leaf(r).route.name, otherTable: tableRef(leaf(r).table) });
  routes.forEach((route, i) => {
    const table: RouteTableModel = leaf(route).table;
    const entries = route.matches.map((match): Entry => ({ match, route: i, key: undefined }));
    const covered: Array<{ entry: Entry; by: Entry }> = [];
    for (const e of entries) {
      // An identical earlier match set covers this one (see mayHoldIdentical): with no coverer, most often there is
      // neither a conflict nor a shadow, and no key is made.
      const by = index.coverer(e.match);
      if (!index.mayHoldIdentical(e.match, by !== undefined)) continue;
      const same = index.identical(keyOf(e));
      if (same && leaf(routes[same.route]).table !== table) {
        const first = routes[same.route];
        diagnostics.report(Rules.RouteConflict, table, { ...named(route), ...other(first), match: describeMatch(e.match), host, gateway },
          [related(leaf(first).table, Note.otherRoute)]);
        covered.push({ entry: e, by: same });
        continue;
      }
      if (by) covered.push({ entry: e, by });
    }
    const conflicted = covered.some(c => keyOf(c.entry) === keyOf(c.by) && leaf(routes[c.by.route]).table !== table);
    if (!conflicted && covered.length > 0) {
      const first = covered[0];
      const earlier = routes[first.by.route];
      const sameTable = leaf(earlier).table === table;
      const args = {
        ...named(route), ...other(earlier), match: describeMatch(first.entry.match), otherMatch: describeMatch(first.by.match), host, gateway,
      };
      const earlierRoute = [related(leaf(earlier).table, Note.earlierRoute)];
      if (covered.length === entries.length) {
        const shadowed = { ...args, catchAll: isAnyPath(first.by.match.path) && first.by.match.headers.length === 0 };
        if (sameTable && table.tolerateShadowing) diagnostics.warn(Rules.RouteShadowed, table, shadowed, earlierRoute);
        else diagnostics.report(Rules.RouteShadowed, table, shadowed, earlierRoute);
      } else {
        diagnostics.report(Rules.MatchShadowed, table, args, earlierRoute);
      }
    }
    for (const e of entries) index.add(e);
  });
}

interface Contributed extends OrderedMatch {
  readonly contribution: number;
  readonly route: FlatRoute;
}

/**
 * Reports routes of different gateways that meet on a virtual host of shared proxies. Istio appends the gateways'
 * routes in Gateway creation order and then moves catch-alls last (route.go, SortVHostRoutes), so two routes from
 * different gateways that both match a request, and are both catch-alls or both not, are decided by creation time.
 */
export function checkSharedVirtualHost(port: number, vhost: VirtualHost, diagnostics: Diagnostics): void {
  if (vhost.contributions.length < 2) return;
  // What Envoy keeps of each contribution: istiod drops a VirtualService's routes after its first catch-all.
  const entries: Contributed[] = envoyRoutes(vhost).map((r, order) => ({
    match: r.match, route: r.route, contribution: vhost.contributions.findIndex(c => c.host === r.host), order,
  }));
  const reported = new Set<string>();
  forEachOverlap(entries, (a, b) => {
    const pair = `${a.contribution}|${b.contribution}`;
    if (a.contribution === b.contribution || isCatchAll(a.match) !== isCatchAll(b.match) || reported.has(pair)) return;
    reported.add(pair);
    const [ga, gb] = [vhost.contributions[a.contribution].gateway.model, vhost.contributions[b.contribution].gateway.model];
    const leafA = a.route.chain[a.route.chain.length - 1];
    const leafB = b.route.chain[b.route.chain.length - 1];
    diagnostics.report(Rules.OrderDependentRoutes, leafB.table, {
      route: leafB.route.name,
      table: tableRef(leafB.table),
      other: leafA.route.name,
      otherTable: tableRef(leafA.table),
      match: describeMatch(b.match),
      otherMatch: describeMatch(a.match),
      host: vhost.domain,
      port,
      gateway: `${gb.namespace}/${gb.name}`,
      otherGateway: `${ga.namespace}/${ga.name}`,
    }, [related(leafA.table, Note.otherGatewayRoute)]);
  });
}

/** Reports conflicts and shadowed routes on every gateway host, and routes whose order shared proxies leave open. */
export const overlapsPass: Pass = {
  name: 'overlaps',
  rules: [Rules.RouteConflict, Rules.RouteShadowed, Rules.MatchShadowed, Rules.OrderDependentRoutes],
  run(ctx: CompileContext): void {
    // What checkOverlaps finds depends on the routes' match sets and leaf tables only: a sequence found clean once is
    // clean on every host holding it again (each gateway delegating to the same tables).
    const clean = new ByRoutes<true>();
    for (const g of ctx.get('gateways')) {
      for (const h of g.hosts) {
        if (clean.get([h.routes])) continue;
        const before = ctx.diagnostics.reported;
        checkOverlaps(`${g.model.namespace}/${g.model.name}`, h.host, h.routes, ctx.diagnostics);
        if (ctx.diagnostics.reported === before) clean.set([h.routes], true);
      }
    }
    for (const proxy of ctx.get('proxies')) {
      for (const port of proxy.ports) {
        for (const config of port.routeConfigurations) for (const v of config.virtualHosts) checkSharedVirtualHost(port.port, v, ctx.diagnostics);
      }
    }
  },
};
