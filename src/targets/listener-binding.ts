/**
 * Which listeners a host's routes must be bound to. Istio joins a VirtualService to a server when their hosts
 * intersect (pilot/pkg/networking/core/gateway.go, buildGatewayHTTPRouteConfig), and a Gateway API route attaches to
 * every listener whose hostname intersects its own (pilot/pkg/config/kube/gateway/conversion.go, referenceAllowed).
 * A listener whose hostname lies inside several of a gateway's hosts would so join all of them; the compiled listener
 * serves only the narrowest. Such a gateway binds each host to its serving listeners by name.
 */
import { narrowerHost } from '../compiler/algebra/hosts';
import { CompiledGateway, CompiledHost, CompiledListener } from '../compiler/compiled';

/** Whether binding by host alone would give `listener` the routes of a host it does not serve. */
function joinsUnservedHost(g: CompiledGateway, listener: CompiledListener): boolean {
  return g.hosts.some(h => !listener.hosts.includes(h) && listener.serverHosts.some(s => narrowerHost(s, h.host) !== undefined));
}

/** Whether the gateway's hosts must be bound to its listeners one by one. */
export function bindsPerListener(g: CompiledGateway): boolean {
  return g.listeners.some(l => joinsUnservedHost(g, l));
}

/** The listeners serving `host`, in declaration order. */
export function servingListeners(g: CompiledGateway, host: CompiledHost): CompiledListener[] {
  return g.listeners.filter(l => l.hosts.includes(host));
}

/** Whether some listener serves `host` (a host none serves gets no routing object: it would bind to nothing). */
export function isServed(g: CompiledGateway, host: CompiledHost): boolean {
  return g.listeners.some(l => l.hosts.includes(host));
}
