/**
 * Route evaluation: where a request goes, computed from the compiled mesh (gateway, listener, most specific host,
 * first matching route). The basis of the library's tests and of users' own.
 */
import { matchesRequest, MatchRequest } from '../algebra/match';
import { tableRef } from '../algebra/names';
import { hostMatches } from '../algebra/syntax';
import { CompiledGateway, CompiledHost, CompiledMesh, FlatRoute } from '../compiled';

/** A request to evaluate. */
export interface EvaluationRequest {
  /** Construct path of the gateway; undefined = the only gateway. */
  readonly gateway?: string;
  readonly port?: number;
  readonly host: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
}

/** The outcome of an evaluation: the route taken (undefined = 404). */
export interface Evaluation {
  readonly gateway: CompiledGateway;
  readonly host?: CompiledHost;
  readonly route?: FlatRoute;
}

/** Evaluates a request; throws when the request names no usable gateway. */
export function evaluate(mesh: CompiledMesh, req: EvaluationRequest): Evaluation {
  const gateway = req.gateway === undefined ? onlyGateway(mesh) : mesh.gateways.find(g => g.model.path === req.gateway);
  if (!gateway) throw new Error(`cdk8s-mesh: gateway ${req.gateway} is not part of the compiled mesh`);
  const port = req.port ?? gateway.model.listeners[0]?.port;
  const host = req.host.toLowerCase().replace(/:\d+$/, '');
  const listener = gateway.model.listeners.find(l => l.port === port && (l.hostname === undefined || hostMatches(l.hostname, host)));
  if (!listener) return { gateway };
  const served = mostSpecificHost(gateway.hosts, host);
  if (!served) return { gateway };
  const [path, queryString] = splitPath(req.path);
  const request: MatchRequest = {
    path: removeDotSegments(path),
    method: (req.method ?? 'GET').toUpperCase(),
    headers: Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    query: { ...Object.fromEntries(new URLSearchParams(queryString)), ...req.query },
  };
  const route = served.routes.find(r => r.matches.some(m => matchesRequest(m, request)));
  return { gateway, host: served, route };
}

/** Describes a route's delegation chain as `namespace/table/route` links. */
export function describeChain(route: FlatRoute): string[] {
  return route.chain.map(l => `${tableRef(l.table)}/${l.route.name}`);
}

function onlyGateway(mesh: CompiledMesh): CompiledGateway {
  if (mesh.gateways.length !== 1) {
    throw new Error(`cdk8s-mesh: the mesh has ${mesh.gateways.length} gateways; name the gateway of the request`);
  }
  return mesh.gateways[0];
}

/** The host entry a request for `host` uses: exact name first, then the longest wildcard, then `*` (Envoy's order). */
function mostSpecificHost(hosts: readonly CompiledHost[], host: string): CompiledHost | undefined {
  const candidates = hosts.filter(h => hostMatches(h.host, host));
  const rank = (h: CompiledHost) => (h.host === host ? Number.MAX_SAFE_INTEGER : h.host === '*' ? 0 : h.host.length);
  return candidates.sort((a, b) => rank(b) - rank(a))[0];
}

function splitPath(full: string): [string, string] {
  const q = full.indexOf('?');
  return q < 0 ? [full, ''] : [full.slice(0, q), full.slice(q + 1)];
}

/**
 * The path as the gateway matches it. Istio sets `normalize_path` on gateway listeners (istio/istio
 * pilot/pkg/networking/core/listener_builder.go, buildHTTPConnectionManager: BASE normalisation, slashes not merged,
 * escaped slashes kept), and Envoy then canonicalises the path with Chromium's URL canonicaliser
 * (envoy source/common/http/path_utility.cc, PathUtil::canonicalPath → url::CanonicalizePath), which removes dot
 * segments (RFC 3986 section 5.2.4) and counts `%2e` as a dot. So `/team1/../team2/x` and `/team1/%2e%2e/team2/x` go
 * where `/team2/x` goes. Duplicate slashes and `%2F` are kept. Other escapes are compared as written.
 */
export function removeDotSegments(path: string): string {
  const dots = (segment: string) => segment.replace(/%2e/gi, '.');
  const out: string[] = [];
  const segments = path.split('/');
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const s = dots(segment);
    if (s === '..') {
      if (out.length > 1) out.pop();
      if (last) out.push('');
    } else if (s === '.') {
      if (last) out.push('');
    } else {
      out.push(segment);
    }
  });
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}
