/**
 * Attachment: root tables (with hosts) attach to gateways, and a gateway admits a table for a host only when its
 * `allowedRouteTables` name the host and the table's workspace, the workspaces share the table, and a listener
 * serves the host.
 */
import { CompileContext } from '../context';
import { cmp, Diagnostics, Rules } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { tableRef } from '../flattener';
import { GatewayModel, RouteTableModel, WorkspaceModel } from '../../model';
import { hostMatches, hostProblem, hostsIntersect } from '../algebra/syntax';
import { selects, Tenancy } from '../tenancy';

/** Whether gateway `g` admits table `t` for `host`; reports why not. */
function admits(g: GatewayModel, gwWs: WorkspaceModel | undefined, t: RouteTableModel, host: string, tenancy: Tenancy, d: Diagnostics): boolean {
  const tWs = tenancy.ownerOf(t.namespace);
  if (!gwWs || !tWs) return false;
  const gw = `gateway ${g.namespace}/${g.name} (workspace "${gwWs.name}")`;
  const rule = g.admission.find(a =>
    (a.hosts.length === 0 || a.hosts.some(h => hostMatches(h, host) || h === host))
    && (a.workspaces.length === 0 ? tWs === gwWs : a.workspaces.some(s => selects(s, tWs))));
  if (!rule) {
    d.report(Rules.GatewayDoesNotAdmit, t.path,
      `${gw} does not admit route table ${tableRef(t)} of workspace "${tWs.name}" for host ${host} (allowedRouteTables)`);
    return false;
  }
  if (!tenancy.canUse(gwWs, tWs, 'ROUTE_TABLE', t.labels)) {
    d.report(Rules.GatewayDoesNotAdmit, t.path,
      `${gw} admits route table ${tableRef(t)}, but ${tenancy.missingShare(gwWs, tWs, 'ROUTE_TABLE', t.labels)}`);
    return false;
  }
  if (!g.listeners.some(l => l.hostname === undefined || hostsIntersect(l.hostname, host))) {
    d.report(Rules.NoListenerForHost, t.path, `${gw} has no listener for host ${host} of route table ${tableRef(t)} `
      + `(listener hostnames: ${g.listeners.map(l => l.hostname).join(', ')})`);
    return false;
  }
  return true;
}

/** Admits root tables to gateways; produces `attachments` (each host's tables by weight, then namespace/name). */
export const attachmentPass: Pass = {
  name: 'attachment',
  rules: [Rules.RootTableWithoutGateway, Rules.UnresolvedReference, Rules.GatewayDoesNotAdmit, Rules.NoListenerForHost],
  run(ctx: CompileContext): void {
    const { model, diagnostics: d } = ctx;
    const tenancy = ctx.get('tenancy');
    const owners = ctx.get('gatewayOwners');
    const gatewaysByPath = new Map(model.gateways.map(g => [g.path, g]));
    const attached = new Map<string, Map<string, RouteTableModel[]>>();
    for (const t of model.routeTables) {
      if (t.hosts.length > 0 && t.gateways.length === 0) {
        d.report(Rules.RootTableWithoutGateway, t.path, `route table ${tableRef(t)} has hosts but is attached to no gateway`);
      }
      for (const gwPath of t.gateways) {
        const g = gatewaysByPath.get(gwPath);
        if (!g) {
          d.report(Rules.UnresolvedReference, t.path, `route table ${tableRef(t)} attaches to gateway ${gwPath}, which is not part of this mesh`);
          continue;
        }
        for (const host of t.hosts.filter(h => !hostProblem(h) && admits(g, owners.get(g.path), t, h, tenancy, d))) {
          const hosts = attached.get(g.path) ?? new Map<string, RouteTableModel[]>();
          attached.set(g.path, hosts);
          hosts.set(host, [...(hosts.get(host) ?? []), t]);
        }
      }
    }
    for (const hosts of attached.values()) {
      for (const [host, tables] of hosts) hosts.set(host, tables.sort((a, b) => b.weight - a.weight || cmp(tableRef(a), tableRef(b))));
    }
    ctx.put('attachments', attached);
  },
};
