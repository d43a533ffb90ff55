/**
 * Where a gateway proxy sends a request: the proxy of the named gateway, the port, the route configuration (by SNI
 * on a TLS port), the virtual host Envoy picks for the host, then the first matching route — with the routes passed
 * and why each did not match, and the routes another creation order would have taken instead.
 */
import { ProxyCfg, RouteConfigCfg } from './proxies';
import { CliRequest, entryMatches, matchRequestOf, whyNot } from './request';
import { VhostEntry } from './virtual-hosts';
import { envoyDomainFor } from '../../compiler/algebra/hosts';
import { MatchRequest } from '../../compiler/algebra/match';
import { RouteAction, RouteDestination } from '../config/model';
import { compareOrder } from '../config/order';

/** How a forward rewrites the request. */
type ForwardRewrite = Extract<RouteAction, { type: 'forward' }>['rewrite'];

/** What happens to a request. */
export type Outcome =
  | { readonly type: 'forward'; readonly destinations: readonly RouteDestination[]; readonly rewrite?: ForwardRewrite }
  | { readonly type: 'redirect'; readonly status: number; readonly location: string }
  | { readonly type: 'direct'; readonly status: number; readonly body?: string }
  | { readonly type: 'not-found'; readonly status: 404; readonly reason: string };

/** A route passed on the way, and why it did not match. */
export interface Passed {
  readonly entry: VhostEntry;
  readonly reason: string;
}

/** How a proxy routes one request. */
export interface Routing {
  readonly proxy: ProxyCfg;
  readonly port: number;
  /** The virtual host chosen, if any. */
  readonly domain?: string;
  readonly passed: readonly Passed[];
  readonly taken?: VhostEntry;
  readonly outcome: Outcome;
  /** Routes that match too and that another creation order would put first, with another outcome. */
  readonly alternatives: readonly VhostEntry[];
}

/** A request naming no usable gateway or port: a usage error of the command. */
export class RoutingError extends Error {}

/** The proxy of the gateway a request names (`namespace/name` or `name`), or the only one. */
export function proxyFor(proxies: readonly ProxyCfg[], gateway: string | undefined): ProxyCfg {
  const names = proxies.flatMap(p => p.gateways.map(g => g.display));
  if (gateway === undefined) {
    if (proxies.length === 1) return proxies[0];
    const known = [...new Set(names)].join(', ');
    throw new RoutingError(proxies.length === 0 ? 'the input has no gateway' : `name the gateway with --gateway: one of ${known}`);
  }
  const found = proxies.find(p => p.gateways.some(g => g.display === gateway || g.display.split('/')[1] === gateway));
  if (!found) throw new RoutingError(`no gateway ${gateway} in the input (gateways: ${[...new Set(names)].join(', ') || 'none'})`);
  return found;
}

/** The route configuration Envoy uses for `host` on a port: the only one in plain text, by SNI on TLS. */
function configFor(configs: readonly RouteConfigCfg[], host: string): RouteConfigCfg | undefined {
  if (configs.length === 0 || !configs[0].tls) return configs[0];
  const name = envoyDomainFor(configs.flatMap(c => c.serverNames), host);
  return configs.find(c => name !== undefined && c.serverNames.includes(name));
}

/** The outcome of a route's action for a request. */
export function outcomeOf(action: RouteAction, req: CliRequest, tls: boolean, match: MatchRequest, prefix?: string): Outcome {
  switch (action.type) {
    case 'forward': return { type: 'forward', destinations: action.destinations, ...(action.rewrite ? { rewrite: action.rewrite } : {}) };
    case 'direct': return { type: 'direct', status: action.status, ...(action.body !== undefined ? { body: action.body } : {}) };
    case 'delegate': return { type: 'not-found', status: 404, reason: 'an unresolved delegate' };
    case 'redirect': {
      const scheme = action.scheme ?? (tls ? 'https' : 'http');
      const port = action.port === undefined ? '' : `:${action.port}`;
      const path = action.path ?? (action.prefixPath !== undefined && prefix !== undefined
        ? action.prefixPath.replace(/\/$/, '') + match.path.slice(prefix.length) || '/' : match.path);
      return { type: 'redirect', status: action.status, location: `${scheme}://${action.host ?? req.host}${port}${path}` };
    }
  }
}

const notFound = (reason: string): Outcome => ({ type: 'not-found', status: 404, reason });

/** Routes a request through the proxies of the configuration. */
export function routeRequest(proxies: readonly ProxyCfg[], req: CliRequest): Routing {
  const proxy = proxyFor(proxies, req.gateway);
  const named = proxy.gateways.find(g => req.gateway === undefined || g.display === req.gateway || g.display.split('/')[1] === req.gateway);
  const port = req.port ?? named?.servers[0]?.port ?? proxy.ports[0]?.[0];
  const configs = proxy.ports.find(([p]) => p === port)?.[1];
  if (!configs) throw new RoutingError(`gateway ${proxy.name} serves no port ${port}`);
  const host = req.host.toLowerCase().replace(/:\d+$/, '');
  const config = configFor(configs, host);
  const empty = { proxy, port, passed: [], alternatives: [] };
  if (!config) return { ...empty, outcome: notFound(`no TLS server of port ${port} names ${host}`) };
  const domain = envoyDomainFor([...config.virtualHosts.keys()], host);
  const vhost = domain === undefined ? undefined : config.virtualHosts.get(domain);
  if (!vhost) return { ...empty, outcome: notFound(`no virtual host of port ${port} serves ${host}`) };
  const scheme = config.tls ? 'https' : 'http';
  const match = matchRequestOf(req, scheme);
  if (vhost.requireTls && !config.tls) {
    return { ...empty, domain, outcome: { type: 'redirect', status: 301, location: `https://${req.host}${match.path}` } };
  }
  const passed: Passed[] = [];
  for (const entry of vhost.entries) {
    const reason = whyNot(entry, match);
    if (reason !== undefined) {
      passed.push({ entry, reason });
      continue;
    }
    const prefix = entry.effective.path.kind === 'exact' || entry.effective.path.kind === 'regex' ? undefined : entry.effective.path.value;
    const outcome = outcomeOf(entry.route.action, req, config.tls, match, prefix);
    return { proxy, port, domain, passed, taken: entry, outcome, alternatives: alternatives(vhost.entries, entry, match) };
  }
  return { proxy, port, domain, passed, outcome: notFound('no route matches'), alternatives: [] };
}

/** The matching routes that some creation order puts before every other matching route, less the one taken. */
export function alternatives(entries: readonly VhostEntry[], taken: VhostEntry, match: MatchRequest): VhostEntry[] {
  const matching = entries.filter(e => entryMatches(e, match));
  const first = matching.filter(c => !matching.some(d => d !== c && (() => {
    const o = compareOrder(d.order, c.order);
    return o.decided && o.sign < 0;
  })()));
  const same = (e: VhostEntry) => JSON.stringify(e.route.action) === JSON.stringify(taken.route.action);
  return first.filter(e => e !== taken && !same(e));
}
