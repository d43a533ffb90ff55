/**
 * The hosts workloads call that the mesh knows: each Kubernetes Service's cluster-local name, each virtual
 * destination's hosts and each external service's host, with what serves them.
 */
import { ExternalServiceModel, KnownServiceModel, MeshModel, ServiceRefModel, VirtualDestinationModel } from '../../model';
import { destinationHost, serviceFqdn } from '../algebra/destination-host';

/** A host workloads call, and the declaration that serves it. */
export interface MeshHost {
  readonly host: string;
  /** Name and namespace of the Service, virtual destination or external service. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly kind: 'SERVICE' | 'VIRTUAL_DESTINATION' | 'EXTERNAL_SERVICE';
  /** Its declaration: construct path (and source). */
  readonly declaration: { readonly path: string };
  readonly service?: KnownServiceModel;
  readonly virtual?: VirtualDestinationModel;
  readonly external?: ExternalServiceModel;
}

/**
 * The Services of the app, one per host: a Service declared in several clusters (one model per cluster's chart or
 * inventory) runs in all of them, so its host is served wherever any declaration places it (undefined: everywhere).
 */
function servicesByHost(model: MeshModel): KnownServiceModel[] {
  const out = new Map<string, KnownServiceModel>();
  for (const s of model.services) {
    const host = serviceFqdn(s, model.clusterDomain);
    const first = out.get(host);
    const clusters = !first ? s.clusters : first.clusters && s.clusters && [...new Set([...first.clusters, ...s.clusters])].sort();
    out.set(host, { ...(first ?? s), clusters });
  }
  return [...out.values()];
}

/** Every host of the mesh's Services, virtual destinations and external services, by lower-case host. */
export function meshHosts(model: MeshModel): ReadonlyMap<string, MeshHost> {
  const out = new Map<string, MeshHost>();
  const put = (h: MeshHost) => {
    if (!out.has(h.host)) out.set(h.host, h);
  };
  for (const s of servicesByHost(model)) {
    put({
      host: serviceFqdn(s, model.clusterDomain),
      name: s.name,
      namespace: s.namespace,
      labels: s.labels,
      kind: 'SERVICE',
      declaration: s,
      service: s,
    });
  }
  for (const v of model.virtualDestinations) {
    for (const h of v.hosts) {
      put({ host: h.toLowerCase(), name: v.name, namespace: v.namespace, labels: v.labels, kind: 'VIRTUAL_DESTINATION', declaration: v, virtual: v });
    }
  }
  for (const e of model.externalServices) {
    put({
      host: e.host.toLowerCase(),
      name: e.name,
      namespace: e.namespace,
      labels: e.labels,
      kind: 'EXTERNAL_SERVICE',
      declaration: e,
      external: e,
    });
  }
  return out;
}

/** The mesh host a resolved destination addresses (its Service, virtual destination or external service), if known. */
export function hostOf(s: ServiceRefModel, hosts: ReadonlyMap<string, MeshHost>, clusterDomain: string): MeshHost | undefined {
  return hosts.get(destinationHost({ ...s, federated: undefined }, clusterDomain).toLowerCase());
}
