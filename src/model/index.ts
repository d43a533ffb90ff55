/**
 * The plain-data model the constructs record and the compiler reads. Nothing here knows a construct or a target.
 */
import { SourceRef } from './source-ref';

export type { SourceRef } from './source-ref';

/** How a path condition compares the request path. */
export type PathKind = 'exact' | 'prefix' | 'segment' | 'regex';

/** A condition on the request path. `prefix` is a string prefix (Istio's meaning), `segment` a path-element prefix. */
export interface PathCondition {
  readonly kind: PathKind;
  readonly value: string;
}

/** How a header or query-parameter condition compares its value. */
export type ValueKind = 'exact' | 'prefix' | 'regex' | 'present';

/** A condition on one header or query parameter. */
export interface ValueCondition {
  readonly name: string;
  readonly kind: ValueKind;
  readonly value: string;
}

/** One match set: every condition must hold (AND). */
export interface MatchModel {
  readonly path?: PathCondition;
  readonly headers: readonly ValueCondition[];
  readonly query: readonly ValueCondition[];
  readonly method?: string;
}

/** A named subset of a service's endpoints, selected by pod labels. */
export interface SubsetModel {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A Kubernetes service a route forwards to, or an external service (then `external` is set). */
export interface ServiceRefModel {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  /** Labels of the service, when known (for label-scoped exports). */
  readonly labels: Readonly<Record<string, string>>;
  /** Only the endpoints of this subset. */
  readonly subset?: SubsetModel;
  /** Set for an external service: its construct path and host. */
  readonly external?: { readonly path: string; readonly host: string };
}

/** A weighted forwarding target. */
export interface WeightedDestinationModel {
  /** The service, when the destination resolved. */
  readonly service?: ServiceRefModel;
  /** Why the destination did not resolve. */
  readonly error?: string;
  readonly weight: number;
}

/** Retry policy of a forward action. */
export interface RetryModel {
  readonly attempts: number;
  readonly perTryTimeoutMs?: number;
  readonly retryOn: readonly string[];
}

/** Header changes: set (replace), add (append), remove. */
export interface HeaderChangesModel {
  readonly set: Readonly<Record<string, string>>;
  readonly add: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

/** A path rewrite: the matched prefix replaced, or the whole path replaced. */
export interface PathRewriteModel {
  readonly kind: 'prefix' | 'full';
  readonly value: string;
}

/** Forward to weighted destinations. */
export interface ForwardActionModel {
  readonly type: 'forward';
  readonly destinations: readonly WeightedDestinationModel[];
  readonly pathRewrite?: PathRewriteModel;
  readonly hostRewrite?: string;
  readonly timeoutMs?: number;
  readonly retries?: RetryModel;
  readonly requestHeaders?: HeaderChangesModel;
  readonly responseHeaders?: HeaderChangesModel;
}

/** Answer with an HTTP redirect. */
export interface RedirectActionModel {
  readonly type: 'redirect';
  readonly scheme?: string;
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly statusCode: number;
}

/** Answer directly with a status and an optional body. */
export interface DirectResponseActionModel {
  readonly type: 'direct';
  readonly status: number;
  readonly body?: string;
}

/** How the routes gathered from several delegated tables are ordered. */
export type SortMethod = 'TABLE_WEIGHT' | 'ROUTE_SPECIFICITY';

/** How a child's path relates to the delegating route's path. */
export type PathMode = 'RELATIVE' | 'ABSOLUTE';

/** Hand the matched requests over to other route tables. */
export interface DelegateActionModel {
  readonly type: 'delegate';
  /** Construct paths of route tables referenced directly, in the order given. */
  readonly tables: readonly string[];
  /** Select tables carrying all these labels (empty: no label selection). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Select tables of these workspaces (names). */
  readonly workspaces: readonly string[];
  readonly sortMethod: SortMethod;
  readonly pathMode: PathMode;
  /** Selecting no table is a warning rather than an error. */
  readonly allowEmpty?: boolean;
}

/** What a route does with the requests it matches. */
export type ActionModel = ForwardActionModel | RedirectActionModel | DirectResponseActionModel | DelegateActionModel;

/** One route of a route table. */
export interface RouteModel {
  readonly name: string;
  /** OR of match sets; empty = every request the table receives. */
  readonly matches: readonly MatchModel[];
  readonly action: ActionModel;
}

/** A route table as declared. */
export interface RouteTableModel {
  /** Construct path: the identity used by references and diagnostics. */
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  /** Workspace named by the construct scope, if the table was declared inside one. */
  readonly scopeWorkspace?: string;
  readonly hosts: readonly string[];
  /** Construct paths of the virtual gateways the table attaches to. */
  readonly gateways: readonly string[];
  readonly weight: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly routes: readonly RouteModel[];
  /** Shadowed routes inside this table are warnings instead of errors. */
  readonly tolerateShadowing: boolean;
}

/** Which workspaces a share rule names. */
export interface WorkspaceSelectorModel {
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Kinds of resources a workspace can share. */
export type ResourceKindModel = 'ROUTE_TABLE' | 'SERVICE' | 'EXTERNAL_SERVICE';

/** One export or import rule. */
export interface ShareRuleModel {
  readonly workspaces: readonly WorkspaceSelectorModel[];
  /** Empty = every kind. */
  readonly kinds: readonly ResourceKindModel[];
  /** Only resources carrying these labels (empty = all). */
  readonly resourceLabels: Readonly<Record<string, string>>;
}

/** What a workspace emits to isolate its namespaces in the data plane. */
export interface IsolationModel {
  /** Emit a Sidecar per namespace limiting egress to own and imported hosts. */
  readonly sidecar: boolean;
  /** Egress hosts added to the Sidecar (`namespace/host`). */
  readonly egressHosts: readonly string[];
  /** Calls to hosts outside the egress list fail (REGISTRY_ONLY). */
  readonly registryOnly: boolean;
  /** Emit an AuthorizationPolicy per namespace admitting only the workspace, its importers and routing gateways. */
  readonly serviceIsolation: boolean;
}

/** A workspace as declared. */
export interface WorkspaceModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespaces: readonly string[];
  /** Cluster names, or `*` for every cluster. */
  readonly clusters: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly exportTo: readonly ShareRuleModel[];
  readonly importFrom: readonly ShareRuleModel[];
  readonly isolation: IsolationModel;
}

/** One listener of a virtual gateway. */
export interface ListenerModel {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly hostname?: string;
  readonly tlsSecret?: string;
}

/** Which route tables a gateway admits. */
export interface AdmissionRuleModel {
  /** Hosts admitted (wildcards allowed); empty = any host. */
  readonly hosts: readonly string[];
  /** Workspaces admitted; empty = the gateway's own workspace only. */
  readonly workspaces: readonly WorkspaceSelectorModel[];
}

/** A virtual gateway as declared. */
export interface GatewayModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  readonly scopeWorkspace?: string;
  readonly workloadLabels: Readonly<Record<string, string>>;
  readonly workloadNamespace: string;
  /**
   * Namespace the gateway's proxies run in with the gateway's output flavour: the workload namespace (Istio), or the
   * gateway's own namespace, where Istio deploys the proxies of a Gateway API `Gateway`.
   */
  readonly proxyNamespace: string;
  /** Service account of the gateway workload, when known (admitted by principal instead of namespace). */
  readonly workloadServiceAccount?: string;
  readonly listeners: readonly ListenerModel[];
  readonly admission: readonly AdmissionRuleModel[];
}

/** A cluster as declared. */
export interface ClusterModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly trustDomain: string;
}

