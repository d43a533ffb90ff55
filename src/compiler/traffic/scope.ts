/**
 * Caller scopes: which workloads a policy or an east–west table applies to, in one cluster — a set of namespaces
 * (undefined: any) and labels every calling pod carries. Istio reads them per proxy when it builds the proxy's routes
 * (pilot/pkg/networking/core/route/route.go `sourceMatchHTTP`: `sourceNamespace` and `sourceLabels` of each match), so
 * a route whose scope excludes a proxy does not exist for it.
 */
import { carries } from '../algebra/labels';
import { cmp } from '../algebra/order';

/** The callers in one cluster. */
export interface CallerScope {
  /** Sorted; undefined: every namespace. */
  readonly namespaces?: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/** Every caller. */
export const ANY_CALLER: CallerScope = { labels: {} };

/** Whether a workload in `namespace` with `labels` is in the scope. */
export function inScope(s: CallerScope, namespace: string, labels: Readonly<Record<string, string>>): boolean {
  return (s.namespaces === undefined || s.namespaces.includes(namespace)) && carries(labels, s.labels);
}

/** Whether every caller of `b` is a caller of `a`. */
export function scopeContains(a: CallerScope, b: CallerScope): boolean {
  const namespaces = a.namespaces === undefined || (b.namespaces !== undefined && b.namespaces.every(n => a.namespaces!.includes(n)));
  return namespaces && Object.entries(a.labels).every(([k, v]) => b.labels[k] === v);
}

/** The callers in both scopes; undefined when there are none. */
export function intersectScopes(a: CallerScope, b: CallerScope): CallerScope | undefined {
  for (const [k, v] of Object.entries(b.labels)) if (k in a.labels && a.labels[k] !== v) return undefined;
  const labels = Object.fromEntries(Object.entries({ ...a.labels, ...b.labels }).sort((x, y) => cmp(x[0], y[0])));
  if (a.namespaces === undefined) return { namespaces: b.namespaces, labels };
  if (b.namespaces === undefined) return { namespaces: a.namespaces, labels };
  const namespaces = a.namespaces.filter(n => b.namespaces!.includes(n));
  return namespaces.length === 0 ? undefined : { namespaces, labels };
}

/** Whether the scopes share a caller. */
export function scopesOverlap(a: CallerScope, b: CallerScope): boolean {
  return intersectScopes(a, b) !== undefined;
}

/** For messages: `namespaces a, b with labels {k=v}` or `every caller`. */
export function describeScope(s: CallerScope): string {
  const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(', ');
  const ns = s.namespaces === undefined ? 'every namespace' : `namespace${s.namespaces.length === 1 ? '' : 's'} ${s.namespaces.join(', ')}`;
  return labels === '' ? (s.namespaces === undefined ? 'every caller' : ns) : `${ns}, pods labelled {${labels}}`;
}
