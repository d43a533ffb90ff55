/** The hosts requests are addressed to: a Kubernetes Service's cluster-local name, or a destination's host. */
import { ServiceRefModel } from '../../model';

/** The cluster-local DNS name of a Kubernetes Service: `<name>.<namespace>.svc.<clusterDomain>`. */
export function serviceFqdn(s: { name: string; namespace: string }, clusterDomain: string): string {
  return `${s.name}.${s.namespace}.svc.${clusterDomain}`;
}

/** The host requests to `s` are sent to: an external service's or virtual destination's host, else the Service's cluster-local name. */
export function destinationHost(s: ServiceRefModel, clusterDomain: string): string {
  return s.external?.host ?? s.virtual?.host ?? serviceFqdn(s, clusterDomain);
}
