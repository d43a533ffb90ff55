/**
 * Proxies: gateways that configure the same workload are one set of listeners. Reports gateways whose workloads may
 * overlap without being declared alike, a port that is HTTP for one gateway and HTTPS for another, and a TLS server
 * name repeated on one port (Istio drops the later server: pilot/pkg/model/gateway.go, mergeGateways/CheckDuplicates).
 */
import { append } from '../algebra/collections';
import { CompiledGateway, CompiledProxy } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Note, related, Rules } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { compileProxy, groupByProxy, mayShareProxies } from '../proxies';

const ref = (g: CompiledGateway) => `${g.model.namespace}/${g.model.name}`;

/** Reports groups of gateways whose proxies may overlap without being the same. */
function checkOverlappingGroups(groups: readonly CompiledGateway[][], d: Diagnostics): void {
  groups.forEach((group, i) => {
    const g = group[0];
    const namespaces = new Set(group.map(x => x.model.proxy.namespace));
    const stray = group.find(x => x.model.proxy.namespace !== g.model.proxy.namespace);
    if (namespaces.size > 1 && stray) {
      const args = { gateway: ref(stray), other: ref(g), problem: 'namespace' as const };
      d.report(Rules.GatewayProxiesOverlap, stray.model, args, [related(g.model, Note.sharedProxy)]);
    }
    for (const other of groups.slice(0, i)) {
      if (mayShareProxies(other[0].model.proxy, g.model.proxy)) {
        d.report(Rules.GatewayProxiesOverlap, g.model, { gateway: ref(g), other: ref(other[0]), problem: 'labels' },
          [related(other[0].model, Note.sharedProxy)]);
      }
    }
  });
}

/** Reports mixed protocols and repeated TLS server names on each port of a proxy. */
function checkPorts(group: readonly CompiledGateway[], d: Diagnostics): void {
  const byPort = new Map<number, Array<{ g: CompiledGateway; protocol: string; names: readonly string[] }>>();
  for (const g of group) for (const l of g.listeners) append(byPort, l.model.port, { g, protocol: l.model.protocol, names: l.serverHosts });
  for (const [port, servers] of byPort) {
    const first = servers[0];
    const clash = servers.find(s => s.protocol !== first.protocol);
    if (clash) {
      const args = { port, gateway: ref(clash.g), other: ref(first.g) };
      d.report(Rules.ListenerProtocolClash, clash.g.model, args, [related(first.g.model, Note.sharedProxy)]);
    }
    if (first.protocol !== 'HTTPS' || clash) continue;
    const seen = new Map<string, CompiledGateway>();
    for (const s of servers) {
      for (const host of s.names) {
        const earlier = seen.get(host);
        const args = { port, host, gateway: ref(s.g), other: ref(earlier ?? s.g) };
        if (earlier) d.report(Rules.DuplicateServerName, s.g.model, args, [related(earlier.model, Note.sharedProxy)]);
        else seen.set(host, s.g);
      }
    }
  }
}

/** Groups the gateways by proxy; produces `proxies`. */
export const proxiesPass: Pass = {
  name: 'proxies',
  rules: [Rules.GatewayProxiesOverlap, Rules.ListenerProtocolClash, Rules.DuplicateServerName],
  run(ctx: CompileContext): void {
    const groups = groupByProxy(ctx.get('gateways'));
    checkOverlappingGroups(groups, ctx.diagnostics);
    for (const group of groups) checkPorts(group, ctx.diagnostics);
    const proxies: CompiledProxy[] = groups.map(compileProxy);
    ctx.put('proxies', proxies);
  },
};
