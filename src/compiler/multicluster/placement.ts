/**
 * A gateway reaches `<svc>.<ns>.svc.<domain>` only in a cluster where that Service runs: a route forwarding to a known
 * Service that runs elsewhere would answer 503 there (and, on the Gateway API target, grant a namespace that cluster
 * does not have). Services the mesh does not know are not judged. Likewise a route table is served only in the
 * clusters its workspace spans: its namespaces exist nowhere else.
 */
import { KnownServiceModel, WorkspaceModel } from '../../model';
import { tableRef } from '../algebra/names';
import { CompiledGateway } from '../compiled';
import { Tenancy } from '../tenancy';
import { Topology } from './topology';
import { Diagnostics, Rules } from '../diagnostics/catalogue';

/** Reports every route a gateway serves in a cluster its destination Service does not run in. */
export function checkServicePlacement(gateways: readonly CompiledGateway[], services: readonly KnownServiceModel[], topology: Topology,
  d: Diagnostics): void {
  const runsIn = new Map<string, Set<string>>();
  for (const s of services) {
    const key = `${s.namespace}/${s.name}`;
    runsIn.set(key, new Set([...(runsIn.get(key) ?? []), ...topology.clustersOf(s)]));
  }
  const reported = new Set<string>();
  for (const g of gateways) {
    // Only routes to a Service missing from one of the gateway's clusters are walked (none, with one cluster).
    const absent = new Set([...runsIn].filter(([, where]) => g.clusters.some(c => !where.has(c))).map(([service]) => service));
    if (absent.size === 0) continue;
    for (const r of g.hosts.flatMap(h => h.routes)) {
      if (r.action.type !== 'forward') continue;
      const leaf = r.chain[r.chain.length - 1];
      for (const s of r.action.destinations.flatMap(x => (x.service && !x.service.external && !x.service.virtual ? [x.service] : []))) {
        const service = `${s.namespace}/${s.name}`;
        if (!absent.has(service)) continue;
        const where = runsIn.get(service)!;
        for (const cluster of g.clusters.filter(c => !where.has(c))) {
          const key = `${leaf.table.path}|${leaf.route.name}|${service}|${cluster}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const args = { route: leaf.route.name, table: tableRef(leaf.table), service, cluster, gateway: `${g.model.namespace}/${g.model.name}` };
          d.report(Rules.ServiceNotInCluster, leaf.table, { ...args, runsIn: [...where].sort() });
        }
      }
    }
  }
}

/**
 * Reports every route table (root or delegated) a gateway serves in a cluster its workspace does not span: the
 * workspace's namespaces exist only in its clusters, so the objects the table owns there (a delegate VirtualService,
 * an HTTPRoute) could not be applied. One finding per table and gateway, naming the missing clusters.
 */
export function checkTablePlacement(gateways: readonly CompiledGateway[], tenancy: Tenancy, d: Diagnostics): void {
  const spans = (w: WorkspaceModel, cluster: string) => w.clusters.includes('*') || w.clusters.includes(cluster);
  for (const g of gateways) {
    for (const t of new Set(g.hosts.flatMap(h => h.sources))) {
      const ws = tenancy.ownerOf(t.namespace);
      const missing = ws ? g.clusters.filter(c => !spans(ws, c)) : [];
      if (!ws || missing.length === 0) continue;
      d.report(Rules.TableOutsideWorkspaceClusters, t, {
        table: tableRef(t), workspace: ws.name, clusters: ws.clusters, gateway: `${g.model.namespace}/${g.model.name}`, missing,
      });
    }
  }
}
