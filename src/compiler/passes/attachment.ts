/**
 * Attachment: root tables (with hosts) attach to gateways, and a gateway admits a table for a host only when its
 * `allowedRouteTables` name the host and the table's workspace, the workspaces share the table, and a listener
 * serves the host.
 */
import { GatewayModel, RouteTableModel, WorkspaceModel } from '../../model';
import { tableRef } from '../algebra/names';
import { hostMatches, hostProblem, hostsIntersect } from '../algebra/syntax';
import { CompileContext } from '../context';
import { cmp, Diagnostics, Note, related, Rules, Subject } from '../diagnostics/catalogue';
import { Pass } from '../pass';
import { selects, Tenancy } from '../tenancy';

/** Whether gateway `g` admits table `t` for `host`; reports why not. */
function admits(g: GatewayModel, gwWs: WorkspaceModel | undefined, t: RouteTableModel, host: string, tenancy: Tenancy, d: Diagnostics): boolean {
  const tWs = tenancy.ownerOf(t.namespace);
  if (!gwWs || !tWs) return false;
  const about = { gateway: `${g.namespace}/${g.name}`, gatewayWorkspace: gwWs.name, table: tableRef(t), workspace: tWs.name, host };
  const gateway = [related(g, Note.gateway)];
  const rule = g.admission.find(a =>
    (a.hosts.length === 0 || a.hosts.some(h => hostMatches(h, host) || h === host))
    && (a.workspaces.length === 0 ? tWs === gwWs : a.workspaces.some(s => selects(s, tWs))));
  if (!rule) {
    d.report(Rules.GatewayDoesNotAdmit, t, about, gateway);
    return false;
  }
  if (!tenancy.canUse(gwWs, tWs, 'ROUTE_TABLE', t.labels)) {
    d.report(Rules.GatewayDoesNotAdmit, t, { ...about, missing: tenancy.missingShare(gwWs, tWs, 'ROUTE_TABLE', t.labels) }, gateway);
    return false;
  }
  if (!g.listeners.some(l => l.hostname === undefined || hostsIntersect(l.hostname, host))) {
    d.report(Rules.NoListenerForHost, t, { ...about, listeners: g.listeners.map(l => String(l.hostname)) }, gateway);
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
      if (t.hosts.length > 0 && t.gateways.length === 0 && !t.eastWest) {
        d.report(Rules.RootTableWithoutGateway, t, { table: tableRef(t) });
      }
      for (const gwPath of t.gateways) {
        const g = gatewaysByPath.get(gwPath);
        if (!g) {
          d.report(Rules.UnresolvedReference, t, { subject: Subject.table(tableRef(t)), verb: 'attaches to', target: Subject.gatewayAt(gwPath) });
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
