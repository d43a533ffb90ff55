/**
 * One Envoy route configuration of a gateway proxy, as istiod's `buildGatewayHTTPRouteConfig` builds it
 * (networking/core/gateway.go): per server, the VirtualServices bound to its gateway and visible to the proxy,
 * intersected host by host; one virtual host per intersection name; catch-alls moved last.
 */
import { intersection, namesForNamespace } from './hosts';
import { ProxyView, ServerCfg, VirtualHost, VirtualServiceCfg } from './model';
import { buildRoutes, sortVirtualHostRoutes } from './routes';

type Visibility = { private: boolean; exportedTo: string[]; public: boolean; hidden: boolean };

/** How `initVirtualServices` files a VirtualService by its exportTo (default `*`). */
function visibilityOf(vs: VirtualServiceCfg): Visibility {
  const to = vs.exportTo?.length ? vs.exportTo : ['*'];
  if (to.includes('*')) return { private: false, exportedTo: [], public: true, hidden: false };
  if (to.includes('~')) return { private: false, exportedTo: [], public: false, hidden: true };
  const isPrivate = (e: string) => e === '.' || e === vs.meta.namespace;
  return { private: to.some(isPrivate), exportedTo: to.filter(e => !isPrivate(e)), public: false, hidden: false };
}

/**
 * `VirtualServicesForGateway`: the VirtualServices bound to `gateway`, in bucket order (private in the proxy
 * namespace; exported to it; public, Gateway-API-generated ones in the proxy namespace first), each in creation order.
 */
export function virtualServicesForGateway(view: ProxyView, gateway: string): VirtualServiceCfg[] {
  const bound = view.virtualServices.filter(vs => vs.gateways.includes(gateway));
  const ns = view.namespace;
  if (ns === undefined) return bound;
  const v = new Map(bound.map(vs => [vs, visibilityOf(vs)]));
  const privates = bound.filter(vs => v.get(vs)!.private && vs.meta.namespace === ns);
  const exported = bound.filter(vs => v.get(vs)!.exportedTo.includes(ns));
  const publics = bound.filter(vs => v.get(vs)!.public);
  const generatedHere = publics.filter(vs => vs.gatewayApi && vs.meta.namespace === ns);
  return [...privates, ...exported, ...generatedHere, ...publics.filter(vs => !generatedHere.includes(vs))];
}

function addRoutes(vhosts: Map<string, VirtualHost>, host: string, routes: VirtualHost['routes'], redirect: boolean): void {
  const key = host.toLowerCase();
  const existing = vhosts.get(key);
  if (existing) existing.routes.push(...routes);
  else vhosts.set(key, { domain: key, routes: [...routes], requireTls: false });
  if (redirect) vhosts.get(key)!.requireTls = true;
}

/** The virtual hosts of the route configuration shared by `servers` (in merge order), catch-alls last. */
export function buildRouteConfig(view: ProxyView, servers: ServerCfg[]): Map<string, VirtualHost> {
  const vhosts = new Map<string, VirtualHost>();
  for (const server of servers) {
    const redirect = server.tls?.httpsRedirect === true;
    for (const vs of virtualServicesForGateway(view, server.gateway)) {
      const hosts = intersection(namesForNamespace(server.hosts, vs.meta.namespace), vs.hosts);
      if (hosts.length === 0) continue;
      const routes = buildRoutes(vs, { serverPort: server.port, gateway: server.gateway, proxyLabels: view.labels, proxyNamespace: view.namespace });
      if (routes.length === 0) continue;
      for (const h of hosts) addRoutes(vhosts, h, routes, redirect);
    }
    // httpsRedirect: every raw server host (even `ns/host`, a junk domain) gets a TLS-requiring virtual host.
    if (redirect) for (const h of server.hosts) addRoutes(vhosts, h, [], true);
  }
  for (const vh of vhosts.values()) vh.routes.splice(0, vh.routes.length, ...sortVirtualHostRoutes(vh.routes));
  return vhosts;
}
