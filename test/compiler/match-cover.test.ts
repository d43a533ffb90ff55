/** Request matching, containment (covers), canonical keys, specificity and literal prefixes: tables, then brute-force laws. */
import * as fc from 'fast-check';
import { matchArb, PATH_CONDITIONS, PATH_REGEXES, PATH_VALUES, relatedPair, valueConditions } from './arbitraries';
import {
  badPairs, holds, includes, Match, PathCond, pathOk, PATHS, partsOf, pathPool, requestOk, sampleRequests, ValueCond, valueOk, VALUES,
} from './brute-force';
import {
  canonicalKey, covers, effective, isAnyPath, literalPrefix, matchesRequest, MatchRequest, pathCovers, pathKey, pathMatches, specificity, stem,
} from '../../src/compiler/algebra/match';
import { MatchModel, PathCondition, ValueCondition } from '../../src/model';

type Kind = PathCondition['kind'];
const p = (kind: Kind, value: string): PathCondition => ({ kind, value });
const c = (name: string, kind: ValueCondition['kind'], value = ''): ValueCondition => ({ name, kind, value });
const m = (x: Partial<MatchModel> = {}): MatchModel => ({ headers: [], query: [], ...x });
const req = (path: string, x: Partial<MatchRequest> = {}): MatchRequest => ({ path, method: 'GET', headers: {}, query: {}, ...x });

describe('matching a request path (Istio / Envoy semantics)', () => {
  const rows: Array<[Kind, string, string, boolean]> = [
    ['prefix', '/team1', '/team10', true],
    ['prefix', '/team1', '/team1', true],
    ['prefix', '/team1/', '/team1', false],
    ['segment', '/team1', '/team1', true],
    ['segment', '/team1', '/team1/', true],
    ['segment', '/team1', '/team1/x', true],
    ['segment', '/team1', '/team10', false],
    ['segment', '/team1/', '/team1', true],
    ['segment', '/', '/anything', true],
    ['exact', '/a', '/a', true],
    ['exact', '/a', '/a/', false],
    ['regex', '/items/[0-9]+', '/items/12', true],
    ['regex', '/items/[0-9]+', '/items/12/x', false],
    ['regex', '/items/[0-9]+', '/x/items/12', false],
    ['regex', 'a|/b', '/b', true],
    ['regex', 'a|/b', '/ab', false],
    ['regex', '/(?P<id>[0-9]+)', '/42', true],
  ];
  test.each(rows)('%s %s on %s: %s', (kind, value, path, expected) => {
    expect(pathMatches(p(kind, value), path)).toBe(expected);
    expect(matchesRequest(effective(m({ path: p(kind, value) })), req(path))).toBe(expected);
  });
});

describe('matching headers, query parameters and method', () => {
  const rows: Array<[string, MatchModel, Partial<MatchRequest>, boolean]> = [
    ['present matches an empty value', m({ headers: [c('x-a', 'present')] }), { headers: { 'x-a': '' } }, true],
    ['present needs the header', m({ headers: [c('x-a', 'present')] }), {}, false],
    ['exact', m({ headers: [c('x-a', 'exact', 'v')] }), { headers: { 'x-a': 'v' } }, true],
    ['exact is not a prefix', m({ headers: [c('x-a', 'exact', 'v')] }), { headers: { 'x-a': 'vv' } }, false],
    ['prefix', m({ headers: [c('x-a', 'prefix', 'v')] }), { headers: { 'x-a': 'vv' } }, true],
    ['regex matches the whole value', m({ headers: [c('x-a', 'regex', 'v+')] }), { headers: { 'x-a': 'vvx' } }, false],
    ['every condition must hold', m({ headers: [c('x-a', 'present'), c('x-b', 'present')] }), { headers: { 'x-a': '1' } }, false],
    ['query parameter', m({ query: [c('q', 'exact', '1')] }), { query: { q: '1' } }, true],
    ['a header does not satisfy a query condition', m({ query: [c('q', 'present')] }), { headers: { q: '1' } }, false],
    ['method', m({ method: 'POST' }), { method: 'POST' }, true],
    ['another method', m({ method: 'POST' }), {}, false],
  ];
  test.each(rows)('%s', (_, match, request, expected) => expect(matchesRequest(effective(match), req('/', request))).toBe(expected));
});

