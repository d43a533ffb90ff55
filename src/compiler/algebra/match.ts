/**
 * The match algebra: evaluating a match set against a request, composing a delegating route's match with a child's,
 * deciding whether one match set covers another, and the canonical form used to compare them.
 */
import { escapeRegex, regexMatches, regexProblem } from './regex';
import { MAX_PATH_LENGTH } from './syntax';
import { MatchModel, PathCondition, PathMode, ValueCondition } from '../../model';

/** A match set with every default made explicit: a path (prefix `/` when none), conditions sorted by name. */
export interface EffectiveMatch {
  readonly path: PathCondition;
  readonly headers: readonly ValueCondition[];
  readonly query: readonly ValueCondition[];
  readonly method?: string;
}

/** A request as the matcher reads it. */
export interface MatchRequest {
  readonly path: string;
  readonly method: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
}

/** The catch-all path condition. */
export const ANY_PATH: PathCondition = { kind: 'prefix', value: '/' };

const byName = (a: ValueCondition, b: ValueCondition) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The effective form of a declared match set. */
export function effective(m: MatchModel): EffectiveMatch {
  return {
    path: m.path ?? ANY_PATH,
    headers: [...m.headers].sort(byName),
    query: [...m.query].sort(byName),
    method: m.method,
  };
}

/** A prefix or segment prefix without its trailing slashes (`/` becomes the empty string). */
export function stem(prefix: string): string {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0x2f) end--;
  return end === prefix.length ? prefix : prefix.slice(0, end);
}

/** Whether the path condition matches every path (prefix `/`, segment prefix `/`, or Istio's catch-all regex `.*`). */
export function isAnyPath(p: PathCondition): boolean {
  if (p.kind === 'regex') return p.value === '.*';
  return (p.kind === 'prefix' || p.kind === 'segment') && stem(p.value) === '' && p.value.startsWith('/');
}

/**
 * Whether Istio treats the match set as a catch-all (istio/istio pilot/pkg/networking/core/route/route.go,
 * IsCatchAllRoute): any path and no header, query or method condition (the method becomes a header matcher).
 * Istio moves catch-alls to the end of a virtual host.
 */
export function isCatchAll(m: EffectiveMatch): boolean {
  return isAnyPath(m.path) && m.headers.length === 0 && m.query.length === 0 && m.method === undefined;
}

/** Whether a request path satisfies a path condition. */
export function pathMatches(p: PathCondition, path: string): boolean {
  switch (p.kind) {
    case 'exact': return path === p.value;
    case 'prefix': return path.startsWith(p.value);
    case 'segment': {
      const s = stem(p.value);
      return s === '' || path === s || path.startsWith(s + '/');
    }
    case 'regex': return regexMatches(p.value, path);
  }
}

/** Whether a header or parameter value satisfies a condition (undefined = absent). */
export function valueMatches(c: ValueCondition, value: string | undefined): boolean {
  if (value === undefined) return false;
  switch (c.kind) {
    case 'present': return true;
    case 'exact': return value === c.value;
    case 'prefix': return value.startsWith(c.value);
    case 'regex': return regexMatches(c.value, value);
  }
}

/** Whether a request satisfies every condition of a match set. */
export function matchesRequest(m: EffectiveMatch, r: MatchRequest): boolean {
  return pathMatches(m.path, r.path)
    && (m.method === undefined || m.method === r.method)
    && m.headers.every(h => valueMatches(h, r.headers[h.name]))
    && m.query.every(q => valueMatches(q, r.query[q.name]));
}

/** Why a composition failed: which rule, and what to say. */
export interface CompositionProblem {
  readonly rule: 'ChildOutsideParent' | 'UnsatisfiableMatch' | 'UncombinableMatch';
  readonly message: string;
}

/** The result of composing a parent's match with a child's. */
export interface Composition {
  readonly match?: EffectiveMatch;
  readonly problem?: CompositionProblem;
  /** RELATIVE mode: the child path already starts with the parent prefix (probably a mistake). */
  readonly repeatsParentPrefix?: boolean;
}

/**
 * The effective match of a child match set under a delegating route's (effective) match: parent AND child.
 * In RELATIVE mode the parent's prefix is prepended to the child's path; in ABSOLUTE mode the child path must lie
 * inside the parent's.
 */
