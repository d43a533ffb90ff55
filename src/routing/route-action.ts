import { Duration } from 'cdk8s';
import { ActionModel, HeaderChangesModel, PathRewriteModel } from '../model';
import { Destination } from './destination';
import { keyAsWritten, ReferenceKey } from './reference-key';
import { IRouteTableRef, IWorkspaceRef } from './references';
import { RetryPolicy, retryModel } from './retry-policy';

/** A destination and its share of the traffic. */
export interface WeightedDestination {
  /** Where the traffic goes. */
  readonly destination: Destination;
  /**
   * Relative weight (0–1,000,000). The weights of a route are proportions and need not add up to 100.
   * @default 1
   */
  readonly weight?: number;
}

/** How the request path is rewritten before forwarding. */
export class PathRewrite {
  /**
   * Replace the matched path prefix (the effective one, parent prefix included) with `prefix`.
   * @param prefix the path put in place of the matched prefix, starting with `/`
   */
  public static prefix(prefix: string): PathRewrite {
    return new PathRewrite({ kind: 'prefix', value: prefix });
  }

  /**
   * Replace the whole path with `path`.
   * @param path the new path, starting with `/`
   */
  public static fullPath(path: string): PathRewrite {
    return new PathRewrite({ kind: 'full', value: path });
  }

  private constructor(private readonly model: PathRewriteModel) {}

  /** @internal */
  public _toModel(): PathRewriteModel {
    return this.model;
  }
}

/** Header changes applied to a request or a response. */
export interface HeaderModifier {
  /**
   * Headers set, replacing any value. Names here and in `add` and `remove` are HTTP tokens other than `host` (use
   * `hostRewrite`), and a header set or added may not be named `__proto__` or `constructor` (MESH012). @default - none
   */
  readonly set?: { [name: string]: string };
  /** Headers appended to existing values. @default - none */
  readonly add?: { [name: string]: string };
  /** Headers removed. @default - none */
  readonly remove?: string[];
}

/** Options of a forward action. */
export interface ForwardOptions {
  /** Weighted destinations. */
  readonly to: WeightedDestination[];
  /** Path rewrite before forwarding. @default - the path is kept */
  readonly pathRewrite?: PathRewrite;
  /** Host (authority) rewrite before forwarding. @default - the host is kept */
  readonly hostRewrite?: string;
  /** Timeout of the whole request (whole milliseconds, at least 1ms). @default - the data plane's default */
  readonly timeout?: Duration;
  /** Retries. @default - the data plane's default */
  readonly retries?: RetryPolicy;
  /** Request header changes. @default - none */
  readonly requestHeaders?: HeaderModifier;
  /** Response header changes. @default - none */
  readonly responseHeaders?: HeaderModifier;
}

/** Options of a redirect action. */
export interface RedirectOptions {
  /** Scheme of the redirect target (`http` or `https`). @default - the request's */
  readonly scheme?: string;
  /** Host of the redirect target. @default - the request's */
  readonly host?: string;
  /** Port of the redirect target. @default - the request's */
  readonly port?: number;
  /** Path of the redirect target. @default - the request's */
  readonly path?: string;
  /** Redirect status code (301, 302, 303, 307 or 308). @default 301 */
  readonly statusCode?: number;
}

/** How the routes gathered from several delegated tables are ordered. */
export enum DelegationSortMethod {
  /** Higher table weight first, then the tables' stable order (namespace/name). Route order kept inside a table. */
  TABLE_WEIGHT = 'TABLE_WEIGHT',
  /** Exact before regex before prefix, longer paths first, more conditions first. Ties by table weight and order. */
  ROUTE_SPECIFICITY = 'ROUTE_SPECIFICITY',
}

/** How a delegated child's paths relate to the delegating route's path prefix. */
export enum DelegationPathMode {
  /** The parent prefix is prepended to child paths (Gloo Platform): `/team1` + `/foo` = `/team1/foo`. */
  RELATIVE = 'RELATIVE',
  /** Child paths are used as written and must lie inside the parent's prefix (Istio native delegation). */
  ABSOLUTE = 'ABSOLUTE',
}

