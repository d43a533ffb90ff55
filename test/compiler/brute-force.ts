/** Brute-force oracle for the algebra laws: its own matcher, finite universes of requests and hosts, sharing no code with src. */
import { RE2JS } from 're2js';

/** A path condition, structurally the model's `PathCondition`. */
export interface PathCond {
  readonly kind: 'exact' | 'prefix' | 'segment' | 'regex';
  readonly value: string;
}

/** A header or query condition, structurally the model's `ValueCondition`. */
export interface ValueCond {
  readonly name: string;
  readonly kind: 'exact' | 'prefix' | 'regex' | 'present';
  readonly value: string;
}

/** A match set (AND of its conditions), structurally the model's `MatchModel`. */
export interface Match {
  readonly path?: PathCond;
  readonly headers: readonly ValueCond[];
  readonly query: readonly ValueCond[];
  readonly method?: string;
}

/** A request; header names in lower case. */
export interface Req {
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
}

const regexes = new Map<string, RE2JS>();

/** Whether `s` matches the whole regular expression `re` (Envoy safe_regex semantics: RE2, `RE2::FullMatch`). */
export function wholeMatch(re: string, s: string): boolean {
  let r = regexes.get(re);
  if (!r) {
    r = RE2JS.compile(re);
    regexes.set(re, r);
  }
  return r.matches(s);
}

/** Whether `path` satisfies `p` (no condition: any path). `segment` compares path elements one by one. */
export function pathOk(p: PathCond | undefined, path: string): boolean {
  if (!p) return true;
  if (p.kind === 'exact') return path === p.value;
  if (p.kind === 'prefix') return path.slice(0, p.value.length) === p.value;
  if (p.kind === 'regex') return wholeMatch(p.value, path);
  const wanted = p.value.split('/').filter(e => e !== '');
  if (!path.startsWith('/')) return wanted.length === 0;
  const elements = path.split('/').slice(1);
  return wanted.every((e, i) => elements[i] === e);
}

/** Whether a header or parameter value (undefined: absent) satisfies `c`. */
export function valueOk(c: ValueCond, v: string | undefined): boolean {
  if (v === undefined) return false;
  if (c.kind === 'present') return true;
  if (c.kind === 'exact') return v === c.value;
  if (c.kind === 'prefix') return v.slice(0, c.value.length) === c.value;
  return wholeMatch(c.value, v);
}

/** Whether the request satisfies every condition of `m` (header names compared case-insensitively). */
export function requestOk(m: Match, r: Req): boolean {
  return pathOk(m.path, r.path)
    && (m.method === undefined || m.method === r.method)
    && m.headers.every(c => valueOk(c, r.headers[c.name.toLowerCase()]))
    && m.query.every(c => valueOk(c, r.query[c.name]));
}

function strings(alphabet: readonly string[], maxLength: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 0; n < maxLength; n++) {
    layer = layer.flatMap(s => alphabet.map(a => s + a));
    out.push(...layer);
  }
  return out;
}

/** Every path over `/`, `a`, `b` of at most 7 characters (1093 paths). */
export const PATHS: readonly string[] = strings(['/', 'a', 'b'], 6).map(s => `/${s}`);
/** Header and parameter values: absent, or any string over `a`, `b` of at most 3 characters. */
export const VALUES: ReadonlyArray<string | undefined> = [undefined, ...strings(['a', 'b'], 3)];
export const METHODS: readonly string[] = ['GET', 'POST', 'PUT'];
export const HEADER_NAMES: readonly string[] = ['x-a', 'x-b'];
export const QUERY_NAMES: readonly string[] = ['q', 'r'];

const SUFFIXES = ['', 'a', 'b', '/', '/a', '/b', 'ab', '/ab', '/a/', '/b/b', '/ab/a'];

/** PATHS plus `seeds` extended by a few suffixes: witnesses for longer (composed) paths. */
export function pathPool(seeds: readonly string[]): string[] {
  const extra = seeds.flatMap(s => SUFFIXES.map(t => s + t)).filter(p => p.startsWith('/'));
  return [...new Set([...PATHS, ...extra])];
}

/** The conjunction of some match sets, one predicate per independent part of a request. */
export interface Parts {
  readonly path: (p: string) => boolean;
  readonly method: (m: string) => boolean;
  readonly header: (name: string, v: string | undefined) => boolean;
  readonly query: (name: string, v: string | undefined) => boolean;
}

const on = (conds: readonly ValueCond[], name: string, v: string | undefined) =>
  conds.filter(c => c.name.toLowerCase() === name).every(c => valueOk(c, v));

