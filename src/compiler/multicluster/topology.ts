/**
 * The clusters of a mesh as the multi-cluster passes see them: which virtual mesh each belongs to, where each known
 * Service runs, and how the clusters' localities are written.
 */
import { ClusterModel, KnownServiceModel, LocalityModel, MeshModel, VirtualMeshModel } from '../../model';
import { cmp } from '../algebra/order';

/** Istio's locality string `region/zone/subzone` (trailing parts left out). */
export function localityText(l: LocalityModel | undefined): string | undefined {
  if (!l) return undefined;
  return [l.region, l.zone, l.subzone].filter((x): x is string => x !== undefined && x !== '').join('/');
}

/** Whether `address` is an IPv4 or IPv6 literal. */
export function isIpAddress(address: string): boolean {
  return /^(\d{1,3}\.){3}\d{1,3}$/.test(address) || (address.includes(':') && /^[0-9a-fA-F:.]+$/.test(address));
}

/**
 * The Istio protocol a Service port declares: its `appProtocol`, else the prefix of its name before `-`
 * (Istio's protocol selection, pilot/pkg/serviceregistry/kube/conversion.go `kube.ConvertProtocol`); undefined: sniffed.
 */
export function istioProtocol(p: { name?: string; appProtocol?: string; protocol: string }): string | undefined {
  if (p.protocol === 'UDP' || p.protocol === 'SCTP') return undefined;
  const known: Record<string, string> = {
    'http': 'HTTP',
    'http2': 'HTTP2',
    'grpc': 'GRPC',
    'grpc-web': 'GRPC-Web',
    'https': 'HTTPS',
    'tls': 'TLS',
    'tcp': 'TCP',
    'mongo': 'Mongo',
    'redis': 'Redis',
    'mysql': 'MySQL',
    'kubernetes.io/h2c': 'HTTP2',
    'kubernetes.io/ws': 'HTTP',
    'kubernetes.io/wss': 'HTTPS',
  };
  const fromApp = p.appProtocol && known[p.appProtocol.toLowerCase()];
  if (fromApp) return fromApp;
  const prefix = (p.name ?? '').toLowerCase().split('-')[0];
  return prefix === '' ? undefined : known[prefix];
}

/** The federated host of a Service of `cluster` in a virtual mesh with federation: `<svc>.<ns>.svc.<cluster>.<suffix>`. */
export function federatedHost(s: { name: string; namespace: string }, cluster: string, vm: VirtualMeshModel): string {
  return `${s.name}.${s.namespace}.svc.${cluster}.${vm.federation!.hostSuffix}`;
}

/** Clusters, their virtual meshes, and where Services run. */
export class Topology {
  /** Cluster names, sorted. */
  public readonly names: readonly string[];
  private readonly clusters: ReadonlyMap<string, ClusterModel>;
  private readonly meshOf = new Map<string, VirtualMeshModel>();

  constructor(private readonly model: MeshModel) {
    this.clusters = new Map(model.clusters.map(c => [c.name, c]));
    this.names = [...this.clusters.keys()].sort(cmp);
    for (const vm of model.virtualMeshes) {
      for (const c of vm.clusters) if (!this.meshOf.has(c)) this.meshOf.set(c, vm);
    }
  }

  /** The cluster named `name`, if declared. */
  public cluster(name: string): ClusterModel | undefined {
    return this.clusters.get(name);
  }

  /** The virtual mesh holding cluster `name` (the first declared, when several claim it). */
  public virtualMesh(name: string): VirtualMeshModel | undefined {
    return this.meshOf.get(name);
  }

  /** Whether clusters `a` and `b` can reach each other's services: the same cluster, or members of one virtual mesh. */
  public connected(a: string, b: string): boolean {
    return a === b || (this.meshOf.get(a) !== undefined && this.meshOf.get(a) === this.meshOf.get(b));
  }

  /** The clusters a Service runs in, sorted (every cluster for an app Service in no cluster's chart). */
  public clustersOf(s: KnownServiceModel): readonly string[] {
    return s.clusters ? s.clusters.filter(c => this.clusters.has(c)) : this.names;
  }

  /** The locality string of cluster `name`. */
  public locality(name: string): string | undefined {
    return localityText(this.clusters.get(name)?.locality);
  }

  /** The mesh's cluster DNS domain. */
  public get clusterDomain(): string {
    return this.model.clusterDomain;
  }
}
