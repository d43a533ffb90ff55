/** Shadowing and conflicts on one host (checkOverlaps and its coverage index): tables, then laws against pairwise covers and brute force. */
import * as fc from 'fast-check';
import { matchArb } from './arbitraries';
import { includes, Match, partsOf, pathPool } from './brute-force';
import { canonicalKey, covers, describeMatch, effective, EffectiveMatch } from '../../src/compiler/algebra/match';
import { FlatRoute } from '../../src/compiler/compiled';
import { Diagnostics } from '../../src/compiler/diagnostics/catalogue';
import { checkOverlaps } from '../../src/compiler/passes/overlaps';
import { MatchModel, PathCondition, RouteTableModel, ValueCondition } from '../../src/model';

const tables = new Map<string, RouteTableModel>();
function tableOf(name: string, tolerateShadowing = false): RouteTableModel {
  const key = `${name}|${tolerateShadowing}`;
  if (!tables.has(key)) {
    tables.set(key, { path: `mesh/${name}`, name, namespace: 'ns', hosts: [], gateways: [], weight: 0, labels: {}, routes: [], tolerateShadowing });
  }
  return tables.get(key)!;
}

/** A flattened route `name` of `table` with these match sets. */
function route(name: string, table: RouteTableModel, matches: readonly Match[]): FlatRoute {
  const model = { name, matches: matches as MatchModel[], action: { type: 'direct' as const, status: 200 } };
  return { name, matches: matches.map(x => effective(x)), action: model.action, chain: [{ table, route: model }] };
}

