/** Output flavours: classic Istio APIs or Kubernetes Gateway API (which Istio implements natively). */
export enum MeshTarget {
  /** networking.istio.io `Gateway` and `VirtualService`. */
  ISTIO = 'istio',
  /** gateway.networking.k8s.io `Gateway`, `HTTPRoute` and `ReferenceGrant`. */
  GATEWAY_API = 'gateway-api',
}
