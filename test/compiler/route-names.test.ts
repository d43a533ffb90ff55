import * as fc from 'fast-check';
import { routeName } from '../../src/compiler/chains';
import { ChainLink, FlatRoute } from '../../src/compiler/compiled';
import { nameOccurrences } from '../../src/compiler/route-names';
import { RouteModel, RouteTableModel } from '../../src/model';

/** A link of table `t` (namespace `ns`) and route `r`. */
const link = (t: string, ns: string, r: string): ChainLink =>
  ({ table: { name: t, namespace: ns, path: `${ns}/${t}` } as RouteTableModel, route: { name: r } as RouteModel });

/** A flattened route through `chain`, named as the flattener names it. */
const routeOf = (chain: ChainLink[]): FlatRoute => ({ name: routeName(chain), matches: [], action: { type: 'direct', status: 200 }, chain });

/** The reference: occurrences counted by the names' text. */
const byText = (routes: readonly FlatRoute[]) => {
  const seen = new Map<string, number>();
  return routes.map(r => seen.set(r.name, (seen.get(r.name) ?? 0) + 1).get(r.name)!);
};

describe('occurrences of flattened route names in a host', () => {
  test('equal names count up, whether their chains share links or only names', () => {
    const root = link('root', 'ops', 'team');
    const child = link('rt', 'a', 'r1');
    const twin = link('rt', 'b', 'r1');
    const routes = [routeOf([root, child]), routeOf([root, twin]), routeOf([root, child]), routeOf([root, link('rt', 'a', 'r2')])];
    expect(nameOccurrences(routes)).toEqual([1, 2, 3, 1]);
  });

  test('names joined ambiguously (a dot inside a name) are counted by their text', () => {
    const routes = [routeOf([link('a.b', 'n', 'c')]), routeOf([link('a', 'n', 'b.c')]), routeOf([link('a', 'n', 'b'), link('c', 'n', 'd')])];
    expect(routes[0].name).toBe(routes[1].name);
    expect(nameOccurrences(routes)).toEqual([1, 2, 1]);
  });

  test('agree with counting by text on any chains, links shared or not', () => {
    /** Hosts of up to 30 routes through up to 4 links drawn from a pool of links named from `names`. */
    const hosts = (names: string[]) => {
      const name = fc.constantFrom(...names);
      const pool = fc.array(fc.tuple(name, fc.constantFrom('x', 'y'), name).map(([t, ns, r]) => link(t, ns, r)), { minLength: 1, maxLength: 6 });
      return pool.chain(links => fc.array(
        fc.array(fc.integer({ min: 0, max: links.length - 1 }), { minLength: 1, maxLength: 4 }).map(ix => routeOf(ix.map(i => links[i]))),
        { maxLength: 30 },
      ));
    };
    for (const names of [['a', 'b', 'rt-1'], ['a', 'b', 'a.b', 'b.a', '', 'rt-1']]) {
      fc.assert(fc.property(hosts(names), routes => {
        expect(nameOccurrences(routes)).toEqual(byText(routes));
      }), { numRuns: 3000 });
    }
  });
});
