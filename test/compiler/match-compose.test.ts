/** Match composition for delegation (parent AND child, RELATIVE and ABSOLUTE paths): tables, then laws against the brute-force oracle. */
import * as fc from 'fast-check';
import { matchArb, valueConditions } from './arbitraries';
import {
  badPairs, emptyParts, holds, Match, Parts, partsOf, pathOk, pathPool, sampleRequests, ValueCond, valueOk, VALUES,
} from './brute-force';
import { compose, effective, matchesRequest } from '../../src/compiler/algebra/match';
import { MatchModel, PathMode, ValueCondition } from '../../src/model';

type Kind = 'exact' | 'prefix' | 'segment' | 'regex';
const m = (x: Partial<MatchModel> = {}): MatchModel => ({ headers: [], query: [], ...x });
const P = (kind: Kind, value: string, x: Partial<MatchModel> = {}): MatchModel => m({ path: { kind, value }, ...x });
const c = (name: string, kind: ValueCondition['kind'], value = ''): ValueCondition => ({ name, kind, value });
const H = (...headers: ValueCondition[]) => m({ headers });
const Q = (...query: ValueCondition[]) => m({ query });

type Composed = [title: string, parent: MatchModel, child: MatchModel, expected: MatchModel];

function expectComposed(mode: PathMode, parent: MatchModel, child: MatchModel, expected: MatchModel): void {
  const result = compose(effective(parent), child, mode);
  expect(result.problem).toBeUndefined();
  expect(result.match).toEqual(effective(expected));
}

describe('RELATIVE: the child path is appended to the parent path', () => {
  const rows: Composed[] = [
    ['prefix + prefix', P('prefix', '/api'), P('prefix', '/v1'), P('prefix', '/api/v1')],
    ['a trailing slash of the parent is not doubled', P('prefix', '/api/'), P('prefix', '/v1'), P('prefix', '/api/v1')],
    ['segment + exact', P('segment', '/api'), P('exact', '/x'), P('exact', '/api/x')],
    ['segment + segment', P('segment', '/api/'), P('segment', '/v1'), P('segment', '/api/v1')],
    ['prefix + segment keeps the child kind', P('prefix', '/api'), P('segment', '/v1'), P('segment', '/api/v1')],
    ['segment + prefix keeps the child kind', P('segment', '/api'), P('prefix', '/v'), P('prefix', '/api/v')],
    ['the root parent leaves the child path as written', P('prefix', '/'), P('exact', '/x'), P('exact', '/x')],
    ['a parent without path is the root', m(), P('segment', '/x'), P('segment', '/x')],
    ['a child without path keeps the parent path', P('segment', '/api'), m(), P('segment', '/api')],
    ['the catch-all child prefix / keeps the parent path', P('prefix', '/api'), P('prefix', '/'), P('prefix', '/api')],
    ['the catch-all child regex .* keeps the parent path', P('segment', '/api'), P('regex', '.*'), P('segment', '/api')],
    ['a child exact / is the parent stem and /', P('prefix', '/api'), P('exact', '/'), P('exact', '/api/')],
    ['a regex child follows the escaped parent stem', P('prefix', '/a.b'), P('regex', '/[0-9]+'), P('regex', '/a\\.b(?:/[0-9]+)')],
    ['a regex child with alternation is grouped', P('prefix', '/api'), P('regex', 'x|y'), P('regex', '/api(?:x|y)')],
    ['a regex child under a segment may start with an escaped /', P('segment', '/api'), P('regex', '\\/v[0-9]'), P('regex', '/api(?:\\/v[0-9])')],
    ['a regex child under the root stays as written', P('prefix', '/'), P('regex', '/x|/y'), P('regex', '/x|/y')],
  ];
  test.each(rows)('%s', (_, parent, child, expected) => expectComposed('RELATIVE', parent, child, expected));
});

describe('ABSOLUTE: the child path is kept and must lie inside the parent path', () => {
  const rows: Composed[] = [
    ['prefix inside prefix', P('prefix', '/api'), P('prefix', '/api/v1'), P('prefix', '/api/v1')],
    ['a string prefix holds a longer string', P('prefix', '/team1'), P('prefix', '/team10'), P('prefix', '/team10')],
    ['exact inside segment', P('segment', '/api'), P('exact', '/api'), P('exact', '/api')],
    ['segment inside segment', P('segment', '/api'), P('segment', '/api/v1/'), P('segment', '/api/v1/')],
    ['segment inside the same string prefix', P('prefix', '/api'), P('segment', '/api'), P('segment', '/api')],
    ['prefix ending in / inside segment', P('segment', '/api'), P('prefix', '/api/'), P('prefix', '/api/')],
    ['a regex child under the root parent', m(), P('regex', '/x.*'), P('regex', '/x.*')],
    ['a child without path keeps the parent path', P('prefix', '/api'), m(), P('prefix', '/api')],
    ['the catch-all child segment / keeps the parent path', P('prefix', '/api'), P('segment', '/'), P('prefix', '/api')],
  ];
  test.each(rows)('%s', (_, parent, child, expected) => expectComposed('ABSOLUTE', parent, child, expected));
});