describe('catch-all paths, stems, keys', () => {
  const anyRows: Array<[Kind, string, boolean]> = [
    ['prefix', '/', true], ['segment', '/', true], ['segment', '//', true], ['regex', '.*', true],
    ['regex', '/.*', false], ['exact', '/', false], ['prefix', '/a', false], ['prefix', '', false],
  ];
  test.each(anyRows)('isAnyPath(%s %j) is %s', (kind, value, expected) => expect(isAnyPath(p(kind, value))).toBe(expected));

  test.each([['/a/', '/a'], ['/a//', '/a'], ['/', ''], ['/a/b', '/a/b']])('stem(%j) is %j', (value, expected) => expect(stem(value)).toBe(expected));

  const literalRows: Array<[string, string]> = [
    ['/a/b', '/a/b'], ['/a/[0-9]+', '/a/'], ['/ab*', '/a'], ['/ab?', '/a'], ['/ab{2}', '/a'], ['/a+', '/a'], ['/a.b', '/a'],
    ['\\/a\\.b', '/a.b'], ['/a\\d', '/a'], ['/a\\.*', '/a'], ['(?:/a)', ''], ['/a|/b', ''], ['^/a', ''], ['/a$', '/a'],
  ];
  test.each(literalRows)('literalPrefix(%j) is %j', (regex, expected) => expect(literalPrefix(regex)).toBe(expected));

  test.each([
    [p('segment', '/a/'), '/a'], [p('prefix', '/a/'), '/a/'], [p('exact', '/a'), '/a'],
    [p('prefix', '/'), ''], [p('regex', '.*'), ''], [p('regex', '/a/.*'), '/a/'],
  ])('pathKey(%j) is %j', (path, expected) => expect(pathKey(path)).toBe(expected));

  test('every path of the universe a regex matches starts with its literal prefix', () => {
    const regexes = [...PATH_REGEXES, '/ab*a', '/a\\/?b', '/b{0,2}a', '/a(b)', '/a[b]', '/ab+', '\\/\\/?a'];
    for (const re of regexes) {
      const prefix = literalPrefix(re);
      expect({ re, outside: PATHS.filter(path => pathMatches(p('regex', re), path) && !path.startsWith(prefix)) }).toEqual({ re, outside: [] });
    }
  });
});

describe('containment: pathCovers(a, b) when every path b matches, a matches', () => {
  const rows: Array<[PathCondition, PathCondition, boolean]> = [
    [p('prefix', '/a'), p('prefix', '/ab'), true],
    [p('prefix', '/ab'), p('prefix', '/a'), false],
    [p('prefix', '/a'), p('segment', '/a'), true],
    [p('prefix', '/a/'), p('segment', '/a'), false],
    [p('prefix', '/a'), p('exact', '/a'), true],
    [p('prefix', '/'), p('regex', 'x.*'), true],
    [p('segment', '/a'), p('prefix', '/a'), false],
    [p('segment', '/a'), p('prefix', '/a/'), true],
    [p('segment', '/a'), p('exact', '/a'), true],
    [p('segment', '/a'), p('exact', '/ab'), false],
    [p('segment', '/a'), p('segment', '/a/b'), true],
    [p('segment', '/a/'), p('segment', '/a'), true],
    [p('segment', '/a'), p('segment', '/ab'), false],
    [p('segment', '/a'), p('prefix', '/'), false],
    [p('segment', '/'), p('regex', '/x'), true],
    [p('exact', '/a'), p('exact', '/a'), true],
    [p('exact', '/a'), p('prefix', '/a'), false],
    [p('regex', '/a/[0-9]+'), p('exact', '/a/12'), true],
    [p('regex', '/a/[0-9]+'), p('exact', '/a/x'), false],
    [p('regex', '/a/[0-9]+'), p('regex', '/a/[0-9]+'), true],
    [p('regex', '.*'), p('segment', '/x'), true],
  ];
  test.each(rows)('pathCovers(%j, %j) is %s', (a, b, expected) => expect(pathCovers(a, b)).toBe(expected));
});

