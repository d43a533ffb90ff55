import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster } from './cluster';
import { ModelBuilder, referenceKeyFrom, touchMesh } from './mesh-scope';
import { RootOfTrustModel, VirtualMeshModel } from '../model';

/** Mesh-wide mutual TLS mode (`PeerAuthentication` in each cluster's root namespace). */
export enum MutualTlsMode {
  /** Only mutual TLS is accepted. */
  STRICT = 'STRICT',
  /** Mutual TLS and plain text are accepted (for migrations). */
  PERMISSIVE = 'PERMISSIVE',
}

/** Kind of the cert-manager issuer signing the clusters' intermediate CAs. */
export enum IssuerKind {
  /** A namespaced `Issuer`, in each cluster's root namespace. */
  ISSUER = 'Issuer',
  /** A cluster-wide `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** Private-key algorithm of the intermediate CAs. */
export enum KeyAlgorithm {
  /** ECDSA (P-256 by default). */
  ECDSA = 'ECDSA',
  /** RSA (2048 bits by default). */
  RSA = 'RSA',
}

/** Options of a cert-manager root of trust. */
export interface CertManagerRootOptions {
  /**
   * Secret holding your root CA (`tls.crt`, `tls.key`), which you create in istiod's namespace of each cluster. When set,
   * the mesh emits a CA `Issuer` over it there (with a `ClusterIssuer`, which is yours to manage, it is an error:
   * MESH713); when not, `issuerName` must name an issuer you manage. @default - an issuer you manage
   */
  readonly rootCaSecretName?: string;
  /** Name of the issuer. @default 'mesh-root-ca' */
  readonly issuerName?: string;
  /** Kind of the issuer. @default IssuerKind.ISSUER */
  readonly issuerKind?: IssuerKind;
  /** Lifetime of each intermediate CA. @default Duration.days(365) */
  readonly duration?: Duration;
  /** Renewal before expiry. @default Duration.days(30) */
  readonly renewBefore?: Duration;
  /** Private-key algorithm. @default KeyAlgorithm.ECDSA */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** Key size in bits: 256, 384 or 521 for ECDSA, 2048 to 8192 for RSA. @default - 256 for ECDSA, 2048 for RSA */
  readonly keySize?: number;
}

/** Where the clusters' workload certificates chain to. */
export class RootOfTrust {
  /**
   * One root CA for every cluster. Each cluster's istiod gets an intermediate CA from a cert-manager `Certificate`
   * written to the `cacerts` secret istiod reads (keys `tls.crt`, `tls.key`, `ca.crt`). No key is ever in a manifest.
   * @param options the root CA secret or issuer, and the intermediate CAs' lifetime, renewal and key
   */
  public static certManager(options: CertManagerRootOptions = {}): RootOfTrust {
    const algorithm = options.keyAlgorithm ?? KeyAlgorithm.ECDSA;
    return new RootOfTrust({
      issuerKind: options.issuerKind ?? IssuerKind.ISSUER,
      issuerName: options.issuerName ?? 'mesh-root-ca',
      rootSecretName: options.rootCaSecretName,
      durationHours: (options.duration ?? Duration.days(365)).toHours({ integral: false }),
      renewBeforeHours: (options.renewBefore ?? Duration.days(30)).toHours({ integral: false }),
      keyAlgorithm: algorithm,
      keySize: options.keySize ?? (algorithm === KeyAlgorithm.ECDSA ? 256 : 2048),
    });
  }

  private constructor(private readonly model: RootOfTrustModel) {}

  /** @internal */
  public _toModel(): RootOfTrustModel {
    return this.model;
  }
}

/** Federation of the services workspaces export across clusters. */
export interface FederationOptions {
  /** Suffix of federated hosts: `<service>.<namespace>.svc.<cluster>.<suffix>`. @default 'global' */
  readonly hostSuffix?: string;
}

/** Properties of a {@link VirtualMesh}. */
export interface VirtualMeshProps {
  /** Name of the virtual mesh (prefix of its objects). @default - the construct id */
  readonly name?: string;
  /** Member clusters (each needs a network and an east–west gateway). */
  readonly clusters: Cluster[];
  /** Istio's root namespace in every member cluster. @default 'istio-system' */
  readonly rootNamespace?: string;
  /** Namespace of istiod in every member cluster: it reads its intermediate CA (`cacerts`) there. @default 'istio-system' */
  readonly istiodNamespace?: string;
  /** Mesh-wide mutual TLS. @default MutualTlsMode.STRICT */
  readonly mtls?: MutualTlsMode;
  /** Federate exported services to the other clusters (`{}` for the defaults). @default - no federation */
  readonly federation?: FederationOptions;
  /** Deny every call unless an `AccessPolicy` (or a gateway's route) admits it. @default false */
  readonly globalAccessPolicy?: boolean;
  /** A shared root of trust for the member clusters. @default - each cluster's own CA */
  readonly rootOfTrust?: RootOfTrust;
}

/**
 * Clusters federated into one mesh: per member cluster an east–west `Gateway` (mTLS passthrough on 15443),
 * `PeerAuthentication` in the root namespace, a `ServiceEntry` per service another cluster's workspace may use
 * (federation: export and import decide), a deny-all `AuthorizationPolicy` opened only by access policies
 * (`globalAccessPolicy`), and an intermediate CA from cert-manager under a shared root (`rootOfTrust`).
 */
export class VirtualMesh extends Construct {
  /** The virtual mesh name. */
  public readonly virtualMeshName: string;
  private readonly props: VirtualMeshProps;

  /**
   * @param scope the mesh
   * @param id the construct id, also the virtual mesh name unless `name` is set
   * @param props its member clusters, federation, access policy and root of trust
   */
  constructor(scope: Construct, id: string, props: VirtualMeshProps) {
    super(scope, id);
    touchMesh(this);
    this.props = props;
    this.virtualMeshName = props.name ?? id;
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.virtualMeshes.push(this.toModel());
  }

  private toModel(): VirtualMeshModel {
    const p = this.props;
    const key = referenceKeyFrom(this);
    return {
      path: this.node.path,
      name: this.virtualMeshName,
      clusters: p.clusters.map(c => key(c, c.clusterName)),
      rootNamespace: p.rootNamespace ?? 'istio-system',
      istiodNamespace: p.istiodNamespace ?? 'istio-system',
      mtls: p.mtls ?? MutualTlsMode.STRICT,
      federation: p.federation && { hostSuffix: p.federation.hostSuffix ?? 'global' },
      globalAccessPolicy: p.globalAccessPolicy ?? false,
      rootOfTrust: p.rootOfTrust?._toModel(),
    };
  }
}
