/**
 * What a workspace's sidecars must see of the multi-cluster objects: the federated services it may use (their
 * ServiceEntries live in the virtual mesh's root namespace) and the virtual destinations it may use. Without these
 * egress hosts its Sidecar would hide them, and the calls would fail.
 */
import { MeshModel, WorkspaceModel } from '../../model';
import { append } from '../algebra/collections';
import { Tenancy } from '../tenancy';
import { federatedHost, Topology } from './topology';

/** Workspace → its extra Sidecar egress hosts (`namespace/host`), unsorted. */
export function multiclusterEgress(model: MeshModel, tenancy: Tenancy): Map<WorkspaceModel, string[]> {
  const out = new Map<WorkspaceModel, string[]>();
  const federating = model.virtualMeshes.filter(v => v.federation);
  if (federating.length > 0) {
    const topology = new Topology(model);
    for (const s of model.services) {
      const owner = tenancy.ownerOf(s.namespace);
      if (!owner) continue;
      const users = tenancy.users(owner, 'SERVICE', s.labels);
      for (const vm of federating) {
        const homes = topology.clustersOf(s).filter(c => vm.clusters.includes(c));
        for (const home of homes) users.forEach(u => append(out, u, `${vm.rootNamespace}/${federatedHost(s, home, vm)}`));
      }
    }
  }
  for (const vd of model.virtualDestinations) {
    const owner = tenancy.ownerOf(vd.namespace);
    if (!owner) continue;
    const hosts = vd.hosts.map(h => `${vd.namespace}/${h.toLowerCase()}`);
    for (const u of tenancy.users(owner, 'VIRTUAL_DESTINATION', vd.labels)) append(out, u, ...hosts);
  }
  return out;
}
