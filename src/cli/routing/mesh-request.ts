/**
 * Where a sidecar sends a request to a host (mesh traffic): the VirtualServices bound to `mesh` for the host that the
 * source namespace sees; the one created first wins entirely, the others are ignored (istio/istio
 * pilot/pkg/networking/core/httproute.go, BuildSidecarOutboundVirtualHosts); its routes up to the first catch-all, less
 * matches limited to gateways or to another source namespace. Without one, the request goes to the host itself.
 */
import { ProxyCfg } from './proxies';
import { CliRequest, matchRequestOf, whyNot } from './request';
import { alternatives, outcomeOf, Passed, Routing } from './route-request';
import { VhostEntry, visibility } from './virtual-hosts';
import { ANY_PATH, isCatchAll } from '../../compiler/algebra/match';
import { hostMatches } from '../../compiler/algebra/syntax';
import { resolveHost } from '../config/actions';
import { GatewayCfg, MeshConfig, RouteMatch, VirtualServiceCfg } from '../config/model';
import { compareOrder } from '../config/order';

const applies = (m: RouteMatch, ns: string) => (m.gateways.length === 0 || m.gateways.includes('mesh'))
  && (m.sourceNamespace === undefined || m.sourceNamespace === ns);

/** The sidecar routes of one VirtualService for a source namespace, in order, up to the first catch-all. */
function meshEntries(vs: VirtualServiceCfg, namespace: string, gateway: GatewayCfg): VhostEntry[] {
  const out: VhostEntry[] = [];
  for (const route of vs.http) {
    const matches = route.matches.length > 0 ? route.matches.filter(m => applies(m, namespace)) : [undefined];
    for (const [i, match] of matches.entries()) {
      const effective = match?.match ?? { path: ANY_PATH, headers: [], query: [] };
      const catchAll = isCatchAll(effective) && (match?.without.length ?? 0) === 0;
      const order = [{ creation: vs.creation }, ...route.order, { rank: i }];
      out.push({ vs, route, match, effective, catchAll, gateway, server: gateway.servers[0], order });
      if (catchAll) return out;
    }
  }
  return out;
}

/** Routes a request sent by a workload of `namespace` through its sidecar. */
export function routeMeshRequest(config: MeshConfig, req: CliRequest, namespace: string): Routing {
  const host = resolveHost(req.host.toLowerCase().replace(/:\d+$/, ''), namespace);
  const bound = config.virtualServices.filter(vs => !vs.gatewayApi && vs.gateways.includes('mesh') && visibility(vs, [namespace]) !== undefined
    && vs.hosts.some(h => hostMatches(resolveHost(h.toLowerCase(), vs.namespace), host)));
  const sorted = [...bound].sort((a, b) => compareOrder([{ creation: a.creation }], [{ creation: b.creation }]).sign);
  const gateway: GatewayCfg = {
    key: 'mesh',
    display: 'mesh',
    object: sorted[0]?.object ?? config.gateways[0]?.object,
    creation: { name: 'mesh', namespace, nameFirst: true },
    gatewayApi: false,
    servers: [{
      hosts: ['*'], port: req.port ?? 80, protocol: 'HTTP', tls: false, httpsRedirect: false, origin: { object: sorted[0]?.object, field: [] },
    }],
  };
  const proxy: ProxyCfg = { name: `sidecars of namespace ${namespace}`, namespaces: [namespace], labels: {}, gateways: [], ports: [] };
  const base = { proxy, port: req.port ?? 80, domain: host };
  const vs = sorted[0];
  if (!vs) return { ...base, passed: [], alternatives: [], outcome: { type: 'forward', destinations: [{ host, port: req.port, weight: 100 }] } };
  const match = matchRequestOf(req, 'http');
  const passed: Passed[] = [];
  const entries = meshEntries(vs, namespace, gateway);
  const others = sorted.slice(1).filter(o => !compareOrder([{ creation: vs.creation }], [{ creation: o.creation }]).decided);
  const firstOfOthers = others.flatMap(o => meshEntries(o, namespace, gateway)).filter(e => whyNot(e, match) === undefined);
  for (const entry of entries) {
    const reason = whyNot(entry, match);
    if (reason !== undefined) {
      passed.push({ entry, reason });
      continue;
    }
    const outcome = outcomeOf(entry.route.action, req, false, match);
    return { ...base, passed, taken: entry, outcome, alternatives: alternatives([entry, ...firstOfOthers], entry, match) };
  }
  return { ...base, passed, alternatives: [], outcome: { type: 'not-found', status: 404, reason: 'no route of the VirtualService matches' } };
}
