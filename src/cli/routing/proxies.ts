/**
 * Gateway proxies as istiod configures them: the gateways applying to each proxy (an Istio Gateway applies to every
 * pod carrying its selector's labels; a Gateway API Gateway has proxies of its own), their servers merged per port
 * (pilot/pkg/model/gateway.go, mergeGateways: plain-text servers share one route configuration, each HTTPS server
 * has its own, chosen by SNI), and each route configuration's virtual hosts (pilot/pkg/networking/core/gateway.go,
 * buildGatewayHTTPRouteConfig: per server, the visible VirtualServices bound to its gateway, one virtual host per
 * host of the intersection, routes appended in VirtualService order, catch-alls moved last).
 */
import { entriesOf, PlacedServer, ProxyIdentity, VirtualHostCfg } from './virtual-hosts';
import { append } from '../../compiler/algebra/collections';
import { cmp } from '../../compiler/algebra/order';
import { GatewayCfg, MeshConfig } from '../config/model';
import { compareOrder } from '../config/order';

/** One route configuration of a proxy port. */
export interface RouteConfigCfg {
  readonly port: number;
  readonly tls: boolean;
  /** Server names (SNI) that select it on a TLS port; empty for plain text. */
  readonly serverNames: readonly string[];
  /** By lower-case domain. */
  readonly virtualHosts: ReadonlyMap<string, VirtualHostCfg>;
}

/** The proxies of one gateway workload. */
export interface ProxyCfg {
  /** How users name it: the gateways applying to it (`namespace/name`), joined. */
  readonly name: string;
  /** Where it runs: one namespace, or the candidates when the input does not tell. */
  readonly namespaces: readonly string[];
  /** Pod labels (Istio selector); empty for the dedicated proxies of a Gateway API Gateway. */
  readonly labels: Readonly<Record<string, string>>;
  /** Gateways applying to it, in creation order (names standing in for unknown times). */
  readonly gateways: readonly GatewayCfg[];
  /** Route configurations of each port, sorted by port. */
  readonly ports: ReadonlyArray<readonly [number, readonly RouteConfigCfg[]]>;
}

const selects = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const byCreation = (a: GatewayCfg, b: GatewayCfg) => compareOrder([{ creation: a.creation }], [{ creation: b.creation }]).sign;

/** The proxies of the configuration: one per Istio selector (and proxy namespace), one per Gateway API Gateway. */
export function proxiesOf(config: MeshConfig): ProxyCfg[] {
  const proxies = new Map<string, { namespaces: readonly string[]; labels: Readonly<Record<string, string>>; gateways: GatewayCfg[] }>();
  for (const g of config.gateways) {
    const namespaces = config.proxyNamespaces.get(g.key) ?? [g.object.namespace];
    if (g.gatewayApi) {
      const key = `dedicated:${g.display}`;
      proxies.set(key, { namespaces, labels: {}, gateways: [...proxies.get(key)?.gateways ?? [], g] });
      continue;
    }
    const labels = g.selector ?? {};
    const key = `selector:${namespaces.join(',')}:${JSON.stringify(Object.entries(labels).sort((a, b) => cmp(a[0], b[0])))}`;
    if (proxies.has(key)) continue;
    proxies.set(key, { namespaces, labels, gateways: config.gateways.filter(o => !o.gatewayApi && selects(o.selector ?? {}, labels)) });
  }
  return [...proxies.values()].map(p => {
    const gateways = [...p.gateways].sort(byCreation);
    const name = [...new Set(gateways.map(g => g.display))].join(', ');
    const ports = portsOf(config, { namespaces: p.namespaces, labels: p.labels }, gateways);
    return { name, namespaces: p.namespaces, labels: p.labels, gateways, ports };
  }).sort((a, b) => cmp(a.name, b.name));
}

function portsOf(config: MeshConfig, proxy: ProxyIdentity, gateways: readonly GatewayCfg[]) {
  const byPort = new Map<number, PlacedServer[]>();
  for (const gateway of gateways) {
    gateway.servers.forEach((server, i) => append(byPort, server.port, { server, gateway, order: [{ creation: gateway.creation }, { rank: i }] }));
  }
  return [...byPort.entries()].sort((a, b) => a[0] - b[0]).map(([port, servers]) => {
    const configs = routeConfigs(servers).map(({ tls, serverNames, servers: s }) => ({
      port, tls, serverNames, virtualHosts: entriesOf(config, s, proxy),
    }));
    return [port, configs] as const;
  });
}

/** `mergeGateways` for one port: the first server decides plain text (one shared configuration) or TLS (one per server). */
function routeConfigs(servers: readonly PlacedServer[]): Array<{ tls: boolean; serverNames: string[]; servers: PlacedServer[] }> {
  const first = servers[0];
  if (!first.server.tls) return [{ tls: false, serverNames: [], servers: servers.filter(s => !s.server.tls) }];
  return servers.filter(s => s.server.tls).map(s => ({
    tls: true, serverNames: [...new Set(s.server.hosts.map(h => h.slice(h.indexOf('/') + 1)))].sort(cmp), servers: [s],
  }));
}
