/**
 * Which listeners a host's routes must be bound to. Istio joins a VirtualService to a server when their hosts
 * intersect (pilot/pkg/networking/core/gateway.go, buildGatewayHTTPRouteConfig), and a Gateway API route attaches to
 * every listener whose hostname intersects its own (pilot/pkg/config/kube/gateway/conversion.go, referenceAllowed).
 * A listener whose hostname lies inside several of a gateway's hosts would so join all of them; the compiled listener
 * serves only the narrowest. Such a gateway binds each host to its serving listeners by name.
 */
import { narrowerHost } from '../compiler/algebra/hosts';
import { CompiledGateway, CompiledHost, CompiledListener } from '../compiler/compiled';

const servedSets = new WeakMap<CompiledListener, ReadonlySet<CompiledHost>>();

/** Whether `listener` serves `host` (a set lookup: gateways may have thousands of hosts). */
function serves(listener: CompiledListener, host: CompiledHost): boolean {
  if (listener.model.hostname === undefined) return true;
  let set = servedSets.get(listener);
  if (!set) servedSets.set(listener, set = new Set(listener.hosts));
  return set.has(host);
}

/** Whether binding by host alone would give `listener` the routes of a host it does not serve. */
function joinsUnservedHost(g: CompiledGateway, listener: CompiledListener): boolean {
  const hostname = listener.model.hostname;
  return hostname !== undefined && g.hosts.some(h => !serves(listener, h) && narrowerHost(hostname, h.host) !== undefined);
}

const perListener = new WeakMap<CompiledGateway, boolean>();

/** Whether the gateway's hosts must be bound to its listeners one by one. */
export function bindsPerListener(g: CompiledGateway): boolean {
  if (!perListener.has(g)) perListener.set(g, g.listeners.some(l => joinsUnservedHost(g, l)));
  return perListener.get(g)!;
}

/** The listeners serving `host`, in declaration order. */
export function servingListeners(g: CompiledGateway, host: CompiledHost): CompiledListener[] {
  return g.listeners.filter(l => serves(l, host));
}

/** Whether some listener serves `host` (a host none serves gets no routing object: it would bind to nothing). */
export function isServed(g: CompiledGateway, host: CompiledHost): boolean {
  return g.listeners.some(l => serves(l, host));
}
