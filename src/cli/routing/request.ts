/**
 * A request as the gateway proxy matches it, and why a route does or does not match it: the path normalised as
 * Envoy's `normalize_path` does (the compiler's evaluation), header names in lower case with the pseudo-headers
 * `:authority`, `:method`, `:scheme` and `:path`, query parameters read raw, first occurrence winning.
 */
import { VhostEntry } from './virtual-hosts';
import { matchesRequest, MatchRequest, pathMatches, valueMatches } from '../../compiler/algebra/match';
import { removeDotSegments } from '../../compiler/evaluation/evaluate';
import { ValueCondition } from '../../model';

/** A request given on the command line. */
export interface CliRequest {
  /** Host, without port. */
  readonly host: string;
  /** Path; a `?query` part is read as query parameters. */
  readonly path: string;
  readonly method: string;
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The gateway receiving it (`namespace/name` or `name`); undefined: the only gateway. */
  readonly gateway?: string;
  /** The port; undefined: the gateway's first. */
  readonly port?: number;
}

/** The request as the route matcher reads it, over `scheme`. */
export function matchRequestOf(req: CliRequest, scheme: 'http' | 'https'): MatchRequest {
  const q = req.path.indexOf('?');
  const path = removeDotSegments(q < 0 ? req.path : req.path.slice(0, q));
  const query: Record<string, string> = {};
  for (const pair of (q < 0 ? '' : req.path.slice(q + 1)).split('&').filter(p => p !== '')) {
    const eq = pair.indexOf('=');
    const [name, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    if (!(name in query)) query[name] = value;
  }
  const headers: Record<string, string> = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const method = req.method.toUpperCase();
  return {
    path,
    method,
    query,
    headers: { ...headers, ':authority': headers.host ?? req.host, ':method': method, ':scheme': scheme, ':path': path },
  };
}

function describeCondition(c: ValueCondition): string {
  return c.kind === 'present' ? 'present' : `${c.kind} "${c.value}"`;
}

/** Why the entry does not match the request, or undefined when it matches. */
export function whyNot(entry: VhostEntry, r: MatchRequest): string | undefined {
  const m = entry.effective;
  if (!pathMatches(m.path, r.path)) return `path ${r.path} is not ${m.path.kind === 'exact' ? '' : 'matched by '}${m.path.kind} ${m.path.value}`;
  if (m.method !== undefined && m.method !== r.method) return `method ${r.method} is not ${m.method}`;
  for (const h of m.headers) {
    const v = r.headers[h.name];
    if (!valueMatches(h, v)) return v === undefined ? `header ${h.name} is absent` : `header ${h.name} "${v}" is not ${describeCondition(h)}`;
  }
  for (const q of m.query) {
    const v = r.query[q.name];
    if (!valueMatches(q, v)) {
      return v === undefined ? `query parameter ${q.name} is absent` : `query parameter ${q.name} "${v}" is not ${describeCondition(q)}`;
    }
  }
  for (const w of entry.match?.without ?? []) {
    if (valueMatches(w, r.headers[w.name])) return `header ${w.name} must not be ${describeCondition(w)}`;
  }
  return undefined;
}

/** Whether the entry matches the request. */
export function entryMatches(entry: VhostEntry, r: MatchRequest): boolean {
  return matchesRequest(entry.effective, r) && !(entry.match?.without ?? []).some(w => valueMatches(w, r.headers[w.name]));
}
