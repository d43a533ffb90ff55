/** What happens to a request. */
export enum RouteOutcome {
  /** Forwarded to one or more destinations. */
  FORWARD = 'FORWARD',
  /** Answered with a redirect. */
  REDIRECT = 'REDIRECT',
  /** Answered directly. */
  DIRECT_RESPONSE = 'DIRECT_RESPONSE',
  /** No route matches: 404. */
  NOT_FOUND = 'NOT_FOUND',
}

/** A destination chosen for a request. */
export interface DecisionDestination {
  /** Service name. */
  readonly service: string;
  /** Service namespace. */
  readonly namespace: string;
  /** Service port. */
  readonly port: number;
  /** Relative weight among the route's destinations. */
  readonly weight: number;
  /** The host requests are sent to: the service's cluster-local FQDN, or the external host. */
  readonly host: string;
  /** The subset of the service's endpoints, if the route names one. */
  readonly subset?: string;
  /** Whether the destination is an external service (then `service` and `namespace` are its name and namespace). */
  readonly external: boolean;
  /** For a service pinned to another cluster: that cluster (reached through its federated host). @default - the caller's */
  readonly cluster?: string;
}

/** Retries in force for a mesh request. */
export interface DecisionRetries {
  /** Retry attempts. */
  readonly attempts: number;
  /** Timeout of each try, as Istio writes durations. @default - the request timeout */
  readonly perTryTimeout?: string;
  /** Retry conditions, comma-separated. @default - Istio's defaults */
  readonly retryOn?: string;
}

/** Fault injection in force for a mesh request. */
export interface DecisionFault {
  /** Delay added, as Istio writes durations. @default - none */
  readonly delay?: string;
  /** Share of requests delayed, in percent. @default - none */
  readonly delayPercentage?: number;
  /** Status returned instead of forwarding. @default - none */
  readonly abortStatus?: number;
  /** Share of requests aborted, in percent. @default - none */
  readonly abortPercentage?: number;
}

/** An endpoint a mesh request may reach, in the order the caller's proxy prefers it. */
export interface DecisionEndpoint {
  /** The cluster whose workloads serve it. */
  readonly cluster: string;
  /** The address the caller's proxy connects to: a local Service's DNS name, or a remote cluster's east–west gateway. */
  readonly address: string;
  /** The port it connects to. */
  readonly port: number;
  /** Istio locality of the endpoint's cluster, when known. */
  readonly locality?: string;
  /** Whether the endpoint is in the caller's cluster. */
  readonly local: boolean;
  /**
   * Istio's locality priority for the caller: 0 for its own locality (or, without localities, for local endpoints),
   * higher values only when every lower one is ejected or unhealthy.
   */
  readonly priority: number;
}

/** Where a request goes, as computed from the compiled mesh. */
export interface RouteDecision {
  /** What happens. */
  readonly outcome: RouteOutcome;
  /** HTTP status the client sees when the mesh answers itself (404, redirect code, direct response status). */
  readonly status?: number;
  /** `namespace/name` of the route table whose route matched (the leaf of the delegation chain). */
  readonly routeTable?: string;
  /** Name of the matching route inside that table. */
  readonly route?: string;
  /** The delegation chain as `namespace/table/route` links, root first. */
  readonly chain: string[];
  /** Destinations (FORWARD only). */
  readonly destinations: DecisionDestination[];
  /** Redirect location (REDIRECT only). Parts the redirect leaves unset keep the request's: listener scheme, host, path. */
  readonly redirect?: string;
  /** Direct response body (DIRECT_RESPONSE only). */
  readonly body?: string;
  /** For a mesh request to a virtual destination or a federated service: its endpoints, by priority, local first. */
  readonly endpoints?: DecisionEndpoint[];
  /** Mesh requests: the request timeout in force, as Istio writes durations. @default - the data plane's default */
  readonly timeout?: string;
  /** Mesh requests: the retries in force. @default - the data plane's default */
  readonly retries?: DecisionRetries;
  /** Mesh requests: the fault injection in force. @default - none */
  readonly fault?: DecisionFault;
  /** Mesh requests: the host copies of the request are mirrored to, and the share. @default - none */
  readonly mirror?: string;
  /** Mesh requests: construct paths of the traffic policies (and external services) applied, most specific first. @default - none */
  readonly policies?: string[];
}
