/** Match conditions: what a route requires of a request's path, headers, query parameters and method. */

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