describe('containment: covers(a, b) for whole match sets', () => {
  const rows: Array<[string, MatchModel, MatchModel, boolean]> = [
    ['the catch-all covers anything', m(), m({ path: p('exact', '/x'), method: 'GET', headers: [c('x-a', 'exact', '1')] }), true],
    ['present covers exact', m({ headers: [c('x-a', 'present')] }), m({ headers: [c('x-a', 'exact', 'v')] }), true],
    ['exact does not cover present', m({ headers: [c('x-a', 'exact', 'v')] }), m({ headers: [c('x-a', 'present')] }), false],
    ['a header condition does not cover its absence', m({ headers: [c('x-a', 'present')] }), m(), false],
    ['a condition on another header does not cover', m({ headers: [c('x-a', 'present')] }), m({ headers: [c('x-b', 'present')] }), false],
    ['prefix covers a longer prefix', m({ headers: [c('x-a', 'prefix', 'a')] }), m({ headers: [c('x-a', 'prefix', 'ab')] }), true],
    ['prefix does not cover a shorter prefix', m({ headers: [c('x-a', 'prefix', 'ab')] }), m({ headers: [c('x-a', 'prefix', 'a')] }), false],
    ['regex covers an exact value it matches', m({ headers: [c('x-a', 'regex', 'a.*')] }), m({ headers: [c('x-a', 'exact', 'ab')] }), true],
    ['fewer conditions cover more', m({ path: p('prefix', '/a') }), m({ path: p('prefix', '/ab'), query: [c('q', 'present')] }), true],
    ['no method covers a method', m(), m({ method: 'GET' }), true],
    ['a method does not cover every method', m({ method: 'GET' }), m(), false],
    ['query conditions count', m({ query: [c('q', 'exact', '1')] }), m({ query: [c('q', 'exact', '2')] }), false],
  ];
  test.each(rows)('%s', (_, a, b, expected) => expect(covers(effective(a), effective(b))).toBe(expected));
});

