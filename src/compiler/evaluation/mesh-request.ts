/**
 * Mesh requests: a workload of one cluster calling a virtual destination or a federated service. The caller's
 * sidecar sees the ServiceEntry exported to its namespace in its cluster and orders the endpoints as Istio's
 * locality load balancing does (pilot/pkg/networking/core/loadbalancer `applyLocalityFailover`: same
 * region/zone/subzone first, then same region/zone, same region, then the failover region, then the rest).
 */
import { cmp } from '../algebra/order';
import { CompiledEndpoint, CompiledMesh, CompiledServiceEntry, CompiledVirtualDestinationRule } from '../compiled';
import { DecisionEndpoint, RouteDecision, RouteOutcome } from './route-decision';

/** A request from a workload inside the mesh. */
export interface MeshRequest {
  readonly host: string;
  readonly port?: number;
  /** The caller's cluster; undefined: the only cluster. */
  readonly cluster?: string;
  /** The caller's namespace. */
  readonly namespace: string;
}

/** Whether a caller in `namespace` sees an object in `own` exported to `exportTo`. */
function visible(exportTo: readonly string[], own: string, namespace: string): boolean {
  return exportTo.includes('*') || (exportTo.includes('.') && own === namespace) || own === namespace || exportTo.includes(namespace);
}

/**
 * Locality priority of `e` for a caller at `caller` (`region/zone/subzone`). Istio applies locality load balancing only
 * with outlier detection (`localityAware`) and a caller locality; otherwise every endpoint shares priority 0.
 */
function priority(e: CompiledEndpoint, caller: string | undefined, dr: CompiledVirtualDestinationRule | undefined): number {
  if (!dr?.outlierDetection || caller === undefined || e.locality === undefined) return 0;
  const [a, b] = [caller.split('/'), e.locality.split('/')];
  const same = (n: number) => a.slice(0, n).join('/') === b.slice(0, n).join('/');
  if (same(3)) return 0;
  if (same(2)) return 1;
  if (same(1)) return 2;
  const target = dr.failover?.failover.find(f => f.from === a[0])?.to;
  return target !== undefined && b[0] === target ? 3 : 4;
}

function ruleOf(mesh: CompiledMesh, entry: CompiledServiceEntry, cluster: string): CompiledVirtualDestinationRule | undefined {
  return mesh.multicluster.destinationRules.find(r => r.clusters.includes(cluster) && r.namespace === entry.namespace
    && r.destination.hosts.includes(entry.hosts[0]));
}

/** Where a mesh request goes. Throws when the request names no cluster of a multi-cluster mesh. */
export function decideMeshRequest(mesh: CompiledMesh, req: MeshRequest): RouteDecision {
  if (req.cluster === undefined && mesh.clusters.length !== 1) {
    throw new Error(`cdk8s-mesh: the mesh has ${mesh.clusters.length} clusters; name the source cluster of the request`);
  }
  const cluster = req.cluster ?? mesh.clusters[0];
  if (!mesh.clusters.includes(cluster)) throw new Error(`cdk8s-mesh: "${cluster}" is not a cluster of the mesh`);
  const host = req.host.toLowerCase();
  const entry = mesh.multicluster.serviceEntries.find(e => e.role !== 'east-west' && e.role !== 'federation-export'
    && e.clusters.includes(cluster) && e.hosts.includes(host) && visible(e.exportTo, e.namespace, req.namespace));
  const notFound = { outcome: RouteOutcome.NOT_FOUND, chain: [], destinations: [] };
  if (!entry) return notFound;
  const port = entry.ports.find(p => req.port === undefined || p.number === req.port);
  if (!port) return notFound;
  const callerLocality = mesh.model.clusters.find(c => c.name === cluster)?.locality;
  const caller = callerLocality && [callerLocality.region, callerLocality.zone, callerLocality.subzone].filter(x => x).join('/');
  const r = ruleOf(mesh, entry, cluster);
  const endpoints: DecisionEndpoint[] = entry.endpoints.map(e => ({
    cluster: e.cluster,
    address: e.address,
    port: e.ports[port.name] ?? port.number,
    locality: e.locality,
    local: e.local,
    priority: priority(e, caller, r),
  })).sort((a, b) => a.priority - b.priority || Number(b.local) - Number(a.local) || cmp(a.cluster, b.cluster) || cmp(a.address, b.address));
  const destination = { service: entry.name, namespace: entry.namespace, port: port.number, weight: 1, host, external: false };
  return { outcome: RouteOutcome.FORWARD, chain: [], destinations: [destination], endpoints };
}
