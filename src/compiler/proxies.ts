/**
 * Gateway proxies: which gateways configure the same workload, and the route configurations Istio builds for each
 * of its ports. Istio merges every Gateway selecting a proxy (istio/istio pilot/pkg/model/gateway.go, mergeGateways):
 * plain-HTTP servers on one port share one route configuration, so their virtual hosts for one domain are joined in
 * Gateway creation order; each HTTPS server gets its own, chosen by SNI.
 */
import { append } from './algebra/collections';
import { envoyDomainFor } from './algebra/hosts';
import { cmp } from './algebra/order';
import { CompiledGateway, CompiledListener, CompiledProxy, Contribution, ProxyPort, RouteConfiguration, VirtualHost } from './compiled';
import { ProxyModel } from '../model';

/** The identity of the proxies a gateway configures: its own, or every pod carrying its labels. */
export function proxyKey(gateway: CompiledGateway): string {
  const p = gateway.model.proxy;
  const labels = Object.entries(p.labels).sort((a, b) => cmp(a[0], b[0])).map(([k, v]) => `${k}=${v}`).join(',');
  return p.dedicated ? `dedicated:${gateway.model.namespace}/${gateway.model.name}` : `selector:${labels}`;
}

/** Whether some pod may be configured by both proxies' gateways (Istio selectors apply in every namespace). */
export function mayShareProxies(a: ProxyModel, b: ProxyModel): boolean {
  if (a.dedicated && b.dedicated) return false;
  if (a.dedicated || b.dedicated) {
    const [selector, own] = a.dedicated ? [b, a] : [a, b];
    return Object.entries(selector.labels).every(([k, v]) => own.labels[k] === v);
  }
  return Object.entries(a.labels).every(([k, v]) => b.labels[k] === undefined || b.labels[k] === v);
}

/** Groups gateways (sorted by namespace/name) by proxy key, keeping that order. */
export function groupByProxy(gateways: readonly CompiledGateway[]): CompiledGateway[][] {
  const groups = new Map<string, CompiledGateway[]>();
  for (const g of gateways) append(groups, proxyKey(g), g);
  return [...groups.values()];
}

/** The virtual hosts of plain-HTTP listeners on one port: one per domain, each gateway contributing once. */
function joinedVirtualHosts(listeners: ReadonlyArray<[CompiledGateway, CompiledListener]>): VirtualHost[] {
  const byDomain = new Map<string, Map<CompiledGateway, Contribution>>();
  for (const [gateway, l] of listeners) {
    for (const v of l.virtualHosts) {
      const contributions = byDomain.get(v.domain) ?? new Map<CompiledGateway, Contribution>();
      byDomain.set(v.domain, contributions);
      if (!contributions.has(gateway)) contributions.set(gateway, { gateway, host: v.host });
    }
  }
  return [...byDomain.entries()].sort((a, b) => cmp(a[0], b[0])).map(([domain, c]) => ({ domain, contributions: [...c.values()] }));
}

/** The route configurations of one port of a proxy. */
function proxyPort(port: number, listeners: ReadonlyArray<[CompiledGateway, CompiledListener]>): ProxyPort {
  const protocol = listeners[0][1].model.protocol;
  const routeConfigurations: RouteConfiguration[] = protocol === 'HTTP'
    ? [{ serverNames: [], virtualHosts: joinedVirtualHosts(listeners) }]
    : listeners.map(([gateway, l]) => ({
      serverNames: l.serverHosts,
      virtualHosts: l.virtualHosts.map(v => ({ domain: v.domain, contributions: [{ gateway, host: v.host }] })),
    }));
  return { port, protocol, routeConfigurations };
}

/** The proxy of a group of gateways sharing it (sorted by namespace/name). */
export function compileProxy(gateways: readonly CompiledGateway[]): CompiledProxy {
  const byPort = new Map<number, Array<[CompiledGateway, CompiledListener]>>();
  for (const g of gateways) for (const l of g.listeners) append(byPort, l.model.port, [g, l] as [CompiledGateway, CompiledListener]);
  const ports = [...byPort.entries()].sort((a, b) => a[0] - b[0]).map(([port, ls]) => proxyPort(port, ls));
  return { gateways, ports };
}

/**
 * The route configuration Envoy uses for a request host on a port: the only one for plain HTTP; for HTTPS the server
 * whose name matches the SNI (exact, then the longest wildcard, then a server without names). The request's SNI is
 * taken to be its host.
 */
export function routeConfigurationFor(port: ProxyPort, host: string): RouteConfiguration | undefined {
  if (port.protocol === 'HTTP') return port.routeConfigurations[0];
  const name = envoyDomainFor(port.routeConfigurations.flatMap(c => c.serverNames), host);
  return name === undefined ? undefined : port.routeConfigurations.find(c => c.serverNames.includes(name));
}
