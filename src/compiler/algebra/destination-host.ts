/** The host a forwarding destination is addressed by. */
import { ServiceRefModel } from '../../model';

/** The host requests to `s` are sent to: an external service's or virtual destination's host, else the Service's cluster-local name. */
export function destinationHost(s: ServiceRefModel, clusterDomain: string): string {
  return s.external?.host ?? s.virtual?.host ?? `${s.name}.${s.namespace}.svc.${clusterDomain}`;
}
