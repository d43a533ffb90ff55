/**
 * Mesh requests: a workload of one cluster calling a virtual destination or a federated service. The caller's
 * sidecar sees the ServiceEntry exported to its namespace in its cluster and orders the endpoints as Istio's
 * locality load balancing does (pilot/pkg/networking/core/loadbalancer `applyLocalityFailover`: same
 * region/zone/subzone first, then same region/zone, same region, then the failover region, then the rest).
 */
import { cmp } from '../algebra/order';
import { CompiledEndpoint, CompiledMesh, CompiledServiceEntry, CompiledVirtualDestinationRule } from '../compiled';
import { DecisionEndpoint, RouteDecision, RouteOutcome } from './route-decision';
import { localityText } from '../multicluster/topology';

/** A request from a workload inside the mesh. */
export interface MeshRequest {
  readonly host: string;
  readonly port?: number;
  /** The caller's cluster; undefined: the only cluster. */
  readonly cluster?: string;
  /** The caller's namespace. */
  readonly namespace: string;
}

/** Whether a caller in `namespace` sees an object in `own` exported to `exportTo` (`.`: its own namespace). */
function visible(exportTo: readonly string[], own: string, namespace: string): boolean {
  return exportTo.includes('*') || exportTo.includes(namespace) || (exportTo.includes('.') && own === namespace);
}

/**
 * Envoy priority of each endpoint for a caller at `caller` (`region/zone/subzone`), as istiod assigns them:
 * pilot/pkg/networking/util/util.go `LbPriority` (0 same subzone, 1 same zone, 2 same region, 3 elsewhere), raised to 4
 * for another region when a failover pair from the caller's region names a different one, then compacted to 0..N
 * without gaps (pilot/pkg/networking/core/loadbalancer/loadbalancer.go `applyLocalityFailover`). Istio applies it only
 * with outlier detection (`enableFailover`) and a caller locality — the mesh's default locality setting is enabled
 * (pkg/config/mesh/mesh.go `DefaultMeshConfig`) — otherwise every endpoint has priority 0.
 */
function priorities(endpoints: readonly CompiledEndpoint[], caller: string | undefined, dr: CompiledVirtualDestinationRule | undefined): number[] {
  if (!dr?.outlierDetection || caller === undefined) return endpoints.map(() => 0);
  const [a, pairs] = [caller.split('/'), dr.failover?.failover ?? []];
  const raw = endpoints.map(e => {
    const b = (e.locality ?? '').split('/');
    const p = a[0] !== (b[0] ?? '') ? 3 : a[1] !== (b[1] ?? '') ? 2 : (a[2] ?? '') !== (b[2] ?? '') ? 1 : 0;
    const pair = pairs.find(f => f.from === a[0]);
    return p === 3 && pair && pair.to !== b[0] ? 4 : p;
  });
  const levels = [...new Set(raw)].sort((x, y) => x - y);
  return raw.map(p => levels.indexOf(p));
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
  const caller = localityText(mesh.model.clusters.find(c => c.name === cluster)?.locality);
  const levels = priorities(entry.endpoints, caller, ruleOf(mesh, entry, cluster));
  const endpoints: DecisionEndpoint[] = entry.endpoints.map((e, i) => ({
    cluster: e.cluster,
    address: e.address,
    port: e.ports[port.name] ?? port.number,
    locality: e.locality,
    local: e.local,
    priority: levels[i],
  })).sort((a, b) => a.priority - b.priority || Number(b.local) - Number(a.local) || cmp(a.cluster, b.cluster) || cmp(a.address, b.address));
  const destination = { service: entry.name, namespace: entry.namespace, port: port.number, weight: 1, host, external: false };
  return { outcome: RouteOutcome.FORWARD, chain: [], destinations: [destination], endpoints };
}