/** Options of a delegate action: which route tables receive the matched requests. */
export interface DelegateOptions {
  /** Route tables referenced directly (their order is kept among tables of equal weight). @default - none */
  readonly routeTables?: IRouteTableRef[];
  /** Select the visible route tables carrying all these labels. @default - no label selection */
  readonly labels?: { [key: string]: string };
  /** Select the route tables of these workspaces. @default - no workspace selection */
  readonly workspaces?: IWorkspaceRef[];
  /** How the gathered routes are ordered. @default DelegationSortMethod.TABLE_WEIGHT */
  readonly sortMethod?: DelegationSortMethod;
  /** How child paths relate to this route's prefix. @default DelegationPathMode.RELATIVE */
  readonly pathMode?: DelegationPathMode;
  /**
   * Accept a delegation that selects no route table yet (for tables meant to be declared later). Without it, a
   * delegation selecting nothing fails the build (MESH303): its requests would silently get 404. With it, MESH303 is
   * a warning.
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** What a route does with the requests it matches. */
export abstract class RouteAction {
  /**
   * Forward to weighted destinations, with optional rewrites, timeout, retries and header changes.
   * @param options the weighted destinations, and the rewrites, timeout, retries and header changes
   */
  public static forward(options: ForwardOptions): RouteAction {
    return new ModelAction(key => {
      return {
        type: 'forward',
        destinations: options.to.map(d => d.destination._weighted(d.weight ?? 1, key)),
        pathRewrite: options.pathRewrite?._toModel(),
        hostRewrite: options.hostRewrite,
        timeoutMs: options.timeout?.toMilliseconds({ integral: false }),
        retries: options.retries && retryModel(options.retries),
        requestHeaders: headerChanges(options.requestHeaders),
        responseHeaders: headerChanges(options.responseHeaders),
      };
    });
  }

  /**
   * Forward everything to one destination.
   * @param destination where every matched request goes
   */
  public static forwardTo(destination: Destination): RouteAction {
    return RouteAction.forward({ to: [{ destination }] });
  }

  /**
   * Answer with a redirect.
   * @param options the parts of the target that replace the request's (at least one), and the status code
   */
  public static redirect(options: RedirectOptions): RouteAction {
    return new ModelAction(() => ({
      type: 'redirect',
      scheme: options.scheme,
      host: options.host,
      port: options.port,
      path: options.path,
      statusCode: options.statusCode ?? 301,
    }));
  }

  /**
   * Answer directly with `status` and an optional `body`.
   * @param status the HTTP status code (200–599)
   * @param body the response body (at most 1 MiB in UTF-8), default none
   */
  public static directResponse(status: number, body?: string): RouteAction {
    return new ModelAction(() => ({ type: 'direct', status, body }));
  }

  /**
   * Hand the matched requests to other route tables (the heart of multi-tenant routing).
   * @param options the route tables selected (by reference, labels or workspace), their order, path mode and whether none may be selected
   */
  public static delegate(options: DelegateOptions): RouteAction {
    return new ModelAction(key => ({
      type: 'delegate',
      tables: (options.routeTables ?? []).map(t => key(t, t.node.path)),
      labels: options.labels,
      workspaces: (options.workspaces ?? []).map(w => key(w, w.workspaceName)),
      sortMethod: options.sortMethod ?? DelegationSortMethod.TABLE_WEIGHT,
      pathMode: options.pathMode ?? DelegationPathMode.RELATIVE,
      allowEmpty: options.allowEmpty ?? false,
    }));
  }

  /** @internal The action's model; `key` names the constructs it references (see reference-key.ts). */
  public abstract _toModel(key?: ReferenceKey): ActionModel;
}

class ModelAction extends RouteAction {
  constructor(private readonly produce: (key: ReferenceKey) => ActionModel) {
    super();
  }

  public _toModel(key: ReferenceKey = keyAsWritten): ActionModel {
    return this.produce(key);
  }
}

/** The model of header changes. */
export function headerChanges(m?: HeaderModifier): HeaderChangesModel | undefined {
  if (!m) return undefined;
  return { set: m.set ?? {}, add: m.add ?? {}, remove: m.remove ?? [] };
}