describe('headers, query parameters and method: parent AND child, in both modes', () => {
  const rows: Composed[] = [
    ['different headers are all required, sorted by name', H(c('x-b', 'exact', '1')), H(c('x-a', 'present')),
      H(c('x-a', 'present'), c('x-b', 'exact', '1'))],
    ['present AND exact is the exact', H(c('x', 'present')), H(c('x', 'exact', 'v')), H(c('x', 'exact', 'v'))],
    ['exact AND present is the exact', H(c('x', 'exact', 'v')), H(c('x', 'present')), H(c('x', 'exact', 'v'))],
    ['the longer of two prefixes', H(c('x', 'prefix', 'ab')), H(c('x', 'prefix', 'a')), H(c('x', 'prefix', 'ab'))],
    ['prefix AND an exact it allows is the exact', H(c('x', 'prefix', 'a')), H(c('x', 'exact', 'ab')), H(c('x', 'exact', 'ab'))],
    ['regex AND an exact it matches is the exact', H(c('x', 'regex', 'a.*')), H(c('x', 'exact', 'ab')), H(c('x', 'exact', 'ab'))],
    ['identical regexes are one condition', H(c('x', 'regex', '[0-9]+')), H(c('x', 'regex', '[0-9]+')), H(c('x', 'regex', '[0-9]+'))],
    ['query parameters combine like headers', Q(c('q', 'exact', '1')), Q(c('q', 'present')), Q(c('q', 'exact', '1'))],
    ['the parent method is inherited', m({ method: 'GET' }), m(), m({ method: 'GET' })],
    ['the child method is added', m(), m({ method: 'POST' }), m({ method: 'POST' })],
    ['equal methods are one', m({ method: 'GET' }), m({ method: 'GET' }), m({ method: 'GET' })],
  ];
  describe.each(['RELATIVE', 'ABSOLUTE'] as const)('%s', mode => {
    test.each(rows)('%s', (_, parent, child, expected) => expectComposed(mode, parent, child, expected));
  });

  test('no child match set: the parent match itself', () => {
    const parent = effective(P('prefix', '/api', { method: 'GET' }));
    expect(compose(parent, undefined, 'RELATIVE').match).toBe(parent);
    expect(compose(parent, undefined, 'ABSOLUTE').match).toBe(parent);
  });
});

