/**
 * The configuration as istiod holds it after reading Istio and Gateway API objects: gateways with their servers, and
 * VirtualServices (Gateway API routes converted to them, delegates merged into their roots) whose routes carry the
 * library's match algebra. Every element remembers the object and field it was read from. Plain data.
 */
import { EffectiveMatch } from '../../compiler/algebra/match';
import { ValueCondition } from '../../model';
import { SourceObject } from '../input/documents';

/** A field of an object read from a file: where a finding about it points. */
export interface Origin {
  readonly object: SourceObject;
  readonly field: ReadonlyArray<string | number>;
}

/**
 * When an object was created, for istiod's ordering (`sortConfigByCreationTime`): its `creationTimestamp` when the
 * input has one (a cluster export), else unknown — then the order against another object is undecided.
 */
export interface Creation {
  /** Milliseconds since the epoch, when known. */
  readonly time?: number;
  readonly name: string;
  readonly namespace: string;
  /** Ties of equal times: name then namespace (Istio objects), or namespace then name (Gateway API routes). */
  readonly nameFirst: boolean;
}

/** One component of an order key: a known rank, or a creation whose order against another may be unknown. */
export type OrderPart = { readonly rank: number } | { readonly creation: Creation };

/** One `HTTPMatchRequest` (or Gateway API match) as the proxy applies it. */
export interface RouteMatch {
  /** Path, headers (pseudo-headers `:authority`, `:scheme` included), query parameters and method. */
  readonly match: EffectiveMatch;
  /** Headers that must not match (`withoutHeaders`). */
  readonly without: readonly ValueCondition[];
  /** Gateways (`namespace/name`, or `mesh`) the match is limited to; empty: those of its VirtualService. */
  readonly gateways: readonly string[];
  /** The server port the match is limited to. */
  readonly port?: number;
  /** Only requests from workloads of this namespace (never a gateway's own, unless it runs there). */
  readonly sourceNamespace?: string;
  /** Only requests from workloads carrying these labels. */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  readonly origin: Origin;
}

/** Where a route forwards: a host (an FQDN after short-name resolution), a port, a subset and a weight. */
export interface RouteDestination {
  readonly host: string;
  readonly port?: number;
  readonly subset?: string;
  readonly weight: number;
}

/** What a route does. */
export type RouteAction =
  | {
    readonly type: 'forward';
    readonly destinations: readonly RouteDestination[];
    /** Path rewrite: a new prefix for the matched one (`uri`), a full path, or an RE2 rewrite. */
    readonly rewrite?: { readonly uri?: string; readonly fullPath?: string; readonly regex?: string; readonly authority?: string };
  }
  | {
    readonly type: 'redirect';
    readonly scheme?: string;
    readonly host?: string;
    readonly port?: number;
    readonly path?: string;
    readonly prefixPath?: string;
    readonly status: number;
  }
  | { readonly type: 'direct'; readonly status: number; readonly body?: string }
  | { readonly type: 'delegate'; readonly name: string; readonly namespace: string };

/** One HTTP route of a VirtualService (after delegation: a child's route under its root's). */
export interface HttpRoute {
  /** `name`, or `http[<index>]` when unnamed. */
  readonly name: string;
  /** OR of match sets; empty: every request. */
  readonly matches: readonly RouteMatch[];
  readonly action: RouteAction;
  readonly origin: Origin;
  /** The delegating route of the root, for a route merged in from a delegate. */
  readonly via?: Origin;
  /** Its place inside its VirtualService, below the VirtualService's own place. */
  readonly order: readonly OrderPart[];
}

/** A VirtualService as istiod uses it (a Gateway API route: one per listener and hostname). */
export interface VirtualServiceCfg {
  /** `namespace/name`. */
  readonly key: string;
  /** The object (for Gateway API: the oldest HTTPRoute merged into it). */
  readonly object: SourceObject;
  readonly namespace: string;
  readonly hosts: readonly string[];
  /** `namespace/name` of each gateway, or `mesh`. */
  readonly gateways: readonly string[];
  /** `exportTo`; undefined: every namespace. */
  readonly exportTo?: readonly string[];
  readonly http: readonly HttpRoute[];
  readonly creation: Creation;
  /** Produced from Gateway API routes. */
  readonly gatewayApi: boolean;
}

/** One server of a gateway (a Gateway API listener becomes one server of its own internal gateway). */
export interface ServerCfg {
  /** Hosts, namespace-scoped as `ns/host` where the server restricts them (`*\/` and `./` resolved). */
  readonly hosts: readonly string[];
  readonly port: number;
  readonly protocol: string;
  /** Terminates TLS (HTTPS, not passthrough). */
  readonly tls: boolean;
  /** Plain-text requests are redirected to HTTPS. */
  readonly httpsRedirect: boolean;
  readonly origin: Origin;
}

/** A gateway: an Istio `Gateway`, or one listener of a Gateway API `Gateway` as istiod converts it. */
export interface GatewayCfg {
  /** `namespace/name` (Gateway API: `<gateway>~istio-autogenerated-k8s-gateway~<listener>`). */
  readonly key: string;
  /** `namespace/name` of the object, as users name it. */
  readonly display: string;
  readonly object: SourceObject;
  /** Proxy labels it selects; undefined: its own proxies (Gateway API). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly servers: readonly ServerCfg[];
  readonly creation: Creation;
  readonly gatewayApi: boolean;
}

/** Everything the commands read: gateways and VirtualServices. */
export interface MeshConfig {
  readonly gateways: readonly GatewayCfg[];
  readonly virtualServices: readonly VirtualServiceCfg[];
  /**
   * Where the proxies of each gateway (by key) may run: one namespace where the input or the options tell (a workload
   * carrying an Istio Gateway's selector labels; a Gateway API Gateway's own namespace), else the candidates
   * (the Gateway's namespace, then istio-system).
   */
  readonly proxyNamespaces: ReadonlyMap<string, readonly string[]>;
  /** Namespaces named anywhere in the input, sorted (Gateway API namespace selectors are evaluated against them). */
  readonly namespaces: readonly string[];
}
