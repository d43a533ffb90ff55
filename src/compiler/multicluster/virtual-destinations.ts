/**
 * Virtual destinations: a hostname backed by label-selected Services of several clusters. In each cluster where a
 * workspace may use it: a ServiceEntry (MESH_INTERNAL, DNS) whose endpoints are the local backing Services, then one
 * per other cluster with backing Services — that cluster's east–west gateway, with its locality — and a
 * DestinationRule with outlier detection and locality failover. In each cluster with backing Services, a second entry
 * seen only by the east–west gateway holds the local endpoints alone, so what arrives from another cluster is served
 * there and never sent on.
 */
import { BackingSelectorModel, KnownServiceModel, MeshModel, VirtualDestinationModel } from '../../model';
import { cmp } from '../algebra/order';
import { CompiledEndpoint, CompiledGateway, CompiledServiceEntry, CompiledServicePort, CompiledVirtualDestinationRule } from '../compiled';
import { Diagnostics, Note, related, Rules, Subject } from '../diagnostics/catalogue';
import { Isolation } from '../isolation';
import { Tenancy } from '../tenancy';
import { remoteEndpoint } from './federation';
import { Topology } from './topology';
import { serviceFqdn } from '../algebra/destination-host';

/** A virtual destination with its backing Services per cluster. */
export interface ResolvedVirtualDestination {
  readonly model: VirtualDestinationModel;
  /** Name of the owning workspace. */
  readonly workspace: string;
  /** Cluster → backing Services there, sorted by namespace/name. */
  readonly backends: ReadonlyMap<string, readonly KnownServiceModel[]>;
  /** Clusters it is emitted to (those of the workspaces that may use it), sorted. */
  readonly clusters: readonly string[];
  /** Namespaces that may see it: its users' and the routing gateways', sorted. */
  readonly exportTo: readonly string[];
}

const labelText = (l: Readonly<Record<string, string>>) =>
  `{${Object.entries(l).sort((a, b) => cmp(a[0], b[0])).map(([k, v]) => `${k}=${v}`).join(', ')}}`;

function selects(sel: BackingSelectorModel, s: KnownServiceModel, topology: Topology): boolean {
  return (sel.namespace === undefined || s.namespace === sel.namespace)
    && (sel.cluster === undefined || topology.clustersOf(s).includes(sel.cluster))
    && Object.entries(sel.labels).every(([k, v]) => s.labels[k] === v);
}

/** The gateway namespaces whose routes forward to each virtual destination (by construct path). */
export function gatewaysRoutingToVirtual(gateways: readonly CompiledGateway[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const g of gateways) {
    for (const r of g.hosts.flatMap(h => h.routes)) {
      if (r.action.type !== 'forward') continue;
      for (const s of r.action.destinations) {
        if (s.service?.virtual) out.set(s.service.virtual.path, (out.get(s.service.virtual.path) ?? new Set()).add(g.model.proxy.namespace));
      }
    }
  }
  return out;
}

