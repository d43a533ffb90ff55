/**
 * Where a gateway proxy sends one request: the port's servers (mergeGateways), the route configuration (shared for
 * plain text, by SNI for HTTPS), Envoy's virtual host choice (never falling back), then the first matching route.
 */
import { NormalizedRequest } from '../probe-request';
import { pickDomain } from './hosts';
import { envoyMatches, normalizePath } from './match';
import { EnvoyRoute, ProxyView, ServerCfg, VirtualHost } from './model';
import { mergePort, PortRouting, serversFor } from './proxy';
import { buildRouteConfig } from './virtual-hosts';

/** The proxy's choice for a request. */
export interface Routed {
  /** The virtual host domain chosen, if any. */
  readonly virtualHost?: string;
  /** The route taken, if any (none: 404). */
  readonly route?: EnvoyRoute;
  /** The virtual host requires TLS and the request is plain text (httpsRedirect): 301 to https. */
  readonly tlsRedirect?: boolean;
  /** Why nothing was routed. */
  readonly reason?: string;
}

/** Each view's merged ports and each server list's route configuration, built once (views never change). */
const ports = new WeakMap<ProxyView, Map<number, PortRouting | undefined>>();
const configs = new WeakMap<ServerCfg[], Map<string, VirtualHost>>();

/** Routes a request through the proxy described by `view`. */
export function routeRequest(view: ProxyView, req: NormalizedRequest): Routed {
  const merged = ports.get(view) ?? ports.set(view, new Map()).get(view)!;
  if (!merged.has(req.port)) merged.set(req.port, mergePort(view.gateways, req.port));
  const routing = merged.get(req.port);
  if (!routing) return { reason: `no server on port ${req.port}` };
  const servers = serversFor(routing, req.host);
  if (!servers) return { reason: `no ${routing.tls ? 'filter chain for SNI' : 'HTTP server'} ${req.host}` };
  const vhosts = configs.get(servers) ?? configs.set(servers, buildRouteConfig(view, servers)).get(servers)!;
  const domain = pickDomain([...vhosts.keys()], req.host);
  if (domain === undefined) return { reason: `no virtual host for ${req.host}` };
  const vh = vhosts.get(domain)!;
  if (vh.requireTls && !routing.tls) return { virtualHost: domain, tlsRedirect: true };
  const request = { ...req, path: normalizePath(req.path), scheme: routing.tls ? 'https' as const : 'http' as const };
  const route = vh.routes.find(r => envoyMatches(r.match, request));
  return route ? { virtualHost: domain, route } : { virtualHost: domain, reason: 'no route matches' };
}