export function compose(parent: EffectiveMatch, child: MatchModel | undefined, mode: PathMode): Composition {
  if (child === undefined) return { match: parent };
  const path = composePath(parent.path, child.path, mode);
  if (path.problem) return { problem: path.problem };
  const tooLong = path.path && composedPathProblem(path.path);
  if (tooLong) return { problem: { rule: 'UncombinableMatch', message: tooLong } };
  const headers = mergeConditions('header', parent.headers, child.headers);
  if (headers.problem) return { problem: headers.problem };
  const query = mergeConditions('query parameter', parent.query, child.query);
  if (query.problem) return { problem: query.problem };
  if (parent.method && child.method && parent.method !== child.method) {
    return { problem: { rule: 'UnsatisfiableMatch', message: `method ${child.method} contradicts the parent's method ${parent.method}` } };
  }
  return {
    match: { path: path.path!, headers: headers.conditions!, query: query.conditions!, method: child.method ?? parent.method },
    repeatsParentPrefix: path.repeats,
  };
}

/** Why a composed path cannot be emitted: over the 1,024 characters istiod and Gateway API allow, or not RE2. */
function composedPathProblem(p: PathCondition): string | undefined {
  if (p.kind === 'regex') {
    const problem = regexProblem(p.value);
    return problem && `the composed regex ${p.value.slice(0, 60)}… ${problem}`;
  }
  return p.value.length > MAX_PATH_LENGTH
    ? `the composed path ${p.value.slice(0, 60)}… is ${p.value.length} characters long (at most ${MAX_PATH_LENGTH})` : undefined;
}

interface PathComposition {
  readonly path?: PathCondition;
  readonly problem?: CompositionProblem;
  readonly repeats?: boolean;
}

function describe(p: PathCondition): string {
  const kind = { exact: 'exact path', prefix: 'prefix', segment: 'segment prefix', regex: 'regex' }[p.kind];
  return `${kind} ${p.value}`;
}

function composePath(parent: PathCondition, child: PathCondition | undefined, mode: PathMode): PathComposition {
  if (child === undefined || isAnyPath(child)) return { path: parent };
  const base = stem(parent.value);
  if (mode === 'RELATIVE') {
    const repeats = base !== '' && child.kind !== 'regex' && (child.value === base || child.value.startsWith(base + '/'));
    if (child.kind === 'regex') {
      // The parent's stem is prepended; where the parent needs a "/" after its stem (a segment prefix, or a prefix
      // ending in "/"), the child must start with one on every alternative, or the result would escape the parent.
      const needsSlash = base !== '' && (parent.kind === 'segment' || parent.value.endsWith('/'));
      if (needsSlash && !startsWithSlash(child.value)) {
        return { problem: { rule: 'UncombinableMatch', message: regexOutsideParent(child.value, parent) } };
      }
      return { path: { kind: 'regex', value: base === '' ? child.value : `${escapeRegex(base)}(?:${child.value})` } };
    }
    return { path: { kind: child.kind, value: base + child.value }, repeats };
  }
  // ABSOLUTE: the child path is used as written and must lie inside the parent's.
  if (child.kind === 'regex') {
    if (isAnyPath(parent)) return { path: child };
    const message = `regex ${child.value} cannot be combined with the parent's ${describe(parent)} in ABSOLUTE mode `
      + '(a route carries one path condition); use RELATIVE mode';
    return { problem: { rule: 'UncombinableMatch', message } };
  }
  if (!pathCovers(parent, child)) {
    const message = `${describe(child)} lies outside the parent's ${describe(parent)}, so it can never match`;
    return { problem: { rule: 'ChildOutsideParent', message } };
  }
  return { path: child };
}

/** Why a relative regex child cannot sit under `parent`. */
function regexOutsideParent(regex: string, parent: PathCondition): string {
  return `regex ${regex} under the ${describe(parent)} must start with a literal "/" on every alternative `
    + '(not optional, no top-level "|"), so that it stays inside the parent\'s path';
}

/**
 * Whether every string `regex` matches starts with "/": after leading flag groups such as `(?i)`, it begins with a
 * literal slash that is not made optional or repeated, and has no alternation at the top level (which could start
 * otherwise). Conservative: `(/a|/b)` is refused. Linear in the length of `regex`.
 */
export function startsWithSlash(regex: string): boolean {
  let i = 0;
  while (regex.startsWith('(?', i) && /^\(\?[imsU-]*\)/.test(regex.slice(i, i + 8))) i = regex.indexOf(')', i) + 1;
  const lead = regex.startsWith('/', i) ? 1 : regex.startsWith('\\/', i) ? 2 : 0;
  if (lead === 0) return false;
  const next = regex[i + lead];
  return !(next !== undefined && '?*+{'.includes(next)) && !hasTopLevelAlternation(regex);
}

