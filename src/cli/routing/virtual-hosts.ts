/**
 * The virtual hosts of one route configuration and the Envoy routes in each, with the order key that places every
 * route: catch-alls last, then the server (Gateway creation, server index), the VirtualService's bucket and creation,
 * the route's place in its VirtualService and its match's place in the route
 * (pilot/pkg/model/push_context.go VirtualServicesForGateway; pilot/pkg/networking/core/route/route.go
 * BuildHTTPRoutesForVirtualService, SortVHostRoutes).
 */
import { narrowerHost } from '../../compiler/algebra/hosts';
import { ANY_PATH, EffectiveMatch, isCatchAll } from '../../compiler/algebra/match';
import { GatewayCfg, HttpRoute, MeshConfig, OrderPart, RouteMatch, ServerCfg, VirtualServiceCfg } from '../config/model';
import { compareOrder } from '../config/order';

/** A server with the gateway it belongs to and its place among the port's servers. */
export interface PlacedServer {
  readonly server: ServerCfg;
  readonly gateway: GatewayCfg;
  readonly order: readonly OrderPart[];
}

/** One Envoy route of a virtual host: a match of an HTTP route of a VirtualService, reached through a server. */
export interface VhostEntry {
  readonly vs: VirtualServiceCfg;
  readonly route: HttpRoute;
  /** The match (undefined: the route has none and matches every request). */
  readonly match?: RouteMatch;
  /** The match as the algebra reads it. */
  readonly effective: EffectiveMatch;
  readonly catchAll: boolean;
  readonly gateway: GatewayCfg;
  readonly server: ServerCfg;
  /** Where Envoy places it; parts decided by unknown creation times make the place uncertain. */
  readonly order: readonly OrderPart[];
}

/** A route istiod leaves out: it follows a catch-all of its VirtualService. */
export interface CutRoute {
  readonly route: HttpRoute;
  /** The catch-all ending the VirtualService. */
  readonly after: VhostEntry;
}

/** One virtual host: a domain and its routes, in Envoy's order (names standing in for unknown creation times). */
export interface VirtualHostCfg {
  readonly domain: string;
  readonly entries: readonly VhostEntry[];
  /** Routes left out after a catch-all, per VirtualService. */
  readonly cut: readonly CutRoute[];
  /** Plain-text requests get a redirect to HTTPS (`httpsRedirect`). */
  readonly requireTls: boolean;
}

/** The proxy a route configuration belongs to: where it runs and the labels of its pods. */
export interface ProxyIdentity {
  /** Where it runs: one namespace, or the candidates when the input does not tell. */
  readonly namespaces: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The bucket istiod files a VirtualService in for a proxy running in one of `namespaces` (the first where it is
 * visible): 0 private to it, 1 exported to it, 2 public and generated from Gateway API routes there, 3 public;
 * undefined when it is hidden from the proxy.
 */
export function visibility(vs: VirtualServiceCfg, namespaces: readonly string[]): number | undefined {
  return namespaces.map(ns => bucketIn(vs, ns)).find(b => b !== undefined);
}

function bucketIn(vs: VirtualServiceCfg, namespace: string): number | undefined {
  const to = vs.exportTo ?? ['*'];
  if (to.includes('*')) return vs.gatewayApi && vs.namespace === namespace ? 2 : 3;
  if (to.includes('~')) return undefined;
  if (vs.namespace === namespace && to.some(e => e === '.' || e === vs.namespace)) return 0;
  return to.includes(namespace) ? 1 : undefined;
}

/** `NamesForNamespace`: the server hosts a VirtualService of `namespace` may use. */
export function namesForNamespace(hosts: readonly string[], namespace: string): string[] {
  return hosts.flatMap(h => {
    const slash = h.indexOf('/');
    if (slash < 0) return [h];
    const ns = h.slice(0, slash);
    return ns === namespace || ns === '*' ? [h.slice(slash + 1)] : [];
  });
}

/** `Names.Intersection`: for each pair, the narrower name, once. */
export function intersection(serverHosts: readonly string[], vsHosts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of serverHosts) {
    for (const v of vsHosts) {
      const n = narrowerHost(s.toLowerCase(), v.toLowerCase());
      if (n !== undefined) out.add(n);
    }
  }
  return [...out];
}