describe('canonical keys and specificity', () => {
  const same: Array<[string, MatchModel, MatchModel]> = [
    ['segment with or without a trailing /', m({ path: p('segment', '/a') }), m({ path: p('segment', '/a/') })],
    ['the catch-alls prefix /, segment /, .* and no path', m({ path: p('segment', '/') }), m({ path: p('regex', '.*') })],
    ['no path and prefix /', m(), m({ path: p('prefix', '/') })],
    ['header order', m({ headers: [c('x-a', 'present'), c('x-b', 'present')] }), m({ headers: [c('x-b', 'present'), c('x-a', 'present')] })],
  ];
  test.each(same)('same key: %s', (_, a, b) => expect(canonicalKey(effective(a))).toBe(canonicalKey(effective(b))));

  const different: Array<[string, MatchModel, MatchModel]> = [
    ['prefix and segment', m({ path: p('prefix', '/a') }), m({ path: p('segment', '/a') })],
    ['prefix with and without a trailing /', m({ path: p('prefix', '/a') }), m({ path: p('prefix', '/a/') })],
    ['a header and a query parameter', m({ headers: [c('x', 'present')] }), m({ query: [c('x', 'present')] })],
    ['a method', m(), m({ method: 'GET' })],
  ];
  test.each(different)('different keys: %s', (_, a, b) => expect(canonicalKey(effective(a))).not.toBe(canonicalKey(effective(b))));

  test('specificity sorts exact, then regex, then longer prefixes, then more conditions', () => {
    const ordered = [
      m({ path: p('exact', '/a') }), m({ path: p('regex', '/a/.*') }), m({ path: p('segment', '/abc/') }),
      m({ path: p('prefix', '/ab'), method: 'GET' }), m({ path: p('prefix', '/ab') }), m(),
    ].map(x => specificity(effective(x)));
    const sorted = [...ordered].sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    expect(sorted).toEqual(ordered);
    expect(new Set(ordered.map(k => k.join())).size).toBe(ordered.length);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Laws against the brute-force matcher.

const poolOf = (...ms: Match[]) => pathPool(ms.flatMap(x => (x.path && x.path.kind !== 'regex' ? [x.path.value] : [])));
const CATCH_ALLS: Array<Match['path']> = [undefined, p('prefix', '/'), p('segment', '/'), p('regex', '.*')];
const catchAll = (x: Match['path']) => CATCH_ALLS.some(y => y?.kind === x?.kind && y?.value === x?.value);

/** The same match set written another way: another catch-all, a segment with or without its trailing `/`, conditions reversed. */
function rewritten(x: Match): fc.Arbitrary<Match> {
  const v = x.path?.value ?? '';
  const path = catchAll(x.path) ? fc.constantFrom(...CATCH_ALLS)
    : x.path?.kind === 'segment' ? fc.constantFrom(x.path, p('segment', v.endsWith('/') ? v.slice(0, -1) : `${v}/`)) : fc.constant(x.path);
  return path.map(pp => ({ ...x, path: pp, headers: [...x.headers].reverse(), query: [...x.query].reverse() }));
}

const regexFree = (x: Match) => x.path?.kind !== 'regex' && [...x.headers, ...x.query].every(v => v.kind !== 'regex');

describe('laws of matching and containment (brute force)', () => {
  test('matchesRequest agrees with the brute-force matcher', () => {
    fc.assert(fc.property(matchArb(), fc.nat(), (x, seed) => {
      const requests = sampleRequests(seed, 200, [partsOf(x)], poolOf(x));
      expect(requests.find(r => matchesRequest(effective(x), r) !== requestOk(x, r))).toBeUndefined();
    }), { numRuns: 300 });
  });

  test('soundness: when covers(a, b), every request matching b matches a (1000 requests per pair)', () => {
    let covered = 0;
    fc.assert(fc.property(relatedPair(), fc.nat(), ([a, b], seed) => {
      if (!covers(effective(a), effective(b))) return;
      covered++;
      const requests = sampleRequests(seed, 1000, [partsOf(b)], poolOf(a, b));
      expect(requests.find(r => requestOk(b, r) && !requestOk(a, r))).toBeUndefined();
    }), { numRuns: 400 });
    expect(covered).toBeGreaterThan(40);
  });

  test('completeness without regexes: when every request matching b matches a, covers(a, b)', () => {
    let contained = 0;
    fc.assert(fc.property(relatedPair({ kinds: ['exact', 'prefix', 'segment'], valueRegex: false }), ([a, b]) => {
      if (!includes(partsOf(a), partsOf(b), poolOf(a, b))) return;
      contained++;
      expect(covers(effective(a), effective(b))).toBe(true);
    }), { numRuns: 500 });
    expect(contained).toBeGreaterThan(60);
  });

  test('equal canonical keys match the same requests; without regexes, equal keys are mutual containment', () => {
    let equal = 0;
    fc.assert(fc.property(relatedPair(), fc.nat(), ([a, b], seed) => {
      const [ea, eb] = [effective(a), effective(b)];
      const same = canonicalKey(ea) === canonicalKey(eb);
      if (regexFree(a) && regexFree(b)) expect(same).toBe(covers(ea, eb) && covers(eb, ea));
      if (!same) return;
      equal++;
      const requests = sampleRequests(seed, 300, [partsOf(a), partsOf(b)], poolOf(a, b));
      expect(requests.find(r => holds(partsOf(a), r) !== holds(partsOf(b), r))).toBeUndefined();
    }), { numRuns: 400 });
    expect(equal).toBeGreaterThan(5);
  });

  test('a match set written another way has the same canonical key (and matches the same requests)', () => {
    fc.assert(fc.property(matchArb().chain(x => fc.tuple(fc.constant(x), rewritten(x))), ([a, b]) => {
      const paths = poolOf(a, b);
      expect(includes(partsOf(a), partsOf(b), paths) && includes(partsOf(b), partsOf(a), paths)).toBe(true);
      expect(canonicalKey(effective(b))).toBe(canonicalKey(effective(a)));
    }), { numRuns: 200 });
  });
});

describe('exhaustive laws over every single condition the generators draw', () => {
  const plain = (x: { kind: string }) => x.kind !== 'regex';
  const paths = pathPool(PATH_VALUES);
  const hits = new Map(PATH_CONDITIONS.map(x => [x, paths.map(path => pathOk(x, path))]));
  const pathWithin = (a: PathCond, b: PathCond) => hits.get(b)!.every((hit, i) => !hit || hits.get(a)![i]);
  const valueWithin = (a: ValueCond, b: ValueCond) => VALUES.every(v => !valueOk(b, v) || valueOk(a, v));
  const one = (x: ValueCond) => effective({ headers: [x], query: [] });
  const conditions = valueConditions('x-a');

  test('pathCovers is sound, and exact without regexes', () => {
    expect(badPairs(PATH_CONDITIONS, (a, b) => (pathCovers(a, b) ? !pathWithin(a, b) : plain(a) && plain(b) && pathWithin(a, b)))).toEqual([]);
  });

  test('covers on one header is sound, and exact without regexes', () => {
    expect(badPairs(conditions, (a, b) => (covers(one(a), one(b)) ? !valueWithin(a, b) : plain(a) && plain(b) && valueWithin(a, b)))).toEqual([]);
  });
});