/** Whether `regex` has a `|` outside every group, character class and `\Q...\E` quotation (RE2 syntax). */
function hasTopLevelAlternation(regex: string): boolean {
  let depth = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') {
      if (regex[i + 1] === 'Q') {
        const end = regex.indexOf('\\E', i + 2);
        i = end < 0 ? regex.length : end + 1;
      } else {
        i++;
      }
    } else if (c === '[') {
      i = classEnd(regex, i);
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}

/**
 * The index of the `]` closing the character class opened at `start`: a `]` right after `[` or `[^` is literal, and
 * `[:name:]` inside is a POSIX class (Go regexp/syntax `parseClass`, re2 re2/parse.cc `ParseCharClass`).
 */
function classEnd(regex: string, start: number): number {
  let i = start + 1;
  if (regex[i] === '^') i++;
  if (regex[i] === ']') i++;
  for (; i < regex.length; i++) {
    if (regex[i] === '\\') {
      i++;
    } else if (regex[i] === '[' && regex[i + 1] === ':') {
      const end = regex.indexOf(':]', i + 2);
      if (end >= 0) i = end + 1;
    } else if (regex[i] === ']') {
      return i;
    }
  }
  return regex.length;
}

interface ConditionMerge {
  readonly conditions?: readonly ValueCondition[];
  readonly problem?: CompositionProblem;
}

function mergeConditions(what: string, parent: readonly ValueCondition[], child: readonly ValueCondition[]): ConditionMerge {
  // Nothing to merge when one side has no condition and the other at most one (the usual route): that side is the
  // result as it is (condition lists are never changed once made).
  if (parent.length + child.length <= 1) return { conditions: parent.length === 0 ? child : parent };
  const merged = new Map<string, ValueCondition>(parent.map(c => [c.name, c]));
  for (const c of child) {
    const p = merged.get(c.name);
    if (!p) {
      merged.set(c.name, c);
      continue;
    }
    const both = intersect(p, c);
    if (both === 'contradiction') {
      const message = `${what} ${c.name} ${c.kind} "${c.value}" contradicts the parent's ${p.kind} "${p.value}"`;
      return { problem: { rule: 'UnsatisfiableMatch', message } };
    }
    if (both === 'uncombinable') {
      const message = `${what} ${c.name} has conditions on both sides (${p.kind} "${p.value}" and ${c.kind} "${c.value}") `
        + 'that one condition cannot express';
      return { problem: { rule: 'UncombinableMatch', message } };
    }
    merged.set(c.name, both);
  }
  return { conditions: [...merged.values()].sort(byName) };
}

/** One condition equivalent to `a AND b`, or why there is none. */
function intersect(a: ValueCondition, b: ValueCondition): ValueCondition | 'contradiction' | 'uncombinable' {
  if (a.kind === 'present') return b;
  if (b.kind === 'present') return a;
  if (a.kind === b.kind && a.value === b.value) return a;
  if (a.kind === 'exact' || b.kind === 'exact') {
    const [e, o] = a.kind === 'exact' ? [a, b] : [b, a];
    if (o.kind === 'exact') return 'contradiction';
    return valueMatches(o, e.value) ? e : 'contradiction';
  }
  if (a.kind === 'prefix' && b.kind === 'prefix') {
    if (a.value.startsWith(b.value)) return a;
    if (b.value.startsWith(a.value)) return b;
    return 'contradiction';
  }
  return 'uncombinable';
}

/** Whether every path matched by `b` is matched by `a`. */
export function pathCovers(a: PathCondition, b: PathCondition): boolean {
  switch (a.kind) {
    case 'prefix':
      if (b.kind === 'regex' || isAnyPath(b)) return a.value === '/';
      return (b.kind === 'segment' ? stem(b.value) : b.value).startsWith(a.value);
    case 'segment': {
      const s = stem(a.value);
      if (s === '') return true;
      if (b.kind === 'regex') return false;
      if (b.kind === 'prefix') return b.value.startsWith(s + '/');
      const v = b.kind === 'segment' ? stem(b.value) : b.value;
      return v === s || v.startsWith(s + '/');
    }
    case 'exact':
      return b.kind === 'exact' && b.value === a.value;
    case 'regex':
      return isAnyPath(a) || (b.kind === 'exact' && regexMatches(a.value, b.value)) || (b.kind === 'regex' && b.value === a.value);
  }
}

