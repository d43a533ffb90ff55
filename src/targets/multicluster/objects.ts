/** The kinds the multi-cluster target emits. */
import { Gvk } from '../emitted';

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
