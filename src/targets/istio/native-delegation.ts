/**
 * Istio-native delegation: a root VirtualService whose delegating routes point at one delegate VirtualService per child
 * route table (in the child's namespace, without hosts or gateways, exported to the root's namespace). Used for a
 * subtree only when Istio's own merge (istio/istio pilot/pkg/model/virtualservice.go, mergeHTTPMatchRequests and
 * hasConflict) reproduces the flattened routes exactly; otherwise that subtree is flattened and a warning says why.
 */
import { renderHttpRoutes, renderMatches } from './http-routes';
import { tableRef } from '../../compiler/algebra/names';
import { CompiledGateway, CompiledHost, FlatRoute } from '../../compiler/compiled';
import { Diagnostics, Rules } from '../../compiler/diagnostics/catalogue';
import { VirtualServiceSpecHttp, VirtualServiceSpecHttpMatch, VirtualServiceSpecHttpMatchHeaders } from '../../imports/networking.istio.io';
import { RouteTableModel } from '../../model';

/** A delegate VirtualService: the routes of one child table as one root delegates to them. */
export interface DelegateVirtualService {
  readonly table: RouteTableModel;
  readonly http: VirtualServiceSpecHttp[];
  /** Namespaces of the root VirtualServices using it. */
  readonly importers: Set<string>;
}

type StringMatch = VirtualServiceSpecHttpMatchHeaders | undefined;

function stringConflict(r: StringMatch, c: StringMatch): boolean {
  if (!r || !c) return false;
  if (r.regex !== undefined || c.regex !== undefined) return true;
  if (r.exact !== undefined) return c.prefix !== undefined || c.exact !== r.exact;
  if (r.prefix !== undefined) return !(c.prefix ?? c.exact ?? '').startsWith(r.prefix);
  return true;
}

function mapConflict(r: Record<string, StringMatch> | undefined, c: Record<string, StringMatch> | undefined): boolean {
  return Object.entries(c ?? {}).some(([k, v]) => stringConflict(r?.[k], v));
}

/** Istio's `hasConflict(root, child)`. */
function hasConflict(r: VirtualServiceSpecHttpMatch, c: VirtualServiceSpecHttpMatch): boolean {
  return stringConflict(r.uri, c.uri) || stringConflict(r.method, c.method)
    || mapConflict(r.headers, c.headers) || mapConflict(r.queryParams, c.queryParams);
}

/** Istio's `mergeHTTPMatchRequests(root, child)`: undefined when a child match is compatible with no root match. */
function mergeMatches(root: VirtualServiceSpecHttpMatch[], child: VirtualServiceSpecHttpMatch[]): VirtualServiceSpecHttpMatch[] | undefined {
  if (root.length === 0) return child;
  if (child.length === 0) return root;
  const out: VirtualServiceSpecHttpMatch[] = [];
  for (const c of child) {
    const compatible = root.filter(r => !hasConflict(r, c));
    if (compatible.length === 0) return undefined;
    for (const r of compatible) {
      out.push({
        uri: c.uri ?? r.uri,
        method: c.method ?? r.method,
        headers: r.headers || c.headers ? { ...r.headers, ...c.headers } : undefined,
        queryParams: r.queryParams || c.queryParams ? { ...r.queryParams, ...c.queryParams } : undefined,
      });
    }
  }
  return out;
}

const canonical = (matches: VirtualServiceSpecHttpMatch[]) => matches.map(m => JSON.stringify(m)).sort().join('|');

/** Why a root route's subtree cannot be delegated natively, or undefined when it can. */
function obstacle(
  subtree: FlatRoute[], rootMatches: VirtualServiceSpecHttpMatch[],
  blocks: Array<{ table: RouteTableModel; routes: FlatRoute[] }>, clusterDomain: string,
): string | undefined {
  if (subtree.some(r => r.chain.length > 2)) return 'it delegates more than one level deep (Istio delegates one level)';
  const seen = new Set<RouteTableModel>();
  for (const b of blocks) {
    if (seen.has(b.table)) return `the routes of ${tableRef(b.table)} are interleaved with another table's (ROUTE_SPECIFICITY order)`;
    seen.add(b.table);
  }
  for (const r of subtree) {
    for (const http of renderHttpRoutes(r, clusterDomain)) {
      const merged = mergeMatches(rootMatches, http.match ?? []);
      if (!merged) return `Istio would drop route "${r.chain[1].route.name}" of ${tableRef(r.chain[1].table)} as conflicting with its parent's match`;
      if (canonical(merged) !== canonical(http.match ?? [])) {
        return `Istio's merge of route "${r.chain[1].route.name}" of ${tableRef(r.chain[1].table)} with its parent's match would differ `
          + 'from the intended match (e.g. a condition on the same header on both sides)';
      }
    }
  }
  return undefined;
}

/**
 * The HTTP routes of a root VirtualService in native-delegation mode; delegate VirtualServices are collected in
 * `delegates` (keyed by their content, so a child table delegated to identically by several roots is emitted once).
 */
export function nativeHttp(g: CompiledGateway, h: CompiledHost, clusterDomain: string, d: Diagnostics,
  delegates: Map<string, DelegateVirtualService>, nameOf: (key: string) => string): VirtualServiceSpecHttp[] {
  const out: VirtualServiceSpecHttp[] = [];
  let i = 0;
  while (i < h.routes.length) {
    const route = h.routes[i];
    if (route.chain.length === 1) {
      out.push(...renderHttpRoutes(route, clusterDomain));
      i++;
      continue;
    }
    const root = route.chain[0];
    let j = i;
    const sameRoot = (r: FlatRoute) => r.chain.length > 1 && r.chain[0].route === root.route && r.chain[0].table === root.table;
    while (j < h.routes.length && sameRoot(h.routes[j])) j++;
    const subtree = h.routes.slice(i, j);
    i = j;
    const blocks: Array<{ table: RouteTableModel; routes: FlatRoute[] }> = [];
    for (const r of subtree) {
      const last = blocks[blocks.length - 1];
      if (last && last.table === r.chain[1].table) last.routes.push(r);
      else blocks.push({ table: r.chain[1].table, routes: [r] });
    }
    const rootMatches = renderMatches(root.route.matches);
    const why = obstacle(subtree, rootMatches, blocks, clusterDomain);
    if (why) {
      d.report(Rules.DelegationFlattened, root.table,
        { route: root.route.name, table: tableRef(root.table), host: h.host, gateway: `${g.model.namespace}/${g.model.name}`, reason: why });
      out.push(...subtree.flatMap(r => renderHttpRoutes(r, clusterDomain)));
      continue;
    }
    for (const b of blocks) {
      const http = b.routes.flatMap(r => renderHttpRoutes(r, clusterDomain).map(x => ({ ...x, name: `${b.table.name}.${r.chain[1].route.name}` })));
      const key = `${b.table.path}|${JSON.stringify(http)}`;
      const vs = delegates.get(key) ?? { table: b.table, http, importers: new Set<string>() };
      vs.importers.add(g.model.namespace);
      delegates.set(key, vs);
      out.push({ name: root.route.name, match: rootMatches, delegate: { name: nameOf(key), namespace: b.table.namespace } });
    }
  }
  return out;
}
