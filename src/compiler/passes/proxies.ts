/**
 * Proxies: gateways that configure the same workload are one set of listeners. Reports gateways whose workloads may
 * overlap without being declared alike, a port that is HTTP for one gateway and HTTPS for another, a TLS server
 * name repeated on one port (Istio drops the later server: pilot/pkg/model/gateway.go, mergeGateways/CheckDuplicates),
 * and a host of the shared proxy claimed by several workspaces.
 */
import { RouteTableModel } from '../../model';
import { append } from '../algebra/collections';
import { tableRef } from '../algebra/names';
import { CompiledGateway, CompiledProxy } from '../compiled';
import { CompileContext } from '../context';
import { Diagnostics, Note, related, Rules } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { compileProxy, groupByProxy, mayShareProxies } from '../proxies';
import { Tenancy } from '../tenancy';

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

/**
 * Reports a host that gateways sharing proxies serve from root tables of several workspaces: on the proxy it is one
 * virtual host, so one workspace must own it, as on one gateway (the host-claims pass).
 */
function checkSharedClaims(proxy: CompiledProxy, tenancy: Tenancy, d: Diagnostics): void {
  for (const port of proxy.ports) {
    for (const v of port.routeConfigurations.flatMap(c => c.virtualHosts).filter(x => x.contributions.length > 1)) {
      const tables = v.contributions.flatMap(c => c.host.tables);
      const owner = (t: RouteTableModel) => tenancy.ownerOf(t.namespace)?.name;
      if (new Set(tables.map(owner)).size <= 1) continue;
      const gateway = v.contributions.map(c => ref(c.gateway)).join(' and ') + ' (shared proxies)';
      const claims = tables.map(t => ({ table: tableRef(t), workspace: owner(t) }));
      for (const t of tables.filter(x => owner(x) !== owner(tables[0]))) {
        const others = tables.filter(o => owner(o) !== owner(t)).map(o => related(o, Note.otherClaimOfHost));
        d.report(Rules.HostClaimedByWorkspaces, t, { host: v.domain, gateway, claims }, others);
      }
    }
  }
}

/** Groups the gateways by proxy; produces `proxies`. */
export const proxiesPass: Pass = {
  name: 'proxies',
  rules: [Rules.GatewayProxiesOverlap, Rules.ListenerProtocolClash, Rules.DuplicateServerName, Rules.HostClaimedByWorkspaces],
  run(ctx: CompileContext): void {
    const groups = groupByProxy(ctx.get('gateways'));
    checkOverlappingGroups(groups, ctx.diagnostics);
    for (const group of groups) checkPorts(group, ctx.diagnostics);
    const proxies: CompiledProxy[] = groups.map(compileProxy);
    for (const proxy of proxies) checkSharedClaims(proxy, ctx.get('tenancy'), ctx.diagnostics);
    ctx.put('proxies', proxies);
  },
};
