/** Virtual meshes: clusters federated into one mesh. */
import { SourceRef } from './source-ref';

/** The cert-manager issuer signing each cluster's intermediate CA. */
export interface RootOfTrustModel {
  /** `Issuer` (in each cluster's root namespace) or `ClusterIssuer`. */
  readonly issuerKind: 'Issuer' | 'ClusterIssuer';
  readonly issuerName: string;
  /**
   * Secret holding the root CA (`tls.crt`, `tls.key`) the user provides in each cluster; when set, the mesh emits the
   * CA issuer over it. Undefined: the issuer exists already.
   */
  readonly rootSecretName?: string;
  /** Lifetime and renewal of the intermediate CAs. */
  readonly durationHours: number;
  readonly renewBeforeHours: number;
  readonly keyAlgorithm: 'ECDSA' | 'RSA';
  readonly keySize: number;
}

/** A virtual mesh as declared. */
export interface VirtualMeshModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  /** Member cluster names, as written. */
  readonly clusters: readonly string[];
  /** Istio's root namespace in every member cluster. */
  readonly rootNamespace: string;
  /** Namespace of istiod, where it reads its plug-in CA (`cacerts`). */
  readonly istiodNamespace: string;
  /** Mesh-wide mutual TLS mode; undefined: the mesh emits no PeerAuthentication. */
  readonly mtls?: 'STRICT' | 'PERMISSIVE';
  /** Federation of exported services; undefined: none. */
  readonly federation?: { readonly hostSuffix: string };
  /** A deny-all AuthorizationPolicy per cluster, opened only by access policies (and for gateways). */
  readonly globalAccessPolicy: boolean;
  readonly rootOfTrust?: RootOfTrustModel;
}