interface Input {
  readonly model: MeshModel;
  readonly topology: Topology;
  readonly tenancy: Tenancy;
  readonly isolation: Isolation;
  /** Virtual destination path → namespaces of the gateways routing to it. */
  readonly routedBy: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Resolves and checks every virtual destination; those that cannot be emitted are left out. */
export function resolveVirtualDestinations(input: Input, d: Diagnostics): ResolvedVirtualDestination[] {
  checkHosts(input.model, d);
  return [...input.model.virtualDestinations].sort((a, b) => cmp(a.path, b.path)).flatMap(vd => {
    const owner = input.tenancy.ownerOf(vd.namespace);
    if (!owner) {
      if (vd.namespace !== '') d.report(Rules.UnownedNamespace, vd, { subject: Subject.virtualDestination(ref(vd)), namespace: vd.namespace });
      return [];
    }
    const backends = backendsOf(vd, input, d);
    const users = input.tenancy.users(owner, 'VIRTUAL_DESTINATION', vd.labels);
    const clusters = [...new Set(users.flatMap(u => input.isolation.clustersOf(u)))].sort(cmp);
    checkReach(vd, clusters, backends, input.topology, d);
    if (vd.localityFailover && !vd.outlierDetection) d.report(Rules.FailoverWithoutOutlierDetection, vd, { destination: ref(vd) });
    const exportTo = [...new Set([...users.flatMap(u => u.namespaces), ...(input.routedBy.get(vd.path) ?? [])])].sort(cmp);
    return [{ model: vd, workspace: owner.name, backends, clusters, exportTo }];
  });
}

const ref = (vd: VirtualDestinationModel) => `${vd.namespace}/${vd.name}`;

/** Backing Services per cluster; reports selectors that select nothing and ports a backend does not expose. */
function backendsOf(vd: VirtualDestinationModel, input: Input, d: Diagnostics): Map<string, KnownServiceModel[]> {
  const selected = new Map<string, KnownServiceModel>();
  const inUse = input.routedBy.has(vd.path);
  for (const sel of vd.selectors) {
    if (sel.cluster !== undefined && !input.topology.cluster(sel.cluster)) {
      const target = Subject.cluster(sel.cluster);
      d.report(Rules.UnresolvedReference, vd, { subject: Subject.virtualDestination(ref(vd)), verb: 'selects', target });
      continue;
    }
    const matched = input.model.services.filter(s => selects(sel, s, input.topology));
    if (matched.length === 0) {
      const args = { destination: ref(vd), labels: labelText(sel.labels), namespace: sel.namespace, cluster: sel.cluster };
      d.report(inUse ? Rules.BackingSelectsNothing : Rules.UnusedSelectorSelectsNothing, vd, args);
    }
    for (const s of matched) selected.set(`${s.path}`, s);
  }
  const byCluster = new Map<string, KnownServiceModel[]>();
  for (const s of [...selected.values()].sort((a, b) => cmp(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`) || cmp(a.path, b.path))) {
    for (const p of vd.ports) {
      if (!s.ports.some(x => x.port === p.targetPort && x.protocol === 'TCP')) {
        const args = { destination: ref(vd), port: p.targetPort, service: `${s.namespace}/${s.name}`, exposed: s.ports.map(x => x.port) };
        d.report(Rules.BackingPortMissing, vd, args,
          s.inventory ? [] : [related(s, Note.protectedService)]);
      }
    }
    const sel = vd.selectors.filter(x => selects(x, s, input.topology));
    const clusters = input.topology.clustersOf(s).filter(c => sel.some(x => x.cluster === undefined || x.cluster === c));
    for (const c of clusters) byCluster.set(c, [...(byCluster.get(c) ?? []), s]);
  }
  return byCluster;
}

/** Every cluster using the destination must reach every cluster backing it. */
function checkReach(vd: VirtualDestinationModel, clusters: readonly string[], backends: ReadonlyMap<string, readonly KnownServiceModel[]>,
  topology: Topology, d: Diagnostics): void {
  for (const c of clusters) {
    for (const b of [...backends.keys()].sort(cmp)) {
      if (!topology.connected(c, b)) d.report(Rules.UnreachableBackend, vd, { destination: ref(vd), cluster: c, backend: b });
    }
  }
}

/** Two virtual destinations, or a virtual destination and an external service, claiming one host. */
function checkHosts(model: MeshModel, d: Diagnostics): void {
  const claims = new Map<string, { what: string; at: { path: string } }>();
  // A Kubernetes Service's own name: Istio would prefer the Service (pilot/pkg/model/push_context.go `initServiceRegistry`).
  for (const s of model.services) claims.set(serviceFqdn(s, model.clusterDomain), { what: Subject.service(`${s.namespace}/${s.name}`), at: s });
  for (const e of model.externalServices) claims.set(e.host.toLowerCase(), { what: Subject.externalService(`${e.namespace}/${e.name}`), at: e });
  for (const vd of [...model.virtualDestinations].sort((a, b) => cmp(a.path, b.path))) {
    for (const h of vd.hosts.map(x => x.toLowerCase())) {
      const first = claims.get(h);
      const other = [related(first?.at ?? vd, Note.otherVirtualDestination)];
      if (first) d.report(Rules.VirtualHostClaimedTwice, vd, { host: h, destination: ref(vd), other: first.what }, other);
      else claims.set(h, { what: Subject.virtualDestination(ref(vd)), at: vd });
    }
  }
}

function ports(vd: VirtualDestinationModel): CompiledServicePort[] {
  return vd.ports.map(p => ({ number: p.number, name: p.name, protocol: p.protocol }));
}

/** The endpoints a caller in `cluster` sees: local backing Services first, then each other backing cluster's gateway. */
export function endpointsFor(r: ResolvedVirtualDestination, cluster: string, topology: Topology): CompiledEndpoint[] {
  const local = (r.backends.get(cluster) ?? []).map(s => ({
    address: serviceFqdn(s, topology.clusterDomain),
    ports: Object.fromEntries(r.model.ports.map(p => [p.name, p.targetPort])),
    cluster,
    locality: topology.locality(cluster),
    local: true,
  }));
  const remote = [...r.backends.keys()].filter(c => c !== cluster && topology.connected(c, cluster)).sort(cmp)
    .flatMap(c => remoteEndpoint(topology, c, r.model.ports.map(p => p.name)) ?? []);
  return [...local, ...remote];
}

/** The ServiceEntries and DestinationRules of the virtual destinations, per cluster. */
export function virtualDestinationObjects(resolved: readonly ResolvedVirtualDestination[], topology: Topology): {
  serviceEntries: CompiledServiceEntry[]; destinationRules: CompiledVirtualDestinationRule[];
} {
  const serviceEntries: CompiledServiceEntry[] = [];
  const destinationRules: CompiledVirtualDestinationRule[] = [];
  for (const r of resolved) {
    const vd = r.model;
    const at = (cluster: string, namespace: string) => ({ namespace, workspace: r.workspace, clusters: [cluster], sources: [vd.path] });
    for (const cluster of r.clusters) {
      const place = { ...at(cluster, vd.namespace) };
      serviceEntries.push({
        ...place,
        name: vd.name,
        role: 'virtual-destination',
        hosts: vd.hosts,
        addresses: vd.addresses,
        ports: ports(vd),
        resolution: 'DNS',
        endpoints: endpointsFor(r, cluster, topology),
        exportTo: r.exportTo,
      });
      destinationRules.push({
        ...place, name: vd.name, destination: vd, exportTo: r.exportTo, outlierDetection: vd.outlierDetection, failover: vd.localityFailover,
      });
    }
    const remoteCallers = r.clusters.length > 1 || r.clusters.some(c => !r.backends.has(c));
    for (const cluster of [...r.backends.keys()].sort(cmp)) {
      const ew = topology.cluster(cluster)?.eastWestGateway;
      // Where the full entry is already seen in the east–west gateway's namespace (a gateway routing to it runs there),
      // a second entry for the host would leave the choice to creation order: the full one serves, and the gateway's
      // network view keeps it from sending remote endpoints on.
      const seen = r.clusters.includes(cluster) && (vd.namespace === ew?.namespace || r.exportTo.includes(ew?.namespace ?? ''));
      if (!ew || !remoteCallers || seen) continue;
      const local = endpointsFor(r, cluster, topology).filter(e => e.local);
      serviceEntries.push({
        ...at(cluster, ew.namespace),
        name: vd.hosts[0],
        role: 'east-west',
        hosts: vd.hosts,
        addresses: [],
        ports: ports(vd),
        resolution: 'DNS',
        endpoints: local,
        exportTo: ['.'],
      });
    }
  }
  return { serviceEntries, destinationRules };
}
