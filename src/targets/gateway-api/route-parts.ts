/**
 * Route parts: a gateway's routes rendered as Gateway API rules and grouped into HTTPRoutes — one per (host, route
 * table), split within the CRD limits — with deterministic names.
 */
import { RenderedRule, renderRoute } from './http-rules';
import { append } from '../../compiler/algebra/collections';
import { tableRef } from '../../compiler/algebra/names';
import { CompiledGateway, CompiledHost } from '../../compiler/compiled';
import { Diagnostics, Rules } from '../../compiler/diagnostics/catalogue';
import { RouteTableModel } from '../../model';
import { isServed } from '../listener-binding';
import { dnsName, uniqueNames } from '../names';

/** CRD limits of an HTTPRoute. */
export const HTTPROUTE_LIMITS = { rules: 16, matchesPerRule: 64, matchesPerRoute: 128, backendRefs: 16, grantTargets: 16 };

/** The rules of one HTTPRoute: a chunk of one route table's rules for one host. */
export interface RoutePart {
  readonly table: RouteTableModel;
  readonly rules: RenderedRule[];
  readonly host: string;
  /** The compiled host the rules come from. */
  readonly served: CompiledHost;
  /** Construct paths of every table contributing. */
  readonly sources: Set<string>;
}

/** The HTTPRoute parts of every host a listener of the gateway serves; reports what the standard channel cannot express. */
export function routeParts(g: CompiledGateway, d: Diagnostics): RoutePart[] {
  return g.hosts.filter(h => isServed(g, h)).flatMap(h => hostParts(h, d));
}

function hostParts(h: CompiledHost, d: Diagnostics): RoutePart[] {
  const byTable = new Map<RouteTableModel, RenderedRule[]>();
  for (const route of h.routes) {
    const leaf = route.chain[route.chain.length - 1];
    const rendered = renderRoute(route);
    for (const problem of rendered.problems) {
      d.report(Rules.TargetCannotExpress, leaf.table, { route: leaf.route.name, table: tableRef(leaf.table), problem });
    }
    append(byTable, leaf.table, ...rendered.rules);
  }
  return [...byTable.entries()].flatMap(([table, rules]) => splitRules(rules).map(chunk => ({
    table, rules: chunk, host: h.host, served: h, sources: new Set(chunk.flatMap(r => r.route.chain.map(l => l.table.path))),
  })));
}

/** Splits rules into HTTPRoutes within the CRD limits, keeping their order (rules with too many matches first split). */
export function splitRules(rules: RenderedRule[]): RenderedRule[][] {
  const size = HTTPROUTE_LIMITS.matchesPerRule;
  const fitted = rules.flatMap(r => {
    const out: RenderedRule[] = [];
    for (let i = 0; i < r.matches.length; i += size) out.push({ ...r, matches: r.matches.slice(i, i + size) });
    return out;
  });
  const parts: RenderedRule[][] = [];
  let current: RenderedRule[] = [];
  let matches = 0;
  for (const r of fitted) {
    if (current.length === HTTPROUTE_LIMITS.rules || matches + r.matches.length > HTTPROUTE_LIMITS.matchesPerRoute) {
      parts.push(current);
      current = [];
      matches = 0;
    }
    current.push(r);
    matches += r.matches.length;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** `<table>-<gateway>-<host>`, numbered when a table needs several HTTPRoutes; hashed only where names would collide. */
export function nameParts(g: CompiledGateway, parts: RoutePart[]): Map<RoutePart, string> {
  const index = new Map<RoutePart, number>();
  const counts = new Map<string, number>();
  for (const p of parts) {
    const k = `${p.table.path}|${p.host}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    index.set(p, counts.get(k)!);
  }
  const preferred = (p: RoutePart) => {
    const total = counts.get(`${p.table.path}|${p.host}`)!;
    return dnsName([p.table.name, g.model.name, p.host, ...(total > 1 ? [String(index.get(p))] : [])]);
  };
  const names = new Map<RoutePart, string>();
  const byNamespace = new Map<string, RoutePart[]>();
  for (const p of parts) append(byNamespace, p.table.namespace, p);
  for (const list of byNamespace.values()) {
    for (const [p, n] of uniqueNames(list, preferred, x => `${x.table.path}|${x.host}|${index.get(x)}`)) names.set(p, n);
  }
  return names;
}