describe('rejected compositions', () => {
  type Rejected = [title: string, mode: PathMode, parent: MatchModel, child: MatchModel, rule: string];
  const rows: Rejected[] = [
    ['two different exact header values', 'RELATIVE', H(c('x', 'exact', 'a')), H(c('x', 'exact', 'b')), 'UnsatisfiableMatch'],
    ['an exact value outside a prefix', 'ABSOLUTE', H(c('x', 'exact', 'ab')), H(c('x', 'prefix', 'b')), 'UnsatisfiableMatch'],
    ['prefixes neither of which extends the other', 'RELATIVE', H(c('x', 'prefix', 'a')), H(c('x', 'prefix', 'b')), 'UnsatisfiableMatch'],
    ['an exact value the regex does not match', 'RELATIVE', H(c('x', 'regex', 'a.*')), H(c('x', 'exact', 'b')), 'UnsatisfiableMatch'],
    ['two exact query values', 'ABSOLUTE', Q(c('q', 'exact', '1')), Q(c('q', 'exact', '2')), 'UnsatisfiableMatch'],
    ['two methods', 'RELATIVE', m({ method: 'GET' }), m({ method: 'POST' }), 'UnsatisfiableMatch'],
    ['prefix AND regex on one header', 'RELATIVE', H(c('x', 'prefix', 'a')), H(c('x', 'regex', 'a.*')), 'UncombinableMatch'],
    ['two different regexes on one header', 'ABSOLUTE', H(c('x', 'regex', 'a.*')), H(c('x', 'regex', '.*b')), 'UncombinableMatch'],
    ['a regex child not starting with / under a segment', 'RELATIVE', P('segment', '/api'), P('regex', 'v[0-9]'), 'UncombinableMatch'],
    ['a regex child not starting with / under a prefix ending in /', 'RELATIVE', P('prefix', '/a/'), P('regex', 'x'), 'UncombinableMatch'],
    ['a regex child whose leading / is optional', 'RELATIVE', P('segment', '/a'), P('regex', '/?x'), 'UncombinableMatch'],
    ['a regex child with a top-level alternative', 'RELATIVE', P('segment', '/a'), P('regex', '/.*|x'), 'UncombinableMatch'],
    ['a regex child under a non-root parent', 'ABSOLUTE', P('prefix', '/api'), P('regex', '/api/.*'), 'UncombinableMatch'],
    ['an exact path elsewhere', 'ABSOLUTE', P('prefix', '/api'), P('exact', '/other'), 'ChildOutsideParent'],
    ['a string prefix that leaves the segment', 'ABSOLUTE', P('segment', '/api'), P('prefix', '/apix'), 'ChildOutsideParent'],
    ['the same string prefix under a segment (/apix)', 'ABSOLUTE', P('segment', '/api'), P('prefix', '/api'), 'ChildOutsideParent'],
    ['a segment under its prefix with a trailing / (/api)', 'ABSOLUTE', P('prefix', '/api/'), P('segment', '/api'), 'ChildOutsideParent'],
    ['a wider prefix', 'ABSOLUTE', P('prefix', '/api/v1'), P('prefix', '/api'), 'ChildOutsideParent'],
    ['the path before the conditions', 'ABSOLUTE', P('prefix', '/a', H(c('x', 'exact', '1'))), P('exact', '/b', H(c('x', 'exact', '2'))),
      'ChildOutsideParent'],
  ];
  test.each(rows)('%s: %s', (_, mode, parent, child, rule) => {
    const result = compose(effective(parent), child, mode);
    expect(result.match).toBeUndefined();
    expect(result.problem?.rule).toBe(rule);
  });

  test('messages name what clashes', () => {
    expect(compose(effective(H(c('x-user', 'exact', 'a'))), H(c('x-user', 'exact', 'b')), 'RELATIVE').problem?.message)
      .toBe('header x-user exact "b" contradicts the parent\'s exact "a"');
    expect(compose(effective(P('segment', '/api')), P('prefix', '/apix'), 'ABSOLUTE').problem?.message)
      .toBe('prefix /apix lies outside the parent\'s segment prefix /api, so it can never match');
  });
});

