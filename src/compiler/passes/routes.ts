/**
 * Routes: each gateway's hosts with their ordered routes — the root tables in serving order, delegation flattened —
 * its listeners' virtual hosts, and the clusters the gateway lives in.
 */
import { GatewayModel, WorkspaceModel } from '../../model';
import { tableRef } from '../algebra/names';
import { forEachChainTable } from '../chains';
import { CompiledGateway, CompiledHost, CompiledListener, FlatRoute } from '../compiled';
import { CompileContext } from '../context';
import { cmp, Note, related, Rules } from '../diagnostics/catalogue';
import { Flattener } from '../flattener';
import { compileListeners } from '../listeners';
import { Pass } from '../pass';
import { distinctNames, nameOccurrences } from '../route-names';

/** Flattens every admitted root table; produces `flattener` and `gateways` (sorted by namespace/name, hosts by name). */
export const routesPass: Pass = {
  name: 'routes',
  rules: [Rules.DelegationCycle, Rules.DelegationTooDeep, Rules.DelegationSelectsNothing, Rules.DelegationTargetIsRoot,
    Rules.DelegatingRouteNotPrefix, Rules.DelegationNotShared, Rules.ChildOutsideParent, Rules.UnsatisfiableMatch,
    Rules.ChildRepeatsParentPrefix, Rules.UncombinableMatch, Rules.UnresolvedReference, Rules.NoListenerForHost],
  run(ctx: CompileContext): void {
    const { model } = ctx;
    const flattener = new Flattener(model.routeTables, ctx.get('tenancy'), ctx.diagnostics, model.maxDelegationDepth);
    const owners = ctx.get('gatewayOwners');
    const gateways: CompiledGateway[] = [];
    for (const g of [...model.gateways].sort((a, b) => cmp(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))) {
      const ws = owners.get(g.path);
      if (!ws) continue;
      const attached = [...(ctx.get('attachments').get(g.path) ?? new Map()).entries()].sort((a, b) => cmp(a[0], b[0]));
      const hosts = attached.map(([host, tables]) => compileHost(host, tables, flattener));
      const clusters = ws.clusters.includes('*') ? [...ctx.clusterNames] : ctx.clusterNames.filter(c => ws.clusters.includes(c));
      const listeners = compileListeners(g, hosts);
      reportUnserved(g, ws, hosts, listeners, ctx);
      gateways.push({ model: g, workspace: ws, clusters, hosts, listeners });
    }
    ctx.put('flattener', flattener);
    ctx.put('gateways', gateways);
  },
};

/**
 * Reports hosts that intersect a listener but that no listener serves: each listener inside the host serves a narrower
 * host of the gateway, so the host's routes would be emitted nowhere.
 */
function reportUnserved(g: GatewayModel, ws: WorkspaceModel, hosts: readonly CompiledHost[], listeners: readonly CompiledListener[],
  ctx: CompileContext): void {
  const served = new Set(listeners.flatMap(l => l.hosts));
  const tenancy = ctx.get('tenancy');
  for (const h of hosts.filter(x => !served.has(x))) {
    for (const t of h.tables) {
      ctx.diagnostics.report(Rules.NoListenerForHost, t, {
        gateway: `${g.namespace}/${g.name}`,
        gatewayWorkspace: ws.name,
        table: tableRef(t),
        workspace: tenancy.ownerOf(t.namespace)?.name ?? '',
        host: h.host,
        listeners: g.listeners.map(l => String(l.hostname)),
        narrower: true,
      }, [related(g, Note.gateway)]);
    }
  }
}

function compileHost(host: string, tables: CompiledHost['tables'], flattener: Flattener): CompiledHost {
  const flat = tables.length === 1 ? flattener.flattenRoot(tables[0]) : tables.flatMap(t => flattener.flattenRoot(t));
  // Counted only where two routes may share a name (see route-names.ts): the flattener proves most hosts need not be.
  const routes = flattener.namesMayRepeat || !distinctNames(tables) ? uniqueNames(flat) : flat;
  const sources = new Map<string, CompiledHost['tables'][number]>();
  forEachChainTable(routes, t => sources.set(t.path, t));
  for (const t of tables) sources.set(t.path, t);
  return { host, tables, sources: [...sources.values()].sort((a, b) => cmp(a.path, b.path)), routes };
}

/** Route names stay unique within a host: a second occurrence (the same child under two parents) gets a suffix. */
function uniqueNames(routes: FlatRoute[]): FlatRoute[] {
  const occurrence = nameOccurrences(routes);
  return routes.map((r, i) => (occurrence[i] === 1 ? r : { ...r, name: `${r.name}-${occurrence[i]}` }));
}