/** Parts of `m1 AND m2 AND ...`. */
export function partsOf(...ms: readonly Match[]): Parts {
  return {
    path: p => ms.every(m => pathOk(m.path, p)),
    method: x => ms.every(m => m.method === undefined || m.method === x),
    header: (n, v) => ms.every(m => on(m.headers, n, v)),
    query: (n, v) => ms.every(m => on(m.query, n, v)),
  };
}

/** Names of the parts no value of the universe satisfies (empty: some request of the universe satisfies all). */
export function emptyParts(c: Parts, paths: readonly string[]): string[] {
  const out: string[] = [];
  if (!paths.some(c.path)) out.push('path');
  if (!METHODS.some(c.method)) out.push('method');
  for (const n of HEADER_NAMES) if (!VALUES.some(v => c.header(n, v))) out.push(`header ${n}`);
  for (const n of QUERY_NAMES) if (!VALUES.some(v => c.query(n, v))) out.push(`query ${n}`);
  return out;
}

/** Whether some request of the universe satisfies every part. */
export function satisfiable(c: Parts, paths: readonly string[]): boolean {
  return emptyParts(c, paths).length === 0;
}

/** Whether every request of the universe satisfying `b` satisfies `a` (part by part: requests are a product). */
export function includes(a: Parts, b: Parts, paths: readonly string[]): boolean {
  if (!satisfiable(b, paths)) return true;
  return paths.every(p => !b.path(p) || a.path(p))
    && METHODS.every(m => !b.method(m) || a.method(m))
    && HEADER_NAMES.every(n => VALUES.every(v => !b.header(n, v) || a.header(n, v)))
    && QUERY_NAMES.every(n => VALUES.every(v => !b.query(n, v) || a.query(n, v)));
}

/** A deterministic random source in [0, 1) (Park–Miller, no bit operations). */
export function randomSource(seed: number): () => number {
  let x = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => {
    x = (x * 48271) % 2147483647;
    return (x - 1) / 2147483646;
  };
}

function pick<T>(next: () => number, xs: readonly T[]): T {
  return xs[Math.floor(next() * xs.length)];
}

function choose<T>(next: () => number, all: readonly T[], focused: readonly T[]): T {
  return focused.length > 0 && next() < 0.7 ? pick(next, focused) : pick(next, all);
}

function valuesRecord(next: () => number, names: readonly string[], ok: (n: string, v: string | undefined) => boolean) {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = choose(next, VALUES, VALUES.filter(x => ok(n, x)));
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/**
 * `n` random requests over the universe, each part drawn with probability 0.7 from the values satisfying one of
 * `foci` (taken in turn), so that requests matching them are frequent.
 */
export function sampleRequests(seed: number, n: number, foci: readonly Parts[], paths: readonly string[]): Req[] {
  const next = randomSource(seed);
  const focusedPaths = foci.map(f => paths.filter(f.path));
  const out: Req[] = [];
  for (let k = 0; k < n; k++) {
    const f = foci[k % foci.length];
    out.push({
      path: choose(next, paths, focusedPaths[k % foci.length]),
      method: choose(next, METHODS, METHODS.filter(f.method)),
      headers: valuesRecord(next, HEADER_NAMES, f.header),
      query: valuesRecord(next, QUERY_NAMES, f.query),
    });
  }
  return out;
}

/** Whether a host (no wildcard) is served by `pattern`: `*`, `*.suffix` (one or more labels before the suffix), or equal. */
export function hostOk(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.split('.');
  if (p[0] !== '*') return pattern === host;
  const h = host.split('.');
  const tail = p.slice(1);
  return h.length > tail.length && tail.every((label, i) => h[h.length - tail.length + i] === label);
}

function labelSequences(labels: readonly string[], max: number): string[] {
  let layer = labels.map(l => [l]);
  const out = [...layer];
  for (let n = 1; n < max; n++) {
    layer = layer.flatMap(s => labels.map(l => [l, ...s]));
    out.push(...layer);
  }
  return out.map(s => s.join('.'));
}

/** Every host of 1 to 4 labels from `a`, `b`, `ab`, `com` (340 hosts). */
export const HOSTS: readonly string[] = labelSequences(['a', 'b', 'ab', 'com'], 4);

/** Whether the request satisfies every part. */
export function holds(c: Parts, r: Req): boolean {
  return c.path(r.path) && c.method(r.method)
    && HEADER_NAMES.every(n => c.header(n, r.headers[n]))
    && QUERY_NAMES.every(n => c.query(n, r.query[n]));
}

/** The pairs of conditions for which `bad` holds, shown as `kind value / kind value` (for exhaustive laws). */
export function badPairs<T extends { readonly kind: string; readonly value: string }>(xs: readonly T[], bad: (a: T, b: T) => boolean): string[] {
  return xs.flatMap(a => xs.filter(b => bad(a, b)).map(b => `${a.kind} ${a.value} / ${b.kind} ${b.value}`));
}
