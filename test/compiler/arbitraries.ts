/** fast-check generators of valid match sets over the small alphabet of the brute-force universe (paths of a, b, ab). */
import * as fc from 'fast-check';
import { HEADER_NAMES, Match, PathCond, QUERY_NAMES, ValueCond } from './brute-force';

/** `/`, or one or two elements from `a`, `b`, `ab`, with or without a trailing `/` (all valid paths). */
export const pathValue: fc.Arbitrary<string> = fc.tuple(fc.array(fc.constantFrom('a', 'b', 'ab'), { maxLength: 2 }), fc.boolean())
  .map(([elements, slash]) => (elements.length === 0 ? '/' : `/${elements.join('/')}${slash ? '/' : ''}`));

/** Path expressions: catch-alls, with and without a leading `/`, alternations, quantifiers, an escaped `/`. */
export const PATH_REGEXES = ['.*', '/.*', '/a.*', '/a', '/[ab]+', '/ab?', '/a/b*', '(/a|/b)/?', '\\/b.*', 'b.*', '[ab]*', 'a|/b', '/?a'];

/** Header and parameter expressions. */
export const VALUE_REGEXES = ['a.*', 'b', '[ab]*', 'ab?', '.*', 'a|bb'];

/** What a generated match set may contain. */
export interface MatchShape {
  /** Path kinds to draw from (default: all four). */
  readonly kinds?: ReadonlyArray<PathCond['kind']>;
  /** Regular expressions in header and query conditions (default true). */
  readonly valueRegex?: boolean;
}

/** A path condition of one of `kinds`. */
export function pathCond(kinds: ReadonlyArray<PathCond['kind']> = ['exact', 'prefix', 'segment', 'regex']): fc.Arbitrary<PathCond> {
  const plain = kinds.filter(k => k !== 'regex');
  const options: Array<fc.Arbitrary<PathCond>> = [];
  if (plain.length > 0) options.push(fc.record({ kind: fc.constantFrom(...plain), value: pathValue }));
  if (kinds.includes('regex')) options.push(fc.record({ kind: fc.constant('regex' as const), value: fc.constantFrom(...PATH_REGEXES) }));
  return fc.oneof(...options);
}

const VALUE_OPTIONS: ReadonlyArray<[ValueCond['kind'], readonly string[]]> = [
  ['present', ['']], ['exact', ['', 'a', 'b', 'ab']], ['prefix', ['a', 'b', 'ab']], ['regex', VALUE_REGEXES],
];

/** A condition on `name` (prefixes are never empty: the declarations reject them). */
export function valueCond(name: string, regex = true): fc.Arbitrary<ValueCond> {
  const options = VALUE_OPTIONS.filter(([kind]) => regex || kind !== 'regex');
  return fc.oneof(...options.map(([kind, values]) => fc.constantFrom(...values).map(value => ({ name, kind, value }))));
}

/** Every condition on `name` that valueCond draws. */
export function valueConditions(name: string): ValueCond[] {
  return VALUE_OPTIONS.flatMap(([kind, values]) => values.map(value => ({ name, kind, value })));
}

/** Every path value that pathValue draws. */
export const PATH_VALUES: readonly string[] = ['/', ...['a', 'b', 'ab'].flatMap(x => [x, ...['a', 'b', 'ab'].map(y => `${x}/${y}`)])
  .flatMap(v => [`/${v}`, `/${v}/`])];

/** Every path condition that pathCond draws. */
export const PATH_CONDITIONS: readonly PathCond[] = [
  ...(['exact', 'prefix', 'segment'] as const).flatMap(kind => PATH_VALUES.map(value => ({ kind, value }))),
  ...PATH_REGEXES.map(value => ({ kind: 'regex' as const, value })),
];

/** At most one condition per name of `names`. */
export function conditions(names: readonly string[], regex = true): fc.Arbitrary<ValueCond[]> {
  return fc.subarray([...names]).chain(chosen => fc.tuple(...chosen.map(n => valueCond(n, regex))));
}

/** A valid match set: optional path, method, conditions on x-a / x-b and q / r. */
export function matchArb(shape: MatchShape = {}): fc.Arbitrary<Match> {
  const regex = shape.valueRegex ?? true;
  return fc.record({
    path: fc.option(pathCond(shape.kinds), { nil: undefined, freq: 6 }),
    headers: conditions(HEADER_NAMES, regex),
    query: conditions(QUERY_NAMES, regex),
    method: fc.option(fc.constantFrom('GET', 'POST'), { nil: undefined, freq: 2 }),
  });
}

function mixConditions(a: readonly ValueCond[], b: readonly ValueCond[], names: readonly string[], fromA: readonly boolean[]): ValueCond[] {
  return names.flatMap((n, i) => (fromA[i] ? a : b).filter(c => c.name === n));
}

/** A match set taking each part (path, method, each header, each parameter) from `a` or `b` as `fromA` says (6 flags). */
export function mix(a: Match, b: Match, fromA: readonly boolean[]): Match {
  return {
    path: fromA[0] ? a.path : b.path,
    method: fromA[1] ? a.method : b.method,
    headers: mixConditions(a.headers, b.headers, HEADER_NAMES, fromA.slice(2, 4)),
    query: mixConditions(a.query, b.query, QUERY_NAMES, fromA.slice(4, 6)),
  };
}

/** Pairs of match sets that often contain one another: the second shares most parts with the first, either way round. */
export function relatedPair(shape: MatchShape = {}): fc.Arbitrary<[Match, Match]> {
  const shared = fc.tuple(matchArb(shape), matchArb(shape), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.boolean())
    .map(([a, b, fromA, swap]): [Match, Match] => (swap ? [mix(a, b, fromA), a] : [a, mix(a, b, fromA)]));
  return fc.oneof({ arbitrary: shared, weight: 3 }, { arbitrary: fc.tuple(matchArb(shape), matchArb(shape)), weight: 1 });
}
