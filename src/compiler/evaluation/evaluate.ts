/**
 * Route evaluation: where a request goes, computed from the compiled mesh as the proxy routes it — the proxy of the
 * named gateway (shared with every gateway configuring it), the port's route configuration (by SNI for HTTPS), the
 * virtual host Envoy picks for the host, the first matching route. The basis of the library's tests and of users' own.
 */
import { envoyDomainFor } from '../algebra/hosts';
import { EffectiveMatch, isCatchAll, matchesRequest, MatchRequest } from '../algebra/match';
import { tableRef } from '../algebra/names';
import { CompiledGateway, CompiledHost, CompiledMesh, FlatRoute, VirtualHost } from '../compiled';
import { routeConfigurationFor } from '../proxies';

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
  const proxyPort = mesh.proxies.find(p => p.gateways.includes(gateway))?.ports.find(p => p.port === port);
  const config = proxyPort && routeConfigurationFor(proxyPort, host);
  const domain = config && envoyDomainFor(config.virtualHosts.map(v => v.domain), host);
  const vhost = config?.virtualHosts.find(v => v.domain === domain);
  if (!vhost) return { gateway };
  const [path, queryString] = splitPath(req.path);
  const request: MatchRequest = {
    path: removeDotSegments(path),
    method: (req.method ?? 'GET').toUpperCase(),
    headers: Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    query: { ...queryParameters(queryString), ...req.query },
  };
  const taken = envoyRoutes(vhost).find(r => matchesRequest(r.match, request));
  return { gateway, host: taken?.host ?? vhost.contributions[0].host, route: taken?.route };
}

/** One Envoy route: a match set of a flattened route, with the host it belongs to. */
export interface EnvoyRoute {
  readonly match: EffectiveMatch;
  readonly route: FlatRoute;
  readonly host: CompiledHost;
}

/**
 * The routes of a virtual host in Envoy's order: each contribution up to its first catch-all, the contributions in
 * order, then catch-alls moved last (istio/istio pilot/pkg/networking/core/route/route.go, SortVHostRoutes). With one
 * contribution that is the declared order; with several, the compiler has made sure their order cannot change an answer.
 */
export function envoyRoutes(vhost: VirtualHost): readonly EnvoyRoute[] {
  let routes = envoyRoutesOf.get(vhost);
  if (!routes) {
    const all = vhost.contributions.flatMap(c =>
      untilCatchAll(c.host.routes.flatMap(route => route.matches.map(match => ({ match, route, host: c.host })))));
    routes = vhost.contributions.length === 1 ? all : [...all.filter(r => !isCatchAll(r.match)), ...all.filter(r => isCatchAll(r.match))];
    envoyRoutesOf.set(vhost, routes);
  }
  return routes;
}

/** The Envoy routes of each virtual host, built once (a compiled mesh never changes). */
const envoyRoutesOf = new WeakMap<VirtualHost, readonly EnvoyRoute[]>();

/** A VirtualService's routes up to its first catch-all: istiod drops the rest (route.go, BuildHTTPRoutesForVirtualService). */
function untilCatchAll(routes: EnvoyRoute[]): EnvoyRoute[] {
  const i = routes.findIndex(r => isCatchAll(r.match));
  return i < 0 ? routes : routes.slice(0, i + 1);
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

function splitPath(full: string): [string, string] {
  const q = full.indexOf('?');
  return q < 0 ? [full, ''] : [full.slice(0, q), full.slice(q + 1)];
}

/**
 * The path as the gateway matches it. Istio sets `normalize_path` on gateway listeners (istio/istio
 * pilot/pkg/networking/core/listener_builder.go, buildHTTPConnectionManager: BASE normalisation, slashes not merged,
 * escaped slashes kept), and Envoy then canonicalises the path with Chromium's URL canonicaliser
 * (envoy source/common/http/path_utility.cc, PathUtil::canonicalPath → url::CanonicalizePath): `\` is a `/`,
 * escapes of unreserved characters (letters, digits, `-._~`) are decoded, spaces, `"<>^`{|}`, control characters and
 * non-ASCII characters are percent-encoded (UTF-8), and dot segments are removed (RFC 3986 section 5.2.4). So
 * `/team1/../team2/x`, `/team1/%2e%2e/team2/x` and `/%74eam2/x` go where `/team2/x` goes. Duplicate slashes and
 * `%2F` are kept.
 */
export function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = canonicalCharacters(path).split('/');
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '..') {
      if (out.length > 1) out.pop();
      if (last) out.push('');
    } else if (segment === '.') {
      if (last) out.push('');
    } else {
      out.push(segment);
    }
  });
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const ESCAPED = /[\u0000-\u0020"<>^`{|}\u007f]/;

/** Character by character, as Chromium's path canonicaliser (url_canon_path.cc) rewrites them. */
function canonicalCharacters(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    const escape = c === '%' && /^[0-9a-fA-F]{2}$/.test(path.slice(i + 1, i + 3)) ? String.fromCharCode(parseInt(path.slice(i + 1, i + 3), 16)) : undefined;
    if (escape !== undefined && UNRESERVED.test(escape)) {
      out += escape;
      i += 2;
    } else if (c === '\\') {
      out += '/';
    } else if (ESCAPED.test(c) || c.charCodeAt(0) > 0x7f) {
      const code = path.codePointAt(i)!;
      if (code > 0xffff) i++;
      out += [...Buffer.from(String.fromCodePoint(code), 'utf-8')].map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Query parameters as Envoy's `QueryParameterMatcher` reads them (source/common/router/config_utility.cc): the raw
 * value, never percent-decoded, of the first occurrence of each name (`Utility::parseQueryString`, `getFirstValue`).
 */
function queryParameters(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of query.split('&').filter(p => p !== '')) {
    const eq = pair.indexOf('=');
    const [name, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    if (!(name in out)) out[name] = value;
  }
  return out;
}
