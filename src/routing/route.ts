import { HeaderMatch, HttpMethod, QueryParamMatch } from './header-match';
import { MatchModel } from '../model';
import { PathMatch } from './path-match';
import { RouteAction } from './route-action';

/** One match set: every condition given must hold. */
export interface HttpMatcher {
  /** Condition on the path, made with PathMatch's static methods. @default - any path */
  readonly path?: PathMatch;
  /** Conditions on headers (all must hold). @default - none */
  readonly headers?: HeaderMatch[];
  /** Conditions on query parameters (all must hold). @default - none */
  readonly queryParams?: QueryParamMatch[];
  /** The HTTP method, an HttpMethod value (any other value fails the build: MESH027). @default - any method */
  readonly method?: HttpMethod;
}

/** One route of a route table. */
export interface Route {
  /**
   * Route name, unique in its table (a DNS label). With delegation flattened (the default Istio output), the HTTP route
   * it becomes is named after its delegation chain: each table's and route's name, root first, joined by dots
   * (`root.team-a.rt.r1`), with `-2`, `-3`… where that name occurs again on the same host (where one delegating route
   * chooses two tables of one name, in different namespaces, or two root tables of one name serve the host).
   */
  readonly name: string;
  /** Match sets. A request matching any of them takes the route. @default - every request the table receives */
  readonly matchers?: HttpMatcher[];
  /** What the route does. */
  readonly action: RouteAction;
}

/** The models of match sets. */
export function matchModels(matchers: readonly HttpMatcher[] = []): MatchModel[] {
  return matchers.map(m => ({
    path: m.path?._toModel(),
    headers: (m.headers ?? []).map(h => h._toModel()),
    query: (m.queryParams ?? []).map(q => q._toModel()),
    method: m.method,
  }));
}
