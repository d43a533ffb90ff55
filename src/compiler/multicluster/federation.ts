/**
 * Federation: every Service a workspace may use in another member cluster of a virtual mesh gets there a
 * `ServiceEntry` `<service>.<namespace>.svc.<cluster>.<suffix>` (MESH_INTERNAL) whose endpoint is the Service's
 * cluster's east–west gateway; in the Service's own cluster a ServiceEntry of the same host, seen only by the east–west
 * gateway, sends what arrives for it to the local Service. Export and import decide: a cluster gets the entry only for
 * its workspaces that may use the Service, and only they see it (least privilege across clusters too).
 */
import { federatedHost, isIpAddress, istioProtocol, Topology } from './topology';
import { KnownServiceModel, MeshModel, VirtualMeshModel } from '../../model';
import { serviceFqdn } from '../algebra/destination-host';
import { cmp } from '../algebra/order';
import { CompiledEndpoint, CompiledServiceEntry, CompiledServicePort } from '../compiled';
import { Diagnostics, Rules } from '../diagnostics/catalogue';
import { Isolation } from '../isolation';
import { Tenancy } from '../tenancy';
import { membersOf } from './virtual-meshes';

/**
 * The ServiceEntry ports of a Service: its TCP ports, each number once (unnamed ports get `<protocol>-<port>`). UDP
 * and SCTP cannot cross an east–west gateway (AUTO_PASSTHROUGH serves TCP only:
 * pilot/pkg/networking/core/gateway.go `builtAutoPassthroughFilterChains`).
 */
function entryPorts(s: KnownServiceModel): CompiledServicePort[] {
  const tcp = s.ports.filter(p => p.protocol === 'TCP').filter((p, i, all) => all.findIndex(x => x.port === p.port) === i);
  return tcp.map(p => ({ number: p.port, name: p.name ?? `${(istioProtocol(p) ?? 'tcp').toLowerCase()}-${p.port}`, protocol: istioProtocol(p) }));
}

/** The endpoint of a remote cluster: its east–west gateway, every port mapped to the gateway's passthrough port. */
export function remoteEndpoint(topology: Topology, cluster: string, portNames: readonly string[]): CompiledEndpoint | undefined {
  const c = topology.cluster(cluster);
  if (!c?.eastWestGateway) return undefined;
  const ports = Object.fromEntries(portNames.map(n => [n, c.eastWestGateway!.port]));
  return { address: c.eastWestGateway.address, ports, cluster, locality: topology.locality(cluster), local: false, network: c.network };
}

interface FederationInput {
  readonly model: MeshModel;
  readonly topology: Topology;
  readonly tenancy: Tenancy;
  readonly isolation: Isolation;
  /** Hosts already used (virtual destinations, external services) → who uses them. */
  readonly usedHosts: ReadonlyMap<string, string>;
}

/** The federated ServiceEntries of every virtual mesh with federation. */
export function federatedEntries(input: FederationInput, d: Diagnostics): CompiledServiceEntry[] {
  const out: CompiledServiceEntry[] = [];
  for (const vm of input.model.virtualMeshes.filter(v => v.federation)) {
    const members = membersOf(vm, input.topology);
    for (const s of input.model.services) {
      const owner = input.tenancy.ownerOf(s.namespace);
      if (!owner) continue;
      const users = input.tenancy.users(owner, 'SERVICE', s.labels);
      for (const home of input.topology.clustersOf(s).filter(c => members.includes(c))) {
        const importers = members.filter(x => x !== home).map(x => ({
          cluster: x, namespaces: users.filter(u => input.isolation.clustersOf(u).includes(x)).flatMap(u => u.namespaces),
        })).filter(x => x.namespaces.length > 0);
        if (importers.length === 0) continue;
        const host = federatedHost(s, home, vm);
        const other = input.usedHosts.get(host);
        if (other) {
          d.report(Rules.FederatedHostCollision, vm, { host, service: `${s.namespace}/${s.name}`, cluster: home, other });
          continue;
        }
        out.push(...entriesFor(input, vm, s, home, importers));
      }
    }
  }
  return out;
}

function entriesFor(
  input: FederationInput, vm: VirtualMeshModel, s: KnownServiceModel, home: string,
  importers: ReadonlyArray<{ cluster: string; namespaces: string[] }>,
): CompiledServiceEntry[] {
  const ports = entryPorts(s);
  if (ports.length === 0) return [];
  const host = federatedHost(s, home, vm);
  // Named after its host (a DNS subdomain, like object names): unique in its namespace, unlike `<svc>-<ns>-<cluster>`.
  const name = host;
  const workspace = input.tenancy.ownerOf(s.namespace)!.name;
  const placement = (cluster: string, namespace: string) => ({ namespace, workspace, clusters: [cluster], sources: [vm.path, s.path] });
  const remote = remoteEndpoint(input.topology, home, ports.map(p => p.name));
  const imported = remote ? importers.map(x => ({
    ...placement(x.cluster, vm.rootNamespace),
    name,
    role: 'federated' as const,
    hosts: [host],
    addresses: [],
    ports,
    resolution: isIpAddress(remote.address) ? 'STATIC' as const : 'DNS' as const,
    endpoints: [remote],
    exportTo: [...new Set(x.namespaces)].sort(cmp),
  })) : [];
  const ew = input.topology.cluster(home)?.eastWestGateway;
  if (!ew || imported.length === 0) return imported;
  const local: CompiledEndpoint = {
    address: serviceFqdn(s, input.topology.clusterDomain),
    ports: {},
    cluster: home,
    locality: input.topology.locality(home),
    local: true,
  };
  const exported: CompiledServiceEntry = {
    ...placement(home, ew.namespace),
    name,
    role: 'federation-export',
    hosts: [host],
    addresses: [],
    ports,
    resolution: 'DNS',
    endpoints: [local],
    exportTo: ['.'],
  };
  return [...imported, exported];
}
