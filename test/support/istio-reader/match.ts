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

/**
 * Chromium's path canonicalisation as Envoy applies it with `normalize_path` (envoy source/common/http/path_utility.cc
 * → chromium_url url_canon_path.cc): backslash is a slash; `%XX` of an unreserved character is decoded; space,
 * `"<>^`{|}`, controls and non-ASCII are escaped as UTF-8; then RFC 3986 §5.2.4 dot-segment removal (`//` kept).
 */
export function normalizePath(rawPath: string): string {
  const path = canonicalize(rawPath.split(/[?#]/)[0]);
  if (!path.startsWith('/')) return path;
  const parts = path.split('/').slice(1);
  const out: string[] = [];
  parts.forEach((segment, i) => {
    const last = i === parts.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..') out.pop();
      if (last) out.push('');
      return;
    }
    out.push(segment);
  });
  return `/${out.join('/')}`;
}

function canonicalize(path: string): string {
  const bytes = new TextEncoder().encode(path.replace(/\\/g, '/'));
  const hex = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const ch = String.fromCharCode(b);
    const hi = String.fromCharCode(bytes[i + 1] ?? 0) + String.fromCharCode(bytes[i + 2] ?? 0);
    if (ch === '%' && /^[0-9a-f]{2}$/i.test(hi) && /[a-z0-9._~-]/i.test(String.fromCharCode(parseInt(hi, 16)))) {
      parts.push(String.fromCharCode(parseInt(hi, 16)));
      i += 2;
    } else if (b <= 0x20 || b >= 0x7f || '"<>^`{|}'.includes(ch)) {
      parts.push(hex(b));
    } else {
      parts.push(ch);
    }
  }
  return parts.join('');
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
