/** Overlap of match sets (pathsOverlap, overlaps) and the path index forEachOverlap: tables, then laws against pairwise and brute force. */
import * as fc from 'fast-check';
import { matchArb, PATH_CONDITIONS, PATH_VALUES, valueConditions } from './arbitraries';
import { badPairs, Match, PathCond, partsOf, pathOk, pathPool, satisfiable, ValueCond, valueOk, VALUES } from './brute-force';
import { effective, EffectiveMatch, overlaps, pathsOverlap } from '../../src/compiler/algebra/match';
import { forEachOverlap, OrderedMatch } from '../../src/compiler/algebra/overlap-pairs';
import { MatchModel, PathCondition, ValueCondition } from '../../src/model';

const p = (kind: PathCondition['kind'], value: string): PathCondition => ({ kind, value });
const m = (x: Partial<MatchModel> = {}): MatchModel => ({ headers: [], query: [], ...x });
const h = (name: string, kind: ValueCondition['kind'], value = ''): ValueCondition => ({ name, kind, value });

describe('pathsOverlap: some path satisfies both', () => {
  const rows: Array<[PathCondition, PathCondition, boolean]> = [
    [p('prefix', '/a'), p('prefix', '/ab'), true],
    [p('prefix', '/ab'), p('prefix', '/b'), false],
    [p('segment', '/a'), p('prefix', '/ab'), false],
    [p('segment', '/a'), p('prefix', '/a/'), true],
    [p('segment', '/a'), p('prefix', '/a'), true],
    [p('prefix', '/a/x'), p('segment', '/a'), true],
    [p('segment', '/a'), p('segment', '/a/b'), true],
    [p('segment', '/a'), p('segment', '/ab'), false],
    [p('exact', '/a'), p('segment', '/a'), true],
    [p('exact', '/ab'), p('segment', '/a'), false],
    [p('exact', '/a'), p('exact', '/b'), false],
    [p('regex', '/a/[0-9]+'), p('exact', '/a/1'), true],
    [p('regex', '/a/[0-9]+'), p('exact', '/a/x'), false],
    [p('regex', '/a.*'), p('prefix', '/b'), false],
    [p('regex', '/a.*'), p('prefix', '/ab'), true],
    [p('regex', '/a.*'), p('regex', '/b.*'), false],
    [p('regex', '/x|/y'), p('prefix', '/a'), true],
    [p('regex', '.*'), p('exact', '/q'), true],
  ];
  test.each(rows)('%j and %j: %s', (a, b, expected) => {
    expect(pathsOverlap(a, b)).toBe(expected);
    expect(pathsOverlap(b, a)).toBe(expected);
  });
});

describe('overlaps: some request satisfies both match sets', () => {
  const rows: Array<[string, MatchModel, MatchModel, boolean]> = [
    ['two methods', m({ method: 'GET' }), m({ method: 'POST' }), false],
    ['a method and none', m({ method: 'GET' }), m(), true],
    ['two exact header values', m({ headers: [h('x', 'exact', 'a')] }), m({ headers: [h('x', 'exact', 'b')] }), false],
    ['an exact value and a prefix of it', m({ headers: [h('x', 'exact', 'ab')] }), m({ headers: [h('x', 'prefix', 'a')] }), true],
    ['unrelated prefixes', m({ headers: [h('x', 'prefix', 'a')] }), m({ headers: [h('x', 'prefix', 'b')] }), false],
    ['present and anything', m({ headers: [h('x', 'present')] }), m({ headers: [h('x', 'exact', '')] }), true],
    ['conditions on different headers', m({ headers: [h('x', 'exact', 'a')] }), m({ headers: [h('y', 'exact', 'b')] }), true],
    ['two exact query values', m({ query: [h('q', 'exact', '1')] }), m({ query: [h('q', 'exact', '2')] }), false],
    ['disjoint paths', m({ path: p('exact', '/a') }), m({ path: p('exact', '/b') }), false],
  ];
  test.each(rows)('%s: %s', (_, a, b, expected) => {
    expect(overlaps(effective(a), effective(b))).toBe(expected);
    expect(overlaps(effective(b), effective(a))).toBe(expected);
  });
});

interface Entry extends OrderedMatch {
  readonly id: string;
}

/** The pairs forEachOverlap visits, as `earlier>later` ids, in visiting order. */
function visited(entries: readonly Entry[]): string[] {
  const out: string[] = [];
  forEachOverlap(entries, (earlier, later) => out.push(`${earlier.id}>${later.id}`));
  return out;
}

const entry = (id: string, order: number, x: MatchModel): Entry => ({ id, order, match: effective(x) });