describe('a RELATIVE child path that repeats the parent prefix is flagged', () => {
  const rows: Array<[parent: string, child: MatchModel, repeats: boolean]> = [
    ['/api', P('prefix', '/api/v1'), true],
    ['/api', P('exact', '/api'), true],
    ['/api/', P('segment', '/api/x'), true],
    ['/api', P('prefix', '/apix'), false],
    ['/api', P('prefix', '/v1'), false],
    ['/', P('prefix', '/api'), false],
    ['/api', P('regex', '/api/.*'), false],
  ];
  test.each(rows)('under prefix %s: %j', (parent, child, repeats) => {
    expect(compose(effective(P('prefix', parent)), child, 'RELATIVE').repeatsParentPrefix ?? false).toBe(repeats);
    expect(compose(effective(P('prefix', parent)), child, 'ABSOLUTE').repeatsParentPrefix ?? false).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Laws. `meaning` is what composition promises: the parent's conditions AND the child's, the child path read
// relative to the parent's stem (its path without trailing slashes) in RELATIVE mode, as written in ABSOLUTE mode.

const stemOf = (parent: Match) => (parent.path?.value ?? '/').replace(/\/+$/, '');

function childPathOk(parent: Match, child: Match, mode: PathMode, path: string): boolean {
  if (mode === 'ABSOLUTE') return pathOk(child.path, path);
  const stem = stemOf(parent);
  if (!path.startsWith(stem)) return false;
  // The catch-all child prefix `/` keeps the parent path as it is (the rest may be empty).
  return (child.path?.kind === 'prefix' && child.path.value === '/') || pathOk(child.path, path.slice(stem.length));
}

function meaning(parent: Match, child: Match, mode: PathMode): Parts {
  const both = partsOf(parent, { ...child, path: undefined });
  return { ...both, path: p => both.path(p) && childPathOk(parent, child, mode, p) };
}

/** Parent and child both condition one header or parameter in a way no single condition expresses. */
function oneConditionCannot(parent: readonly ValueCondition[], child: readonly ValueCondition[]): boolean {
  return parent.some(a => child.some(b => a.name === b.name && ![a.kind, b.kind].some(k => k === 'present' || k === 'exact')
    && !(a.kind === 'prefix' && b.kind === 'prefix') && !(a.kind === b.kind && a.value === b.value)));
}

/** The documented shapes of UncombinableMatch. */
function uncombinable(parent: Match, child: Match, mode: PathMode): boolean {
  const regexChild = child.path?.kind === 'regex' && child.path.value !== '.*';
  const root = stemOf(parent) === '';
  if (regexChild && !root && mode === 'ABSOLUTE') return true;
  // RELATIVE: under a segment prefix, or a prefix ending in "/", every alternative of the child must start with a literal "/".
  const needsSlash = parent.path?.kind === 'segment' || parent.path?.value.endsWith('/');
  const v = child.path?.value ?? '';
  if (regexChild && !root && needsSlash && (!/^(\/|\\\/)(?![?*+{])/.test(v) || v.includes('|'))) return true;
  return oneConditionCannot(parent.headers, child.headers) || oneConditionCannot(parent.query, child.query);
}

const parentArb = matchArb({ kinds: ['prefix', 'segment'] });
const cases = fc.record({ parent: parentArb, child: matchArb(), mode: fc.constantFrom<PathMode>('RELATIVE', 'ABSOLUTE'), seed: fc.nat() });

function poolFor(parent: Match, child: Match): string[] {
  const seeds = [parent.path?.value ?? '/', stemOf(parent)];
  if (child.path && child.path.kind !== 'regex') seeds.push(child.path.value, stemOf(parent) + child.path.value);
  return pathPool(seeds);
}

describe('laws of composition (brute force)', () => {
  test('a composed match set matches exactly the requests matching the parent AND the child', () => {
    const seen = { composed: 0, matching: 0, rejected: new Set<string>() };
    fc.assert(fc.property(cases, ({ parent, child, mode, seed }) => {
      const result = compose(effective(parent), child, mode);
      const mean = meaning(parent, child, mode);
      if (!result.match) {
        seen.rejected.add(result.problem!.rule);
        return;
      }
      seen.composed++;
      const requests = sampleRequests(seed, 300, [partsOf(result.match), mean], poolFor(parent, child));
      seen.matching += requests.filter(r => holds(mean, r)).length;
      expect(requests.find(r => matchesRequest(result.match!, r) !== holds(mean, r))).toBeUndefined();
    }), { numRuns: 400 });
    expect(seen.composed).toBeGreaterThan(100);
    expect(seen.matching).toBeGreaterThan(10000);
    expect([...seen.rejected].sort()).toEqual(['ChildOutsideParent', 'UncombinableMatch', 'UnsatisfiableMatch']);
  });

  test('a composition is rejected exactly when the parent AND the child is empty, uncombinable, or (ABSOLUTE) leaves the parent', () => {
    fc.assert(fc.property(cases, ({ parent, child, mode }) => {
      const result = compose(effective(parent), child, mode);
      const paths = poolFor(parent, child);
      const contradiction = emptyParts(partsOf(parent, { ...child, path: undefined }), paths).filter(p => p !== 'path');
      const outside = mode === 'ABSOLUTE' && child.path?.kind !== 'regex' && paths.some(p => pathOk(child.path, p) && !pathOk(parent.path, p));
      const rule = result.problem?.rule;
      if (rule === 'UnsatisfiableMatch') expect(contradiction).not.toEqual([]);
      if (rule === 'ChildOutsideParent') expect(outside).toBe(true);
      if (rule === 'UncombinableMatch') expect(uncombinable(parent, child, mode)).toBe(true);
      if (contradiction.length === 0 && !outside && !uncombinable(parent, child, mode)) expect(rule).toBeUndefined();
    }), { numRuns: 600 });
  });
});

/** Whether composing one header condition with another gives exactly both, or is rejected for the right reason. */
function composesRight(a: ValueCond, b: ValueCond): boolean {
  const result = compose(effective(H(a)), H(b), 'RELATIVE');
  const both = (v: string | undefined) => valueOk(a, v) && valueOk(b, v);
  if (result.match) return result.match.headers.length === 1 && VALUES.every(v => valueOk(result.match!.headers[0], v) === both(v));
  if (result.problem?.rule === 'UnsatisfiableMatch') return !VALUES.some(both);
  return result.problem?.rule === 'UncombinableMatch' && oneConditionCannot([a], [b]);
}

test('law, exhaustive: one header condition on each side composes to exactly both, or is rightly rejected', () => {
  expect(badPairs(valueConditions('x-a'), (a, b) => !composesRight(a, b))).toEqual([]);
});
