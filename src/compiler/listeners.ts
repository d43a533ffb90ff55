/**
 * What each listener of a gateway serves, under which virtual-host domains. Istio gives a server one virtual host
 * per name in the intersection of its hosts with each VirtualService's hosts (istio/istio
 * pilot/pkg/networking/core/gateway.go, buildGatewayHTTPRouteConfig), so a wildcard host would join the routes of a
 * narrower host that is also a server host. The listeners computed here never join two hosts: the targets emit exactly
 * these virtual hosts, and the route evaluation and the checks read them.
 */
import { hostSubsetOf, narrowerHost, narrowestContaining, outermostHosts } from './algebra/hosts';
import { cmp } from './algebra/order';
import { CompiledHost, CompiledListener, ListenerVirtualHost } from './compiled';
import { GatewayModel, ListenerModel } from '../model';

/** The hosts a listener serves: all without a hostname; else those inside it and the narrowest one containing it. */
function servedHosts(l: ListenerModel, hosts: readonly CompiledHost[]): CompiledHost[] {
  const L = l.hostname;
  if (L === undefined) return [...hosts];
  const containing = narrowestContaining(hosts.map(h => h.host), L);
  return hosts.filter(h => (hostSubsetOf(h.host, L) || h.host === containing));
}

/** The listeners of a gateway with the hosts (sorted by host) of that gateway. */
export function compileListeners(gateway: GatewayModel, hosts: readonly CompiledHost[]): CompiledListener[] {
  const anyHost = gateway.proxy.hostlessServerNames === 'any-host';
  return gateway.listeners.map(l => {
    const served = servedHosts(l, hosts);
    const virtualHosts: ListenerVirtualHost[] = served
      .map(h => ({ domain: l.hostname === undefined ? h.host : narrowerHost(l.hostname, h.host)!, host: h }))
      .sort((a, b) => cmp(a.domain, b.domain));
    const outer = outermostHosts(hosts.map(h => h.host)).sort(cmp);
    const serverHosts = l.hostname !== undefined ? [l.hostname] : outer.length > 0 && !anyHost ? outer : ['*'];
    return { model: l, serverHosts, hosts: served, virtualHosts };
  });
}
