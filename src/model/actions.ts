/** What routes do: forward (to services, with rewrites, retries, header changes), redirect, answer directly, delegate. */

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
  /** Set for a virtual destination: its construct path and host. */
  readonly virtual?: { readonly path: string; readonly host: string };
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
