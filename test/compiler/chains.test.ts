import * as fc from 'fast-check';
import { forEachChainTable, joinChains } from '../../src/compiler/chains';
import { ChainLink, FlatRoute } from '../../src/compiler/compiled';
import { RouteModel, RouteTableModel } from '../../src/model';

const tables = ['a', 'b', 'c', 'd'].map(name => ({ name, path: `ns/${name}` }) as RouteTableModel);
const routeThrough = (ix: number[]): FlatRoute =>
  ({ name: '', matches: [], action: { type: 'direct', status: 200 }, chain: ix.map(i => ({ table: tables[i], route: {} as RouteModel })) });

describe('chains', () => {
  test('every table a run of routes comes through is visited, and only those', () => {
    const routes = fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }).map(routeThrough), { maxLength: 20 });
    fc.assert(fc.property(routes, rs => {
      const visited = new Set<RouteTableModel>();
      forEachChainTable(rs, t => visited.add(t));
      expect(visited).toEqual(new Set(rs.flatMap(r => r.chain.map(l => l.table))));
    }), { numRuns: 2000 });
  });

  test('joinChains puts the links above before those of the chain from `from` on', () => {
    const [x, y, z] = [0, 1, 2].map(i => ({ table: tables[i], route: {} as RouteModel }) as ChainLink);
    expect(joinChains([x], [y, z], 1)).toEqual([x, z]);
    expect(joinChains([], [y, z], 0)).toEqual([y, z]);
    expect(joinChains([x, y], [z], 1)).toEqual([x, y]);
  });
});
