/**
 * Under a global access policy every workload of a member cluster is denied (a root-namespace `spec: {}`, which
 * istiod builds into an RBAC filter that matches nothing: pilot/pkg/security/authz/builder/builder.go `build`),
 * gateways included. What stays admitted: each gateway's own proxies, and each Service a gateway routes to — directly,
 * or through a virtual destination — for that gateway's identity in the clusters it runs in, on that Service's pods only.
 */
import { KnownServiceModel, MeshModel, VirtualMeshModel } from '../../model';
import { cmp } from '../algebra/order';
import { CompiledAdmission, CompiledGateway } from '../compiled';
import { Topology } from './topology';
import { ResolvedVirtualDestination } from './virtual-destinations';
import { membersOf } from './virtual-meshes';

/** One admission being collected: a Service's pods in one cluster. */
interface Admitted {
  readonly cluster: string;
  readonly namespace: string;
  readonly service: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly principals: Set<string>;
  readonly sources: Set<string>;
}

/** A gateway's principals in cluster `c`: its service account, or every account of its workload namespace. */
function identity(g: CompiledGateway, c: string, topology: Topology): string {
  const td = topology.cluster(c)!.trustDomain;
  return `${td}/ns/${g.model.proxy.namespace}/sa/${g.model.workloadServiceAccount ?? '*'}`;
}

/** Collects, per (cluster, Service), the gateway identities that call it. */
class Collector {
  readonly admitted = new Map<string, Admitted>();

  constructor(private readonly members: readonly string[]) {}

  add(cluster: string, s: { namespace: string; name: string; selector?: Readonly<Record<string, string>> }, principal: string, source: string): void {
    if (!this.members.includes(cluster)) return;
    const key = `${cluster}|${s.namespace}|${s.name}`;
    const a = this.admitted.get(key)
      ?? { cluster, namespace: s.namespace, service: s.name, selector: s.selector, principals: new Set<string>(), sources: new Set<string>() };
    this.admitted.set(key, a);
    a.principals.add(principal);
    a.sources.add(source);
  }
}

interface AdmissionInput {
  readonly model: MeshModel;
  readonly topology: Topology;
  readonly gateways: readonly CompiledGateway[];
  readonly virtual: readonly ResolvedVirtualDestination[];
}

/** The Services of `vm`'s members that gateways call, each with the calling gateways' identities. */
function calledServices(vm: VirtualMeshModel, input: AdmissionInput): Admitted[] {
  const collect = new Collector(membersOf(vm, input.topology));
  const known = (cluster: string, namespace: string, name: string): KnownServiceModel | undefined => input.model.services
    .find(s => s.namespace === namespace && s.name === name && input.topology.clustersOf(s).includes(cluster));
  for (const g of input.gateways) {
    for (const r of g.hosts.flatMap(h => h.routes)) {
      if (r.action.type !== 'forward') continue;
      for (const s of r.action.destinations.flatMap(d => (d.service && !d.service.external ? [d.service] : []))) {
        for (const c of g.clusters) {
          if (!s.virtual) {
            const svc = known(c, s.namespace, s.name);
            collect.add(c, { namespace: s.namespace, name: s.name, selector: svc?.selector }, identity(g, c, input.topology), g.model.path);
            continue;
          }
          const vd = input.virtual.find(v => v.model.path === s.virtual!.path);
          for (const [backend, services] of vd?.backends ?? []) {
            if (!input.topology.connected(c, backend)) continue;
            for (const b of services) collect.add(backend, b, identity(g, c, input.topology), g.model.path);
          }
        }
      }
    }
  }
  return [...collect.admitted.values()];
}

/** What stays admitted in each member cluster of a virtual mesh with a global access policy. */
export function admissions(input: AdmissionInput): CompiledAdmission[] {
  const out: CompiledAdmission[] = [];
  const all = { sourceNamespaces: [], sourcePrincipals: [] };
  for (const vm of input.model.virtualMeshes.filter(v => v.globalAccessPolicy)) {
    for (const cluster of membersOf(vm, input.topology)) {
      for (const g of input.gateways.filter(x => x.clusters.includes(cluster))) {
        const place = { namespace: g.model.proxy.namespace, workspace: g.workspace.name, clusters: [cluster], sources: [g.model.path, vm.path] };
        out.push({ ...place, name: `admit-${g.model.name}`, selector: g.model.proxy.labels, ...all });
      }
    }
    for (const a of calledServices(vm, input)) {
      out.push({
        namespace: a.namespace,
        workspace: '',
        clusters: [a.cluster],
        sources: [...a.sources].sort(cmp),
        name: `admit-gateways-${a.service}`,
        selector: a.selector,
        sourceNamespaces: [],
        sourcePrincipals: [...a.principals].sort(cmp),
      });
    }
  }
  return out;
}