describe('forEachOverlap (table)', () => {
  test('string prefixes, a segment and an exact path', () => {
    const entries = [
      entry('a', 0, m({ path: p('prefix', '/a') })), entry('ab', 1, m({ path: p('prefix', '/ab') })), entry('b', 2, m({ path: p('prefix', '/b') })),
      entry('seg', 3, m({ path: p('segment', '/a') })), entry('ex', 4, m({ path: p('exact', '/ab') })),
    ];
    expect(visited(entries).sort()).toEqual(['a>ab', 'a>ex', 'a>seg', 'ab>ex']);
  });

  test('pairs follow the orders, not the positions in the list', () => {
    const entries = [entry('late', 5, m({ path: p('prefix', '/a') })), entry('early', 1, m({ path: p('prefix', '/ab') }))];
    expect(visited(entries)).toEqual(['early>late']);
  });

  test('a catch-all and a regex with alternation (no literal prefix) meet every path', () => {
    const entries = [entry('all', 0, m()), entry('alt', 1, m({ path: p('regex', '/x|/y') })), entry('z', 2, m({ path: p('prefix', '/z') }))];
    expect(visited(entries).sort()).toEqual(['all>alt', 'all>z', 'alt>z']);
  });

  test('the same path with contradicting headers is no pair; each pair is visited once', () => {
    const entries = [
      entry('x1', 0, m({ path: p('prefix', '/a'), headers: [h('x', 'exact', '1')] })),
      entry('x2', 1, m({ path: p('prefix', '/a'), headers: [h('x', 'exact', '2')] })),
      entry('any', 2, m({ path: p('prefix', '/a') })),
    ];
    expect(visited(entries).sort()).toEqual(['x1>any', 'x2>any']);
  });

  test('no entries, one entry', () => {
    expect(visited([])).toEqual([]);
    expect(visited([entry('a', 0, m())])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Laws: the index finds exactly the pairs a pairwise scan with overlaps() finds, and every pair some request
// satisfies (brute force); without regular expressions, every pair it reports has such a request.

const NO_REGEX = { kinds: ['exact', 'prefix', 'segment'], valueRegex: false } as const;
const entriesArb = (regex: boolean) => fc.array(matchArb(regex ? {} : NO_REGEX), { maxLength: 10 })
  .chain(ms => fc.shuffledSubarray(ms.map((_, i) => i), { minLength: ms.length, maxLength: ms.length })
    .map(orders => ms.map((x, i): Entry & { model: Match } => ({ id: `e${i}`, order: orders[i], match: effective(x), model: x }))));

/** Every pair `earlier>later` (by order) for which `together` holds. */
function pairwise<T extends Entry>(entries: readonly T[], together: (a: T, b: T) => boolean): string[] {
  return entries.flatMap(a => entries.filter(b => a.order < b.order && together(a, b)).map(b => `${a.id}>${b.id}`));
}

const pathsOf = (es: ReadonlyArray<{ match: EffectiveMatch }>) => pathPool(es.map(e => e.match.path.value));

describe('laws of the path index', () => {
  test('forEachOverlap visits each pair overlaps() accepts exactly once, earlier first (overlaps() symmetric)', () => {
    let pairs = 0;
    fc.assert(fc.property(entriesArb(true), entries => {
      const got = visited(entries);
      pairs += got.length;
      expect(new Set(got).size).toBe(got.length);
      expect(got.sort()).toEqual(pairwise(entries, (a, b) => overlaps(a.match, b.match)).sort());
      expect(pairwise(entries, (a, b) => overlaps(a.match, b.match) !== overlaps(b.match, a.match))).toEqual([]);
    }), { numRuns: 300 });
    expect(pairs).toBeGreaterThan(500);
  });

  test('completeness: every pair some request satisfies is visited (brute force)', () => {
    fc.assert(fc.property(entriesArb(true), entries => {
      const paths = pathsOf(entries);
      const got = new Set(visited(entries));
      const missed = pairwise(entries, (a, b) => satisfiable(partsOf(a.model, b.model), paths)).filter(x => !got.has(x));
      expect(missed).toEqual([]);
    }), { numRuns: 200 });
  });

  test('precision without regexes: every visited pair is satisfied by some request (brute force)', () => {
    fc.assert(fc.property(entriesArb(false), entries => {
      const paths = pathsOf(entries);
      const byId = new Map(entries.map(e => [e.id, e]));
      const empty = visited(entries).filter(x => {
        const [a, b] = x.split('>').map(id => byId.get(id)!.model);
        return !satisfiable(partsOf(a, b), paths);
      });
      expect(empty).toEqual([]);
    }), { numRuns: 200 });
  });
});

describe('exhaustive laws over every single condition the generators draw', () => {
  const plain = (x: { kind: string }) => x.kind !== 'regex';
  const paths = pathPool(PATH_VALUES);
  const hits = new Map(PATH_CONDITIONS.map(x => [x, paths.map(path => pathOk(x, path))]));
  const pathsMeet = (a: PathCond, b: PathCond) => hits.get(a)!.some((hit, i) => hit && hits.get(b)![i]);
  const valuesMeet = (a: ValueCond, b: ValueCond) => VALUES.some(v => valueOk(a, v) && valueOk(b, v));
  const one = (x: ValueCond) => effective({ headers: [x], query: [] });
  const conditions = valueConditions('x-a');

  test('pathsOverlap is complete, and exact without regexes', () => {
    expect(badPairs(PATH_CONDITIONS, (a, b) => (pathsOverlap(a, b) ? plain(a) && plain(b) && !pathsMeet(a, b) : pathsMeet(a, b)))).toEqual([]);
  });

  test('overlaps on one header is complete, and exact without regexes', () => {
    expect(badPairs(conditions, (a, b) => (overlaps(one(a), one(b)) ? plain(a) && plain(b) && !valuesMeet(a, b) : valuesMeet(a, b)))).toEqual([]);
  });
});
