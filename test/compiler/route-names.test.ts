import * as fc from 'fast-check';
import { routeName } from '../../src/compiler/chains';
import { compileMesh } from '../../src/compiler/compile';
import { ChainLink, FlatRoute } from '../../src/compiler/compiled';
import { nameOccurrences } from '../../src/compiler/route-names';
import { MeshModel, RouteModel, RouteTableModel } from '../../src/model';
import { delegate, forward, gateway, mesh, prefix, table, workspace } from '../support/plain-model';

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

describe('names of compiled routes', () => {
  const gw = gateway('gw', 'ops');
  const hosted = { hosts: ['api.example.com'], gateways: [gw.path] };
  const workspaces = [workspace('ops', ['ops']), workspace('a', ['a']), workspace('b', ['b'])];
  const names = (m: MeshModel) => compileMesh(m).gateways[0].hosts[0].routes.map(r => r.name);

  test('two tables of one name chosen by one delegation: the second occurrence gets a suffix', () => {
    const children = ['a', 'b'].map(ns => table('routes', ns, [forward('r', [prefix('/x')], 'svc', ns)]));
    const root = table('root', 'ops', [delegate('teams', [prefix('/t')], children.map(c => c.path))], hosted);
    expect(names(mesh({ workspaces, gateways: [gw], routeTables: [root, ...children] }))).toEqual(['root.teams.routes.r', 'root.teams.routes.r-2']);
  });

  test('two root tables of one name on one host: the second occurrence gets a suffix', () => {
    const roots = ['ops', 'a'].map(ns => table('root', ns, [forward('r', [prefix(`/${ns}`)], 'svc', ns)], hosted));
    expect(names(mesh({ workspaces, gateways: [gw], routeTables: roots }))).toEqual(['root.r', 'root.r-2']);
  });

  test('agree with counting the chains\' names by text, on meshes whose names clash or not', () => {
    /** Tables named from a small pool in three namespaces; each route forwards or delegates to some of the tables. */
    const meshes = fc.array(fc.record({
      name: fc.constantFrom('t', 'u'),
      ns: fc.constantFrom('a', 'b'),
      routes: fc.array(fc.record({ name: fc.constantFrom('r', 's', 'x'), to: fc.array(fc.nat(5), { maxLength: 3 }) }),
        { minLength: 1, maxLength: 3 }),
    }), { minLength: 1, maxLength: 6 })
      .chain(specs => fc.tuple(fc.constant(specs), fc.array(fc.nat(specs.length - 1), { minLength: 1, maxLength: 3 })));
    fc.assert(fc.property(meshes, ([specs, rootRoutes]) => {
      const paths = specs.map((s, i) => `mesh/${s.ns}/${s.name}${i}`);
      const tables = specs.map((s, i) => ({
        ...table(s.name, s.ns, s.routes.map((r, k) => (r.to.length === 0 ? forward(r.name, [prefix(`/${k}`)], 'svc', s.ns)
          : delegate(r.name, [prefix(`/${k}`)], r.to.filter(t => t < specs.length).map(t => paths[t]))))),
        path: paths[i],
      }));
      const root = table('root', 'ops', rootRoutes.map((t, k) => delegate(`d${k % 2}`, [prefix(`/${k}`)], [paths[t]])), hosted);
      const host = compileMesh(mesh({ workspaces, gateways: [gw], routeTables: [root, ...tables] })).gateways[0].hosts[0];
      const expected = byText(host.routes.map(r => routeOf([...r.chain]))).map((n, i) => (n === 1 ? '' : `-${n}`));
      expect(host.routes.map(r => r.name)).toEqual(host.routes.map((r, i) => routeName(r.chain) + expected[i]));
    }), { numRuns: 500 });
  });
});
