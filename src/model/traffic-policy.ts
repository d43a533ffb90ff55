/** Traffic policies and the workloads east–west routing applies to, as declared. */
import { HeaderChangesModel, RetryModel, ServiceRefModel, WeightedDestinationModel } from './actions';
import { MatchModel } from './match';
import { SourceRef } from './source-ref';
import { OutlierDetectionModel } from './virtual-destination';

/** The calling workloads a policy or an east–west table applies to; an undefined list means any. */
export interface SourceScopeModel {
  /** Namespaces of the callers (workspaces already expanded to their namespaces). */
  readonly namespaces?: readonly string[];
  /** Labels every calling workload carries. */
  readonly labels: Readonly<Record<string, string>>;
  /** Clusters of the callers. */
  readonly clusters?: readonly string[];
  /** Workspace names given (kept for messages and checks); their namespaces are in `namespaces`. */
  readonly workspaces: readonly string[];
}

/** Fault injection: delay and/or abort a share of the requests. */
export interface FaultModel {
  readonly delay?: { readonly fixedDelayMs: number; readonly percentage: number };
  readonly abort?: { readonly httpStatus: number; readonly percentage: number };
}

/** A copy of a share of the requests sent to another destination (responses ignored). */
export interface MirrorModel {
  readonly destination: WeightedDestinationModel;
  readonly percentage: number;
}

/** Cross-origin resource sharing answered by the proxy. */
export interface CorsModel {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeMs?: number;
  readonly allowCredentials?: boolean;
}

/** Connection pool limits towards a destination. */
export interface ConnectionPoolModel {
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
  readonly maxPendingRequests?: number;
  readonly maxRequests?: number;
  readonly maxRequestsPerConnection?: number;
  readonly maxRetries?: number;
  readonly idleTimeoutMs?: number;
}

/** How a destination's endpoints are chosen. */
export interface LoadBalancerModel {
  /** `ROUND_ROBIN`, `LEAST_REQUEST`, `RANDOM`, `PASSTHROUGH`, or `CONSISTENT_HASH`. */
  readonly kind: string;
  /** For CONSISTENT_HASH: what is hashed (`header`, `cookie`, `sourceIp`, `query`) and its name. */
  readonly hashOn?: { readonly kind: 'header' | 'cookie' | 'sourceIp' | 'query'; readonly name?: string; readonly ttlMs?: number };
  /** Locality failover pairs (region → region). */
  readonly failover?: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/** Client-side TLS towards a destination. */
export interface ClientTlsModel {
  /** `DISABLE`, `SIMPLE`, `MUTUAL` or `ISTIO_MUTUAL`. */
  readonly mode: string;
  /** Secret holding the client certificate (MUTUAL) or CA (SIMPLE), in the caller's namespace. */
  readonly credentialName?: string;
  readonly sni?: string;
}

/** The fields a policy sets on the routes of a host (request level). */
export interface RequestPolicyModel {
  /** Traffic shift: replaces the host's destination with these weighted ones. */
  readonly shift?: readonly WeightedDestinationModel[];
  readonly timeoutMs?: number;
  readonly retries?: RetryModel;
  readonly fault?: FaultModel;
  readonly mirror?: MirrorModel;
  readonly cors?: CorsModel;
  readonly requestHeaders?: HeaderChangesModel;
  readonly responseHeaders?: HeaderChangesModel;
}

/** The fields a policy sets on a destination (connection level, per destination only). */
export interface DestinationPolicyModel {
  readonly outlierDetection?: OutlierDetectionModel;
  readonly connectionPool?: ConnectionPoolModel;
  readonly tls?: ClientTlsModel;
  readonly loadBalancer?: LoadBalancerModel;
}

/** The destinations a traffic policy applies to: named ones, and Services selected by labels. */
export interface PolicyTargetModel {
  /** Destinations named by reference (resolved, or why not). */
  readonly destinations: ReadonlyArray<{ readonly service?: ServiceRefModel; readonly error?: string }>;
  /** Known Services carrying all these labels (in `namespaces`, or any namespace of the policy's workspace). */
  readonly selector?: { readonly labels: Readonly<Record<string, string>>; readonly namespaces?: readonly string[] };
}

/** A traffic policy as declared. */
export interface TrafficPolicyModel extends RequestPolicyModel, DestinationPolicyModel {
  readonly path: string;
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  readonly scopeWorkspace?: string;
  readonly targets: PolicyTargetModel;
  /** The callers it applies to; undefined: every caller its workspace may speak for. */
  readonly sources?: SourceScopeModel;
  /** Request matchers (OR); empty: every request. */
  readonly matches: readonly MatchModel[];
}
