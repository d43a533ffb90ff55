/**
 * The objects of one multi-cluster construct as finished manifests: `ApiObject`s built from plain specs, each
 * placed in its cluster.
 */
import { ApiObject } from 'cdk8s';
import { Placement } from '../../compiler/compiled';
import { EmittedObject, perCluster } from '../emitted';

/** An API group version and kind. */
export interface Gvk {
  readonly apiVersion: string;
  readonly kind: string;
}

/** The kinds this target emits. */
export const GVK = {
  gateway: { apiVersion: 'networking.istio.io/v1', kind: 'Gateway' },
  serviceEntry: { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry' },
  destinationRule: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule' },
  peerAuthentication: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' },
  authorizationPolicy: { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy' },
  issuer: { apiVersion: 'cert-manager.io/v1', kind: 'Issuer' },
  certificate: { apiVersion: 'cert-manager.io/v1', kind: 'Certificate' },
} satisfies Record<string, Gvk>;

/** The object of kind `gvk` named `name` with `spec`, in every cluster of `p`. */
export function manifest(p: Placement, gvk: Gvk, name: string, spec: Record<string, unknown>): EmittedObject[] {
  return perCluster(p, gvk, name, (scope, id, metadata) => new ApiObject(scope, id, { ...gvk, metadata, spec }));
}
