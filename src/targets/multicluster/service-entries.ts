/** Mesh-internal ServiceEntries (federated services, virtual destinations) and the DestinationRules of virtual destinations. */
import { CompiledEndpoint, CompiledServiceEntry, CompiledVirtualDestinationRule } from '../../compiler/compiled';
import { destinationTrafficPolicy } from '../data-plane/destination-policy';
import { EmittedObject, perCluster } from '../emitted';
import { dnsName } from '../names';
import { GVK } from './objects';

/**
 * `exportTo` of exactly the namespaces that may use the object (`.` for its own namespace): a federated ServiceEntry
 * in the root namespace is not exported to the root namespace's gateways unless they route to it.
 */
function exactExport(namespace: string, namespaces: readonly string[]): string[] {
  const others = namespaces.filter(ns => ns !== namespace && ns !== '.');
  return [...(namespaces.includes(namespace) || namespaces.includes('.') ? ['.'] : []), ...others];
}

/** Label naming the cluster an endpoint's workloads run in. */
const CLUSTER_LABEL = 'mesh.cdk8s.io/cluster';

/**
 * An endpoint. It carries `security.istio.io/tlsMode: istio`, so sidecars speak Istio mutual TLS to it (auto mTLS reads
 * that label, pilot/pkg/serviceregistry/serviceentry/conversion.go `getTLSModeFromWorkloadEntry`). A remote endpoint —
 * the other cluster's east–west gateway — carries that cluster's `network`: istiod dials it as it is when it knows no
 * gateway of that network, or through the gateway it knows, mutual TLS either way (pilot/pkg/xds/endpoints/ep_filters.go
 * `EndpointsByNetworkFilter`), and an east–west gateway with `ISTIO_META_REQUESTED_NETWORK_VIEW` never sends it on
 * (pilot/pkg/model/proxy_view.go). A local endpoint carries no network, so it is always dialled directly. No
 * `serviceAccount`: istiod would check it in the caller's own trust domain.
 */
function endpoint(e: CompiledEndpoint): Record<string, unknown> {
  return {
    address: e.address,
    ...(Object.keys(e.ports).length > 0 ? { ports: { ...e.ports } } : {}),
    labels: { ...e.labels, 'security.istio.io/tlsMode': 'istio', [CLUSTER_LABEL]: e.cluster },
    ...(e.locality ? { locality: e.locality } : {}),
    ...(e.network && !e.local ? { network: e.network } : {}),
  };
}

/** A mesh-internal ServiceEntry. */
export function serviceEntryObjects(e: CompiledServiceEntry): EmittedObject[] {
  return perCluster(e, GVK.serviceEntry, e.name, {
    hosts: [...e.hosts],
    ...(e.addresses.length > 0 ? { addresses: [...e.addresses] } : {}),
    ports: e.ports.map(p => ({
      number: p.number, name: p.name, ...(p.protocol ? { protocol: p.protocol } : {}), ...(p.targetPort ? { targetPort: p.targetPort } : {}),
    })),
    location: 'MESH_INTERNAL',
    resolution: e.resolution,
    ...(e.workloadSelector ? { workloadSelector: { labels: { ...e.workloadSelector } } } : { endpoints: e.endpoints.map(endpoint) }),
    exportTo: exactExport(e.namespace, e.exportTo),
  });
}

/**
 * The DestinationRule of a virtual destination, named `<name>-vd` (a Service of the same name may have one too): outlier
 * detection, and locality-aware load balancing with failover —
 * which Istio applies only together with outlier detection (pilot/pkg/networking/core/loadbalancer `ApplyLocalityLoadBalancer`).
 */
export function virtualDestinationRuleObjects(r: CompiledVirtualDestinationRule): EmittedObject[] {
  const own = { ...(r.policy ?? {}), outlierDetection: r.outlierDetection ?? r.policy?.outlierDetection };
  const trafficPolicy = destinationTrafficPolicy(own, r.failover?.failover);
  return perCluster(r, GVK.destinationRule, dnsName([r.name, 'vd']), {
    host: r.destination.hosts[0],
    exportTo: exactExport(r.namespace, r.exportTo),
    ...(trafficPolicy ? { trafficPolicy } : {}),
  });
}
