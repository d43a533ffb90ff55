/**
 * Subsets of another cluster's Service. A caller's sidecar picks a subset of the federated host
 * `<svc>.<ns>.svc.<home>.<suffix>` by the labels of its endpoints, and sends it with SNI
 * `outbound_.<port>_.<subset>_.<host>`; the home cluster's east–west gateway (AUTO_PASSTHROUGH) forwards that SNI to the
 * endpoints of the same host that carry the subset's labels (pilot/pkg/networking/core/cluster.go
 * `buildOutboundSniDnatClusters`: one cluster per DestinationRule subset of each service the gateway sees). So:
 * - in the caller's cluster, the federated entry has one endpoint (the same east–west gateway) per subset, labelled
 *   with the subset's labels, and a DestinationRule defines the subsets for the callers, with the traffic policies'
 *   destination settings of the Service (outlier detection, pool, TLS, load balancing) — the shifted calls keep them;
 * - in the home cluster, the entry the gateway sees selects the Service's pods themselves (`workloadSelector`, in the
 *   Service's namespace, exported to the gateway's namespace only — a DNS endpoint would carry no pod labels), and a
 *   DestinationRule exported to the gateway defines the subsets.
 * A Service selected this way is also a service of its pods for istiod (inbound clusters and telemetry list the
 * federated host too; with a port or protocol clash the first service wins), and istiod selects pods of the namespace
 * in every cluster it watches; it needs `PILOT_ENABLE_SERVICEENTRY_SELECT_PODS` (on by default).
 */
import { DestinationPolicyModel, KnownServiceModel, SubsetModel } from '../../model';
import { cmp } from '../algebra/order';
import { CompiledDestinationRule, CompiledMulticluster, CompiledServiceEntry, RemoteSubset } from '../compiled';

const keyOf = (r: RemoteSubset) => `${r.federatedHost}|${r.importer}|${r.subset.name}`;

/** The remote subsets, each (host, importer, subset) once, sorted. */
export function uniqueRemoteSubsets(uses: readonly RemoteSubset[]): RemoteSubset[] {
  const byKey = new Map<string, RemoteSubset>();
  for (const u of uses) if (!byKey.has(keyOf(u))) byKey.set(keyOf(u), u);
  return [...byKey.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, u]) => u);
}

function subsetsOf(uses: readonly RemoteSubset[]): SubsetModel[] {
  const byName = new Map(uses.map(u => [u.subset.name, u.subset]));
  return [...byName.values()].sort((a, b) => cmp(a.name, b.name));
}

/**
 * The caller's federated entry with one endpoint per subset, each the same east–west gateway labelled with the subset's
 * labels. The host's default cluster (no subset) takes every endpoint, whatever its labels, so no unlabelled copy is
 * needed: with one subset there is one endpoint, as before.
 */
function importerEntry(e: CompiledServiceEntry, subsets: readonly SubsetModel[]): CompiledServiceEntry {
  return { ...e, endpoints: e.endpoints.flatMap(remote => subsets.map(s => ({ ...remote, labels: { ...s.labels } }))) };
}

/**
 * The home entry the east–west gateway sees: the Service's pods, in its namespace. Istio sends a pod endpoint to the
 * entry port's `targetPort`, else to the pod's container port of the entry port's name, else to the port number
 * (pilot/pkg/serviceregistry/serviceentry/conversion.go `convertWorkloadInstanceToServiceInstance`), so each port takes
 * the Service's `targetPort`: a number as `targetPort`, a name as the port's name.
 */
function homeEntry(e: CompiledServiceEntry, service: KnownServiceModel): CompiledServiceEntry {
  const workloadSelector = { ...service.selector! };
  const ports = e.ports.map(p => {
    const target = service.ports.find(x => x.port === p.number)?.targetPort;
    if (typeof target === 'string') return { ...p, name: target };
    return target !== undefined && target !== p.number ? { ...p, targetPort: target } : p;
  });
  return { ...e, namespace: service.namespace, workloadSelector, resolution: 'STATIC', endpoints: [], exportTo: [e.namespace], ports };
}

function rule(e: CompiledServiceEntry, subsets: SubsetModel[], sources: string[], policy?: DestinationPolicyModel): CompiledDestinationRule {
  return {
    namespace: e.namespace,
    workspace: e.workspace,
    clusters: e.clusters,
    sources: [...new Set([...e.sources, ...sources])].sort(cmp),
    service: e.name,
    host: e.hosts[0],
    subsets,
    exportTo: e.exportTo,
    ...(policy ? { policy } : {}),
  };
}

/** The multi-cluster entries and the DestinationRules that let callers reach subsets of other clusters' Services. */
export function applyRemoteSubsets(
  m: CompiledMulticluster, uses: readonly RemoteSubset[], policyOf: (service: KnownServiceModel) => DestinationPolicyModel | undefined,
): { multicluster: CompiledMulticluster; destinationRules: CompiledDestinationRule[] } {
  if (uses.length === 0) return { multicluster: m, destinationRules: [] };
  const rules: CompiledDestinationRule[] = [];
  const serviceEntries = m.serviceEntries.map(e => {
    const host = e.hosts[0];
    const cluster = e.clusters[0];
    if (e.role === 'federated') {
      const here = uses.filter(u => u.federatedHost === host && u.importer === cluster);
      if (here.length === 0) return e;
      const entry = importerEntry(e, subsetsOf(here));
      rules.push(rule(entry, subsetsOf(here), here.map(u => u.by), policyOf(here[0].service)));
      return entry;
    }
    if (e.role !== 'federation-export') return e;
    const home = uses.filter(u => u.federatedHost === host && u.home === cluster);
    if (home.length === 0) return e;
    const entry = homeEntry(e, home[0].service);
    rules.push(rule(entry, subsetsOf(home), home.map(u => u.by)));
    return entry;
  });
  return { multicluster: { ...m, serviceEntries }, destinationRules: rules };
}
