/**
 * Envoy's matching of one request against one route: regexes are RE2 full matches (re2js, never JavaScript
 * RegExp), the path is matched without its query and after `normalize_path` (dot segments removed, `%2e` counts as a
 * dot, slashes not merged), header names are case-insensitive, values case-sensitive.
 */
import { RE2JS } from 're2js';
import { EnvoyMatch, StringMatcher } from './model';

/** A request as the route matcher sees it. */
export interface MatchRequest {
  /** Normalised path without query or fragment. */
  readonly path: string;
  readonly host: string;
  readonly method: string;
  readonly scheme: 'http' | 'https';
  /** Header values by lower-case name. */
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
}

const compiled = new Map<string, RE2JS>();

/** RE2 full match of `value` against `pattern`. */
export function re2FullMatch(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    compiled.set(pattern, re);
  }
  return re.matches(value);
}

const isDot = (s: string) => s.toLowerCase().replace(/%2e/g, '.') === '.';
const isDotDot = (s: string) => s.toLowerCase().replace(/%2e/g, '.') === '..';

/** RFC 3986 §5.2.4 dot-segment removal as Envoy's path canonicaliser does it (`%2e` is a dot; `//` kept). */
export function normalizePath(rawPath: string): string {
  const path = rawPath.split(/[?#]/)[0];
  if (!path.startsWith('/')) return path;
  const parts = path.split('/').slice(1);
  const out: string[] = [];
  parts.forEach((segment, i) => {
    const last = i === parts.length - 1;
    if (isDot(segment) || isDotDot(segment)) {
      if (isDotDot(segment)) out.pop();
      if (last) out.push('');
      return;
    }
    out.push(segment);
  });
  return `/${out.join('/')}`;
}

/** Envoy `StringMatcher` on a present value. */
export function stringMatches(m: StringMatcher, value: string): boolean {
  if (m.kind === 'present') return true;
  if (m.kind === 'regex') return re2FullMatch(m.value, value);
  const v = m.ignoreCase ? value.toLowerCase() : value;
  const want = m.ignoreCase ? m.value.toLowerCase() : m.value;
  return m.kind === 'exact' ? v === want : v.startsWith(want);
}

function pathMatches(p: EnvoyMatch['path'], rawPath: string): boolean {
  if (p.kind === 'regex') return re2FullMatch(p.value, rawPath);
  const path = p.ignoreCase ? rawPath.toLowerCase() : rawPath;
  const value = p.ignoreCase ? p.value.toLowerCase() : p.value;
  if (p.kind === 'exact') return path === value;
  if (p.kind === 'prefix') return path.startsWith(value);
  return path === value || path.startsWith(`${value}/`);
}

/** The value Envoy sees for a header name (pseudo-headers included); undefined when absent. */
function headerValue(req: MatchRequest, name: string): string | undefined {
  switch (name) {
    case ':method': return req.method;
    case ':authority': return req.headers.host ?? req.host;
    case ':scheme': return req.scheme;
    case ':path': return req.path;
    case 'host': return req.headers.host ?? req.host;
    default: return req.headers[name];
  }
}

function headerMatches(h: EnvoyMatch['headers'][number], req: MatchRequest): boolean {
  const value = headerValue(req, h.name);
  // An inverted matcher ("withoutHeaders") is satisfied by an absent header.
  if (value === undefined) return h.invert;
  return stringMatches(h.matcher, value) !== h.invert;
}

/** Whether the Envoy route match takes the request. */
export function envoyMatches(m: EnvoyMatch, req: MatchRequest): boolean {
  if (m.claims > 0) return false;
  if (!pathMatches(m.path, req.path)) return false;
  if (!m.headers.every(h => headerMatches(h, req))) return false;
  return m.query.every(q => req.query[q.name] !== undefined && stringMatches(q.matcher, req.query[q.name]));
}