/** Whether `TranslateRoute` drops a match for this server and proxy (port, gateways, source labels, namespace). */
function dropped(m: RouteMatch, gateway: string, port: number, proxy: ProxyIdentity): boolean {
  if (m.port !== undefined && m.port !== port) return true;
  if (m.gateways.length > 0) return !m.gateways.includes(gateway);
  if (Object.entries(m.sourceLabels ?? {}).some(([k, v]) => proxy.labels[k] !== v)) return true;
  return m.sourceNamespace !== undefined && !proxy.namespaces.includes(m.sourceNamespace);
}

/**
 * `BuildHTTPRoutesForVirtualService`: one Envoy route per match, up to and including the first catch-all; the routes
 * after it (with a match this server keeps) are cut.
 */
function envoyRoutes(vs: VirtualServiceCfg, placed: PlacedServer, bucket: number, proxy: ProxyIdentity): { entries: VhostEntry[]; cut: CutRoute[] } {
  const out: VhostEntry[] = [];
  for (const [r, route] of vs.http.entries()) {
    if (route.action.type === 'delegate') continue;
    const matches: ReadonlyArray<RouteMatch | undefined> = route.matches.length > 0 ? route.matches : [undefined];
    for (const [i, match] of matches.entries()) {
      if (match && dropped(match, placed.gateway.key, placed.server.port, proxy)) continue;
      const effective = match?.match ?? { path: ANY_PATH, headers: [], query: [] };
      const catchAll = isCatchAll(effective) && (match?.without.length ?? 0) === 0;
      const order: OrderPart[] = [
        { rank: catchAll ? 1 : 0 }, ...placed.order, { rank: bucket }, { creation: vs.creation }, ...route.order, { rank: i },
      ];
      const entry: VhostEntry = { vs, route, match, effective, catchAll, gateway: placed.gateway, server: placed.server, order };
      out.push(entry);
      if (catchAll) {
        const kept = vs.http.slice(r + 1).filter(x => x.action.type !== 'delegate'
          && (x.matches.length === 0 || x.matches.some(m => !dropped(m, placed.gateway.key, placed.server.port, proxy))));
        return { entries: out, cut: kept.map(x => ({ route: x, after: entry })) };
      }
    }
  }
  return { entries: out, cut: [] };
}

/** The virtual hosts of the servers sharing one route configuration. */
export function entriesOf(config: MeshConfig, servers: readonly PlacedServer[], proxy: ProxyIdentity): Map<string, VirtualHostCfg> {
  const hosts = new Map<string, { entries: VhostEntry[]; cut: CutRoute[]; requireTls: boolean; seen: Set<VirtualServiceCfg> }>();
  const vhost = (domain: string) => hosts.get(domain) ?? hosts.set(domain, { entries: [], cut: [], requireTls: false, seen: new Set() }).get(domain)!;
  for (const placed of servers) {
    for (const vs of config.virtualServices.filter(v => v.gateways.includes(placed.gateway.key))) {
      const bucket = visibility(vs, proxy.namespaces);
      if (bucket === undefined) continue;
      const names = intersection(namesForNamespace(placed.server.hosts, vs.namespace), vs.hosts);
      if (names.length === 0) continue;
      const routes = envoyRoutes(vs, placed, bucket, proxy);
      for (const name of names) {
        const v = vhost(name);
        if (v.seen.has(vs)) continue;
        v.seen.add(vs);
        v.entries.push(...routes.entries);
        v.cut.push(...routes.cut);
      }
    }
    if (placed.server.httpsRedirect) for (const h of placed.server.hosts) vhost(h.toLowerCase()).requireTls = true;
  }
  return new Map([...hosts.entries()].map(([domain, v]) => [domain, {
    domain, requireTls: v.requireTls, cut: v.cut, entries: [...v.entries].sort((a, b) => compareOrder(a.order, b.order).sign),
  }]));
}