/** Whether every value satisfying `b` satisfies `a` (same header or parameter). */
function conditionCovers(a: ValueCondition, b: ValueCondition): boolean {
  switch (a.kind) {
    case 'present': return true;
    case 'exact': return b.kind === 'exact' && b.value === a.value;
    case 'prefix': return (b.kind === 'exact' || b.kind === 'prefix') && b.value.startsWith(a.value);
    case 'regex': return (b.kind === 'exact' && regexMatches(a.value, b.value)) || (b.kind === 'regex' && b.value === a.value);
  }
}

function conditionsCover(a: readonly ValueCondition[], b: readonly ValueCondition[]): boolean {
  return a.every(ac => b.some(bc => bc.name === ac.name && conditionCovers(ac, bc)));
}

/** Whether every request matched by `b` is matched by `a` (so `b` after `a` can never be taken). */
export function covers(a: EffectiveMatch, b: EffectiveMatch): boolean {
  return pathCovers(a.path, b.path)
    && (a.method === undefined || a.method === b.method)
    && conditionsCover(a.headers, b.headers)
    && conditionsCover(a.query, b.query);
}

/** A string equal for two match sets exactly when they match the same requests by the same conditions. */
export function canonicalKey(m: EffectiveMatch): string {
  const p = m.path.kind === 'segment' ? { kind: 'segment', value: stem(m.path.value) || '/' } : m.path;
  const path = isAnyPath(m.path) ? 'prefix:/' : `${p.kind}:${p.value}`;
  // A path alone is its own key (it cannot start with "[", as the keys of match sets with conditions do).
  if (m.method === undefined && m.headers.length === 0 && m.query.length === 0) return path;
  return JSON.stringify([path, m.method ?? '', m.headers.map(h => [h.name, h.kind, h.value]), m.query.map(q => [q.name, q.kind, q.value])]);
}

const PATH_KINDS: ReadonlySet<unknown> = new Set<PathCondition['kind']>(['exact', 'prefix', 'segment', 'regex']);

/** Whether `kind` is a kind of path condition (a JavaScript caller can pass another). */
export const isPathKind = (kind: unknown): kind is PathCondition['kind'] => PATH_KINDS.has(kind);
const VALUE_KINDS: ReadonlySet<unknown> = new Set<ValueCondition['kind']>(['exact', 'prefix', 'regex', 'present']);

/**
 * The methods a route can match: Gateway API's HTTPMethod enum (apis/v1/httproute_types.go,
 * `+kubebuilder:validation:Enum=GET;HEAD;POST;PUT;DELETE;CONNECT;OPTIONS;TRACE;PATCH`), which the API server
 * enforces on an HTTPRoute, and the values of the routing layer's HttpMethod.
 */
export const HTTP_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** Whether `method` is one of HTTP_METHODS (a JavaScript caller can pass another value). */
export const isHttpMethod = (method: unknown): boolean => HTTP_METHODS.includes(method as string);

/** A condition of its declared types (any value for presence, which the value does not change). */
const typedCondition = (c: ValueCondition) =>
  typeof c.name === 'string' && VALUE_KINDS.has(c.kind) && (c.kind === 'present' || typeof c.value === 'string');

/**
 * Whether every value of `m` has its declared type: a path of a known kind with a string value, a method that is a
 * non-empty string or none, conditions of known kinds with string names and values. Two such match sets with one
 * canonical key cover each other unless they match any path (a prefix of slashes only covers no other kind). A
 * JavaScript caller can pass other values, which the key writes alike where `covers` does not take them alike (an
 * empty, null or missing method, say).
 */
export function typedMatch(m: EffectiveMatch): boolean {
  return isPathKind(m.path.kind) && typeof m.path.value === 'string'
    && (m.method === undefined || (typeof m.method === 'string' && m.method !== ''))
    && m.headers.every(typedCondition) && m.query.every(typedCondition);
}

/** Human-readable form of a match set for messages, e.g. `prefix /team1 && header x-user exact "a"`. */
export function describeMatch(m: EffectiveMatch): string {
  const parts = [describe(m.path)];
  if (m.method) parts.push(`method ${m.method}`);
  for (const h of m.headers) parts.push(`header ${h.name} ${h.kind}${h.kind === 'present' ? '' : ` "${h.value}"`}`);
  for (const q of m.query) parts.push(`query ${q.name} ${q.kind}${q.kind === 'present' ? '' : ` "${q.value}"`}`);
  return parts.join(' && ');
}

