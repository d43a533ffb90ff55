/**
 * Virtual meshes: their members must be complete and belong to one virtual mesh each, with trust domains that tell
 * them apart; each member gets its east–west gateway, mutual TLS, its intermediate CA and, with a global access policy,
 * a deny-all baseline that admits only gateways (and what access policies grant).
 */
import { ClusterModel, MeshModel, VirtualMeshModel } from '../../model';
import { cmp } from '../algebra/order';
import { CompiledEastWestGateway, CompiledIntermediateCa, CompiledMeshWide } from '../compiled';
import { Topology } from './topology';
import { Diagnostics, Note, related, Rules, Subject } from '../diagnostics/catalogue';

/** Checks one member cluster of `vm`: complete, and with a trust domain that tells its workloads apart. */
function checkMember(vm: VirtualMeshModel, c: ClusterModel, domains: Map<string, ClusterModel>, d: Diagnostics): void {
  const args = { cluster: c.name, mesh: vm.name };
  const member = [related(vm, Note.virtualMesh)];
  if (!c.network) d.report(Rules.IncompleteMember, c, { ...args, missing: 'network' }, member);
  if (!c.eastWestGateway) d.report(Rules.IncompleteMember, c, { ...args, missing: 'east-west gateway' }, member);
  if (c.trustDomain === 'cluster.local' && new Set(vm.clusters).size > 1) {
    d.report(Rules.TrustDomainClash, c, { ...args, trustDomain: c.trustDomain }, member);
  }
  const same = domains.get(c.trustDomain);
  if (same && same !== c) {
    d.report(Rules.TrustDomainClash, c, { ...args, other: same.name, trustDomain: c.trustDomain }, [related(same, Note.otherCluster)]);
  }
  if (!same) domains.set(c.trustDomain, c);
}

/** Checks clusters and virtual meshes: members declared and complete, one virtual mesh each, distinct trust domains. */
export function checkVirtualMeshes(model: MeshModel, topology: Topology, d: Diagnostics): void {
  for (const c of model.clusters) {
    for (const e of c.inventoryErrors ?? []) d.report(Rules.InvalidInventory, c, { cluster: c.name, file: e.file, problem: e.problem });
  }
  const claimed = new Map<string, VirtualMeshModel>();
  for (const vm of model.virtualMeshes) {
    const domains = new Map<string, ClusterModel>();
    for (const name of vm.clusters) {
      const c = topology.cluster(name);
      if (!c) {
        d.report(Rules.UnresolvedReference, vm, { subject: Subject.virtualMesh(vm.name), verb: 'names', target: Subject.cluster(name) });
        continue;
      }
      const other = claimed.get(name);
      if (other && other !== vm) {
        d.report(Rules.ClusterInSeveralMeshes, vm, { cluster: name, mesh: vm.name, other: other.name }, [related(other, Note.firstDeclaration)]);
      }
      claimed.set(name, other ?? vm);
      checkMember(vm, c, domains, d);
    }
  }
}

/** The declared member clusters of a virtual mesh, each once, sorted. */
export function membersOf(vm: VirtualMeshModel, topology: Topology): string[] {
  return [...new Set(vm.clusters.filter(c => topology.cluster(c) !== undefined && topology.virtualMesh(c) === vm))].sort(cmp);
}

/** A mesh-wide object of `vm` in cluster `cluster`, in its root namespace. */
function meshWide(vm: VirtualMeshModel, cluster: string, name: string): CompiledMeshWide {
  return { name, mesh: vm, namespace: vm.rootNamespace, workspace: '', clusters: [cluster], sources: [vm.path] };
}

/** Per member cluster: mutual TLS, the deny-all baseline and the intermediate CA. */
export function meshWideObjects(model: MeshModel, topology: Topology): {
  peerAuthentications: (CompiledMeshWide & { mode: string })[]; denyAll: CompiledMeshWide[]; intermediateCas: CompiledIntermediateCa[];
} {
  const peerAuthentications: (CompiledMeshWide & { mode: string })[] = [];
  const denyAll: CompiledMeshWide[] = [];
  const intermediateCas: CompiledIntermediateCa[] = [];
  for (const vm of [...model.virtualMeshes].sort((a, b) => cmp(a.path, b.path))) {
    for (const cluster of membersOf(vm, topology)) {
      // Istio reads the mesh-wide PeerAuthentication from the root namespace, without selector (conventionally `default`).
      if (vm.mtls) peerAuthentications.push({ ...meshWide(vm, cluster, 'default'), mode: vm.mtls });
      if (vm.globalAccessPolicy) denyAll.push(meshWide(vm, cluster, 'deny-all'));
      if (vm.rootOfTrust) {
        const trustDomain = topology.cluster(cluster)!.trustDomain;
        // istiod mounts `cacerts` from its own namespace (manifests/charts/istio-control/istio-discovery/templates/deployment.yaml).
        const place = { ...meshWide(vm, cluster, 'cacerts'), namespace: vm.istiodNamespace };
        intermediateCas.push({ ...place, cluster, trustDomain, rootOfTrust: vm.rootOfTrust });
      }
    }
  }
  return { peerAuthentications, denyAll, intermediateCas };
}

/** The east–west gateway of every member cluster that serves hosts to the others: TLS passthrough of exactly `hostsOf(cluster)`. */
export function eastWestGateways(model: MeshModel, topology: Topology, hostsOf: (cluster: string) => readonly string[]): CompiledEastWestGateway[] {
  return [...model.virtualMeshes].sort((a, b) => cmp(a.path, b.path)).flatMap(vm => membersOf(vm, topology).flatMap(cluster => {
    const ew = topology.cluster(cluster)!.eastWestGateway;
    const hosts = [...new Set(hostsOf(cluster))].sort(cmp);
    if (!ew || hosts.length === 0) return [];
    return [{
      name: `${vm.name}-eastwest`,
      port: ew.port,
      selector: ew.labels,
      hosts,
      namespace: ew.namespace,
      workspace: '',
      clusters: [cluster],
      sources: [topology.cluster(cluster)!.path, vm.path],
    }];
  }));
}
