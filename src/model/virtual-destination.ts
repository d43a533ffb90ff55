/** Virtual destinations: mesh-wide hostnames backed by services in several clusters. */
import { SourceRef } from './source-ref';

/** A port of a virtual destination. */
export interface VirtualPortModel {
  readonly number: number;
  readonly name: string;
  /** Istio protocol: `HTTP`, `HTTP2`, `GRPC` or `TCP`. */
  readonly protocol: string;
  /** The port of the backing services it maps to. */
  readonly targetPort: number;
}

/** Which services back a virtual destination. */
export interface BackingSelectorModel {
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace?: string;
  /** Only in this cluster (name as written). */
  readonly cluster?: string;
}

/** Outlier detection: when an endpoint is ejected. */
export interface OutlierDetectionModel {
  readonly consecutiveErrors: number;
  readonly intervalMs: number;
  readonly baseEjectionTimeMs: number;
  readonly maxEjectionPercent: number;
}

/** A locality failover pair: requests from `from` go to `to` when `from` has no healthy endpoint. */
export interface FailoverModel {
  readonly from: string;
  readonly to: string;
}

/** A virtual destination as declared. */
export interface VirtualDestinationModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  /** Namespace of its objects; it decides the owning workspace. */
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly ports: readonly VirtualPortModel[];
  readonly selectors: readonly BackingSelectorModel[];
  /** Labels, for label-scoped workspace exports. */
  readonly labels: Readonly<Record<string, string>>;
  /** Virtual IPs; empty: callers need Istio's DNS proxying with address allocation. */
  readonly addresses: readonly string[];
  readonly outlierDetection?: OutlierDetectionModel;
  /** Locality-aware load balancing with failover; undefined: Istio's default. */
  readonly localityFailover?: { readonly failover: readonly FailoverModel[] };
}
