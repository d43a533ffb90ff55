/** Output flavours: classic Istio APIs or Kubernetes Gateway API (which Istio implements natively). */
export enum MeshTarget {
  /** networking.istio.io `Gateway` and `VirtualService`. */
  ISTIO = 'istio',
  /** gateway.networking.k8s.io `Gateway`, `HTTPRoute` and `ReferenceGrant`. */
  GATEWAY_API = 'gateway-api',
}

/** How the Istio target emits delegation. */
export enum IstioDelegation {
  /** One VirtualService per gateway host with every delegated route flattened into it. */
  FLATTEN = 'flatten',
  /**
   * Istio-native delegation: delegating routes point at one delegate VirtualService per child route table, in the
   * child's namespace. Subtrees Istio's delegation cannot express exactly (deeper than one level, interleaved by
   * ROUTE_SPECIFICITY, conditions Istio's merge would change) are flattened, with warning MESH603.
   */
  NATIVE = 'native',
}