/**
 * Sort key of ROUTE_SPECIFICITY for one match set: exact before regex before prefix, longer paths first,
 * more conditions first. Smaller sorts first.
 */
export function specificity(m: EffectiveMatch): [number, number, number] {
  const rank = m.path.kind === 'exact' ? 0 : m.path.kind === 'regex' ? 1 : 2;
  const length = m.path.kind === 'regex' ? 0 : m.path.kind === 'segment' ? stem(m.path.value).length : m.path.value.length;
  const conditions = m.headers.length + m.query.length + (m.method ? 1 : 0);
  return [rank, -length, -conditions];
}

/**
 * The literal text every path matched by `regex` starts with (empty when unknown): the characters before the first
 * metacharacter, less one before an optional quantifier; nothing at all when the expression has an alternation.
 * One pass over `regex` (an escaped punctuation character is itself in RE2; a letter or digit escape ends the text).
 */
export function literalPrefix(regex: string): string {
  if (regex.includes('|')) return '';
  let end = 0; // `regex.slice(0, i)` read so far is the literal text `out`; `end` is where its last character began
  let out = '';
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\' && i + 1 < regex.length && isPunctuation(regex[i + 1])) {
      end = out.length;
      out += regex[++i];
      continue;
    }
    if ('*?{'.includes(c)) return out.slice(0, end);
    if ('.+()[]^$\\'.includes(c)) return out;
    end = out.length;
    const cp = regex.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    out += ch;
    i += ch.length - 1;
  }
  return out;
}

/** Whether `c` is an ASCII character other than a letter or digit (RE2 reads `\c` as `c` itself). */
function isPunctuation(c: string): boolean {
  return c < '\x80' && !/[a-zA-Z0-9]/.test(c);
}

/** The text a path condition's matches all start with, used to index it (a stem for segment prefixes). */
export function pathKey(p: PathCondition): string {
  if (isAnyPath(p)) return '';
  if (p.kind === 'regex') return literalPrefix(p.value);
  return p.kind === 'segment' ? stem(p.value) : p.value;
}

function related(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** Whether some request path satisfies both path conditions (conservative for regular expressions). */
export function pathsOverlap(a: PathCondition, b: PathCondition): boolean {
  if (isAnyPath(a) || isAnyPath(b)) return true;
  if (a.kind === 'regex' || b.kind === 'regex') {
    const [r, o] = a.kind === 'regex' ? [a, b] : [b, a];
    if (o.kind === 'exact') return regexMatches(r.value, o.value);
    if (o.kind === 'regex' && o.value === r.value) return true;
    return related(literalPrefix(r.value), pathKey(o));
  }
  if (a.kind === 'exact' || b.kind === 'exact') {
    const [e, o] = a.kind === 'exact' ? [a, b] : [b, a];
    return pathMatches(o, e.value);
  }
  if (a.kind === 'prefix' && b.kind === 'prefix') return related(a.value, b.value);
  if (a.kind === 'segment' && b.kind === 'segment') {
    const [s, t] = [stem(a.value), stem(b.value)];
    return s === t || s.startsWith(t + '/') || t.startsWith(s + '/');
  }
  const [p, s] = a.kind === 'prefix' ? [a.value, stem(b.value)] : [b.value, stem(a.value)];
  return s.startsWith(p) || p === s || p.startsWith(s + '/');
}

function valuesOverlap(a: ValueCondition, b: ValueCondition): boolean {
  if (a.kind === 'present' || b.kind === 'present') return true;
  if (a.kind === 'exact' || b.kind === 'exact') {
    const [e, o] = a.kind === 'exact' ? [a, b] : [b, a];
    return valueMatches(o, e.value);
  }
  if (a.kind === 'prefix' && b.kind === 'prefix') return related(a.value, b.value);
  return true; // a regular expression against a prefix or another expression: assume they can meet
}

function conditionsOverlap(a: readonly ValueCondition[], b: readonly ValueCondition[]): boolean {
  return a.every(ac => b.every(bc => bc.name !== ac.name || valuesOverlap(ac, bc)));
}

/** Whether some request satisfies both match sets (conservative: regular expressions are assumed to meet). */
export function overlaps(a: EffectiveMatch, b: EffectiveMatch): boolean {
  return (a.method === undefined || b.method === undefined || a.method === b.method)
    && pathsOverlap(a.path, b.path)
    && conditionsOverlap(a.headers, b.headers)
    && conditionsOverlap(a.query, b.query);
}