/** A Kubernetes Service found in the cdk8s app (its pods are selected by `selector`). */
export interface KnownServiceModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pod selector; undefined for services without one. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
}

/** Application protocols of an external service port. */
export type ExternalProtocol = 'HTTP' | 'HTTPS' | 'HTTP2' | 'GRPC' | 'TLS' | 'TCP';

/** A port of an external service. */
export interface ExternalPortModel {
  readonly number: number;
  readonly name: string;
  readonly protocol: ExternalProtocol;
}

/** An endpoint of an external service. */
export interface ExternalEndpointModel {
  readonly address: string;
  /** Port name → endpoint port. */
  readonly ports: Readonly<Record<string, number>>;
}

/** A host outside the mesh, as declared. */
export interface ExternalServiceModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  readonly scopeWorkspace?: string;
  readonly host: string;
  readonly ports: readonly ExternalPortModel[];
  readonly resolution: 'DNS' | 'STATIC' | 'NONE';
  readonly endpoints: readonly ExternalEndpointModel[];
  readonly labels: Readonly<Record<string, string>>;
  /** Policy on the calls workloads make to the host. */
  readonly retries?: RetryModel;
  readonly timeoutMs?: number;
}

/** Who an access policy admits. */
export interface AccessSourceModel {
  readonly kind: 'serviceAccount' | 'namespace' | 'workspace' | 'cluster';
  /** Service account, namespace, workspace or cluster name. */
  readonly name: string;
  /** Namespace of a service account. */
  readonly namespace?: string;
  /** Only identities of this cluster (service accounts and namespaces). */
  readonly cluster?: string;
}

/** Which services an access policy protects: one service, or the known services carrying labels. */
export interface AccessDestinationModel {
  readonly service?: KnownServiceModel;
  /** Construct path or `namespace/name` of a service that could not be resolved, with why. */
  readonly error?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly namespace?: string;
}

/** An access policy as declared. */
export interface AccessPolicyModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly sources: readonly AccessSourceModel[];
  readonly destinations: readonly AccessDestinationModel[];
  readonly methods: readonly string[];
  readonly paths: readonly string[];
}

/** Everything declared in one mesh. */
export interface MeshModel {
  readonly path: string;
  readonly clusters: readonly ClusterModel[];
  readonly workspaces: readonly WorkspaceModel[];
  readonly gateways: readonly GatewayModel[];
  readonly routeTables: readonly RouteTableModel[];
  /** Kubernetes Services of the cdk8s app. */
  readonly services: readonly KnownServiceModel[];
  readonly externalServices: readonly ExternalServiceModel[];
  readonly accessPolicies: readonly AccessPolicyModel[];
  readonly maxDelegationDepth: number;
  /** DNS domain of the clusters' services. */
  readonly clusterDomain: string;
}