/** Each diagnostic as `CODE severity subject [other]`, route names only. */
function summary(routes: readonly FlatRoute[]): string[] {
  const d = new Diagnostics();
  checkOverlaps('ns/gw', 'api.example.com', routes, d);
  return d.sorted().map(x => [x.code, x.severity, ...[...x.message.matchAll(/route "([^"]+)"/g)].map(g => g[1])].join(' '));
}

/** A match set on the path `kind value` (`any`: no path), with optional conditions. */
function on(path: string, x: Partial<MatchModel> = {}): MatchModel {
  const [kind, value] = path.split(' ');
  return { headers: [], query: [], ...(kind === 'any' ? {} : { path: { kind: kind as PathCondition['kind'], value } }), ...x };
}
const h = (name: string, kind: ValueCondition['kind'], value = ''): ValueCondition => ({ name, kind, value });
const T1 = tableOf('t1');
const T2 = tableOf('t2');
const TT = tableOf('t', true);
const R = (name: string, table: RouteTableModel, ...paths: Array<string | MatchModel>) =>
  route(name, table, paths.map(x => (typeof x === 'string' ? on(x) : x)));

describe('shadowing and conflicts (table)', () => {
  const rows: Array<[string, FlatRoute[], string[]]> = [
    ['a catch-all first shadows what follows', [R('all', T1, 'any'), R('x', T1, 'prefix /x')], ['MESH502 error x all']],
    ['a string prefix shadows a longer one', [R('a', T1, 'prefix /a'), R('ab', T1, 'prefix /ab')], ['MESH502 error ab a']],
    ['a longer prefix first shadows nothing', [R('ab', T1, 'prefix /ab'), R('a', T1, 'prefix /a')], []],
    ['a segment does not shadow a longer string prefix', [R('a', T1, 'segment /a'), R('ab', T1, 'prefix /ab')], []],
    ['a segment shadows an exact path inside it', [R('a', T1, 'segment /a'), R('ax', T1, 'exact /a/x')], ['MESH502 error ax a']],
    ['one of two match sets covered', [R('a', T1, 'prefix /a'), R('two', T1, 'exact /a/x', 'exact /b')], ['MESH503 warning two a']],
    ['the same match in another table conflicts', [R('one', T1, 'prefix /a'), R('two', T2, 'prefix /a')], ['MESH501 error two one']],
    ['the same match in the same table shadows', [R('one', T1, 'prefix /a'), R('two', T1, 'prefix /a')], ['MESH502 error two one']],
    ['equivalent segments in two tables conflict', [R('one', T1, 'segment /a'), R('two', T2, 'segment /a/')], ['MESH501 error two one']],
    ['tolerated shadowing in one table is a warning', [R('a', TT, 'prefix /a'), R('ab', TT, 'prefix /ab')], ['MESH502 warning ab a']],
    ['tolerated shadowing across tables is still an error', [R('a', T1, 'prefix /a'), R('ab', TT, 'prefix /ab')], ['MESH502 error ab a']],
    ['a narrower header is shadowed', [R('a', T1, on('prefix /a', { headers: [h('x', 'present')] })),
      R('b', T1, on('prefix /a/b', { headers: [h('x', 'exact', '1')] }))], ['MESH502 error b a']],
    ['an earlier header the later route lacks shadows nothing', [R('a', T1, on('prefix /a', { headers: [h('x', 'present')] })),
      R('b', T1, 'prefix /a/b')], []],
    ['an exact path after a regex matching it', [R('re', T1, 'regex /a/[0-9]+'), R('ex', T1, 'exact /a/12')], ['MESH502 error ex re']],
    ['a regex after an exact path', [R('ex', T1, 'exact /a/12'), R('re', T1, 'regex /a/[0-9]+')], []],
    ['two catch-alls written differently in two tables conflict', [R('one', T1, 'prefix //'), R('two', T2, 'segment /')],
      ['MESH501 error two one']],
    // Only JavaScript can pass an empty method: written as no method, it conflicts as it did before keys were made lazily.
    ['an empty method conflicts with none', [R('one', T1, on('prefix /a', { headers: [h('x', 'exact', '1')], method: '' as never })),
      R('two', T2, on('prefix /a', { headers: [h('x', 'exact', '1')] }))], ['MESH501 error two one']],
    ['the earliest coverer is named', [R('a', T1, 'prefix /a'), R('ab', T1, 'prefix /ab'), R('abc', T1, 'prefix /abc')],
      ['MESH502 error ab a', 'MESH502 error abc a']],
  ];
  test.each(rows)('%s', (_, routes, expected) => expect(summary(routes)).toEqual(expected));

  test('a catch-all coverer is told to come last', () => {
    const d = new Diagnostics();
    checkOverlaps('ns/gw', 'h', [R('all', T1, 'any'), R('x', T1, 'prefix /x')], d);
    expect(d.sorted()[0].message).toMatch(/\(a catch-all route must come last\)$/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Laws: the index finds what a pairwise scan with covers() finds, and every report holds for the brute-force matcher.

const routesArb = fc.array(fc.tuple(fc.array(matchArb(), { minLength: 1, maxLength: 2 }), fc.boolean()), { minLength: 2, maxLength: 7 })
  .map(rs => rs.map(([matches, second], i) => route(`r${i}`, second ? T2 : T1, matches)));

/** Index of the earliest route before `i` with a match set covering `x` (pairwise covers). */
const coverer = (routes: readonly FlatRoute[], i: number, x: EffectiveMatch) => routes.slice(0, i).findIndex(r => r.matches.some(y => covers(y, x)));

/** Whether the route holds a match set with the key of one of an earlier route of another table (a conflict). */
function conflicts(routes: readonly FlatRoute[], i: number): boolean {
  const table = (r: FlatRoute) => r.chain[0].table;
  return routes[i].matches.some(x => {
    const first = routes.slice(0, i).find(r => r.matches.some(y => canonicalKey(y) === canonicalKey(x)));
    return first !== undefined && table(first) !== table(routes[i]);
  });
}

/** What a pairwise scan expects for route `i`, as `CODE subject coverer` (undefined: a conflict, or nothing to say). */
function scanned(routes: readonly FlatRoute[], i: number): string | undefined {
  const found = routes[i].matches.map(x => coverer(routes, i, x));
  const covered = found.filter(j => j >= 0);
  if (covered.length === 0) return undefined;
  const code = covered.length === found.length ? 'MESH502' : 'MESH503';
  return `${code} r${i} r${covered[0]}`;
}

const pathsOf = (routes: readonly FlatRoute[]) => pathPool(routes.flatMap(r => r.matches.map(x => x.path.value)));

describe('laws of shadowing', () => {
  test('the coverage index reports what a pairwise scan with covers() finds, naming the earliest coverer', () => {
    let reported = 0;
    fc.assert(fc.property(routesArb, routes => {
      const got = summary(routes).map(s => s.split(' ')).filter(s => s[0] !== 'MESH501').map(([code, , ...names]) => [code, ...names].join(' '));
      const want = routes.map((_, i) => (conflicts(routes, i) ? undefined : scanned(routes, i))).filter((s): s is string => s !== undefined);
      reported += got.length;
      expect(got.sort()).toEqual(want.sort());
    }), { numRuns: 300 });
    expect(reported).toBeGreaterThan(50);
  });

  test('conflicts are what a pairwise scan of canonical keys finds: one per match set, naming the first route with its key', () => {
    let reported = 0;
    // Match sets drawn from a small pool, so that some repeat across routes and tables.
    const repeating = fc.array(matchArb(), { minLength: 1, maxLength: 3 }).chain(pool => fc.array(
      fc.tuple(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 2 }), fc.boolean()), { minLength: 2, maxLength: 7 },
    )).map(rs => rs.map(([matches, second], i) => route(`r${i}`, second ? T2 : T1, matches)));
    fc.assert(fc.property(repeating, routes => {
      const got = summary(routes).filter(s => s.startsWith('MESH501')).map(s => s.split(' ')).map(([code, , ...names]) => [code, ...names].join(' '));
      const table = (r: FlatRoute) => r.chain[0].table;
      // One finding per route, earlier route and match set as written (equal findings are reported once).
      const want = routes.flatMap((r, i) => [...new Set(r.matches.flatMap(x => {
        const first = routes.slice(0, i).find(e => e.matches.some(y => canonicalKey(y) === canonicalKey(x)));
        return first && table(first) !== table(r) ? [`MESH501 r${i} ${first.name}|${describeMatch(x)}`] : [];
      }))].map(f => f.split('|')[0]));
      reported += got.length;
      expect(got.sort()).toEqual(want.sort());
    }), { numRuns: 300 });
    expect(reported).toBeGreaterThan(100);
  });

  test('a shadowed route can never match: every request it matches is matched by an earlier route (brute force)', () => {
    fc.assert(fc.property(routesArb, routes => {
      const paths = pathsOf(routes);
      for (const line of summary(routes).filter(s => s.startsWith('MESH502'))) {
        const i = Number(line.split(' ')[2].slice(1));
        const earlier = routes.slice(0, i).flatMap(r => r.matches);
        const free = routes[i].matches.filter(x => !earlier.some(y => includes(partsOf(y), partsOf(x), paths)));
        expect({ line, free }).toEqual({ line, free: [] });
      }
    }), { numRuns: 150 });
  });

  test('a conflict names two routes of different tables with a match set of the same requests (brute force)', () => {
    fc.assert(fc.property(routesArb, routes => {
      const paths = pathsOf(routes);
      const byName = new Map(routes.map(r => [r.name, r]));
      for (const line of summary(routes).filter(s => s.startsWith('MESH501'))) {
        const [a, b] = line.split(' ').slice(2).map(n => byName.get(n)!);
        expect(a.chain[0].table).not.toBe(b.chain[0].table);
        const same = (x: Match, y: Match) => includes(partsOf(x), partsOf(y), paths) && includes(partsOf(y), partsOf(x), paths);
        expect(a.matches.some(x => b.matches.some(y => same(x, y)))).toBe(true);
      }
    }), { numRuns: 150 });
  });
});
