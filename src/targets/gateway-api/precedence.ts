/**
 * Gateway API orders the matches of every HTTPRoute on a listener by its own precedence. Istio implements it as:
 * path type (Exact, then PathPrefix, then RegularExpression), longer path value, method present, more headers, more
 * query parameters; remaining ties by creation time, namespace and name of the HTTPRoute, then rule order. This checks
 * that the order reproduces the mesh's intended order for every pair of overlapping matches, and never leaves it to
 * creation time.
 */
import { RenderedRule } from './http-rules';
import { RoutePart } from './route-parts';
import { append } from '../../compiler/algebra/collections';
import { describeMatch } from '../../compiler/algebra/match';
import { tableRef } from '../../compiler/algebra/names';
import { forEachOverlap, OrderedMatch } from '../../compiler/algebra/overlap-pairs';
import { CompiledGateway, FlatRoute } from '../../compiler/compiled';
import { Diagnostics, Note, related, Rules } from '../../compiler/diagnostics/catalogue';
import { HttpRouteSpecRulesMatches } from '../../imports/gateway.networking.k8s.io';

/** A rendered match at its intended position, in its HTTPRoute object. */
export interface PlacedMatch extends OrderedMatch {
  readonly route: FlatRoute;
  readonly rendered: HttpRouteSpecRulesMatches;
  /** `namespace/name` of the HTTPRoute holding it. */
  readonly object: string;
}

const RANK: Record<string, number> = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

/** Negative when Gateway API (as Istio implements it) takes `a` before `b`, positive when after, 0 on a tie. */
export function comparePrecedence(a: HttpRouteSpecRulesMatches, b: HttpRouteSpecRulesMatches): number {
  const key = (m: HttpRouteSpecRulesMatches) => [
    -(RANK[m.path?.type ?? 'PathPrefix'] ?? 0),
    -(m.path?.value ?? '/').length,
    m.method ? 0 : 1,
    -(m.headers?.length ?? 0),
    -(m.queryParams?.length ?? 0),
  ];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return 0;
}

function describeRendered(m: HttpRouteSpecRulesMatches): string {
  const extra = [
    m.method && `method ${m.method}`,
    m.headers?.length && `${m.headers.length} header(s)`,
    m.queryParams?.length && `${m.queryParams.length} query parameter(s)`,
  ];
  return [`${m.path?.type} ${m.path?.value}`, ...extra.filter(Boolean)].join(', ');
}

/** A pair of overlapping matches Gateway API would not take in the intended order. */
export interface PrecedenceConflict {
  readonly earlier: PlacedMatch;
  readonly later: PlacedMatch;
  /** Gateway API ranks them equal in different HTTPRoutes (creation time decides) rather than the later one first. */
  readonly tie: boolean;
}

/**
 * Every overlapping pair (of different routes) that Gateway API would order differently from the intended order, or by
 * creation time. Equal ranks inside one HTTPRoute keep rule order (Istio's `sortHTTPRoutes` is a stable sort).
 */
export function precedenceConflicts(matches: readonly PlacedMatch[]): PrecedenceConflict[] {
  const out: PrecedenceConflict[] = [];
  forEachOverlap(matches, (earlier, later) => {
    if (earlier.route === later.route) return;
    const c = comparePrecedence(earlier.rendered, later.rendered);
    if (c > 0 || (c === 0 && earlier.object !== later.object)) out.push({ earlier, later, tie: c === 0 });
  });
  return out;
}

/** Reports every overlapping pair that Gateway API would order differently from the mesh, or by creation time. */
export function checkPrecedence(gateway: string, host: string, matches: readonly PlacedMatch[], d: Diagnostics): void {
  const leafOf = (r: FlatRoute) => r.chain[r.chain.length - 1];
  const placed = (m: PlacedMatch) => ({
    route: leafOf(m.route).route.name, table: tableRef(leafOf(m.route).table), match: describeMatch(m.match), rendered: describeRendered(m.rendered),
  });
  for (const { earlier, later, tie } of precedenceConflicts(matches)) {
    const leaf = leafOf(later.route);
    const both = { first: placed(earlier), second: placed(later), host, gateway };
    const meantFirst = [related(leafOf(earlier.route).table, Note.routeMeantFirst)];
    d.report(Rules.PrecedenceMismatch, leaf.table, tie ? { ...both, objects: [earlier.object, later.object] } : both, meantFirst);
  }
}

/**
 * Checks the precedence of every host of a gateway: every rendered match at its intended position (route order, then
 * rule order), with the HTTPRoute holding it.
 */
export function checkGatewayPrecedence(
  g: CompiledGateway, parts: readonly RoutePart[], names: ReadonlyMap<RoutePart, string>, d: Diagnostics,
): void {
  for (const h of g.hosts) {
    const rulesOf = new Map<FlatRoute, Array<{ rule: RenderedRule; object: string }>>();
    for (const p of parts.filter(x => x.host === h.host)) {
      for (const rule of p.rules) append(rulesOf, rule.route, { rule, object: `${p.table.namespace}/${names.get(p)}` });
    }
    const placed: PlacedMatch[] = [];
    for (const route of h.routes) {
      for (const { rule, object } of rulesOf.get(route) ?? []) {
        for (const m of rule.matches) placed.push({ match: m.source, order: placed.length, route, rendered: m.match, object });
      }
    }
    checkPrecedence(`${g.model.namespace}/${g.model.name}`, h.host, placed, d);
  }
}
