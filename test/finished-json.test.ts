/** Emitted objects are finished JSON: no `undefined` value anywhere (cdk8s would copy every object to drop them). */
import { Testing } from 'cdk8s';
import { MeshTarget } from '../src';
import { generateMesh } from './support/mesh-generator';
import { effective } from '../src/compiler/algebra/match';
import { FlatRoute } from '../src/compiler/compiled';
import { finishedJson } from '../src/targets/finished-json';
import { renderHttpRoutes } from '../src/targets/istio/http-routes';

/** The paths of every `undefined` value below `value`. */
function undefinedPaths(value: unknown, at = ''): string[] {
  if (value === undefined) return [at];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${at}/${k}`));
}

test('finishedJson drops keys whose value is undefined, at any depth, and keeps every other value', () => {
  const raw = { a: undefined, b: { c: undefined, d: 0, e: '', f: false, g: null }, h: [{ i: undefined, j: 1 }, 2] };
  const done = finishedJson(raw);
  expect(done).toEqual({ b: { d: 0, e: '', f: false, g: null }, h: [{ j: 1 }, 2] });
  expect(undefinedPaths(done)).toEqual([]);
  expect(Object.keys(done.b)).toEqual(['d', 'e', 'f', 'g']);
  expect(JSON.stringify(done)).toBe(JSON.stringify(raw));
});

test.each([
  ['istio', {}], ['gateway-api', { target: MeshTarget.GATEWAY_API }],
])('the %s flavour hands cdk8s VirtualServices and HTTPRoutes without undefined values', (_, mesh) => {
  const app = Testing.app();
  const g = generateMesh(app, { workspaces: 3, tablesPerWorkspace: 2, routesPerTable: 6, gateways: 2, seed: 7, mesh, probes: false });
  const routing = g.mesh.apiObjects().filter(o => o.kind === 'VirtualService' || o.kind === 'HTTPRoute');
  expect(routing.length).toBeGreaterThan(1);
  // The props cdk8s resolves at synthesis (ApiObject keeps them as given).
  expect(routing.flatMap(o => undefinedPaths((o as unknown as { props: unknown }).props, o.name).filter(p => p.includes('/spec/'))))
    .toEqual([]);
});

test('the Istio renderers build finished routes: a field the model leaves out is left out, any other kept as given', () => {
  const service = { name: 's', namespace: 'n', port: 80, labels: {} };
  const route = (action: object) => ({ name: 'r', matches: [effective({ headers: [], query: [] })], action, chain: [] }) as unknown as FlatRoute;
  const forward = { type: 'forward', destinations: [{ service, weight: 1 }] };
  expect(renderHttpRoutes(route(forward), 'cluster.local')).toStrictEqual([{
    name: 'r', match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 's.n.svc.cluster.local', port: { number: 80 } } }],
  }]);
  // What only JavaScript can declare (a falsy retry policy) is written as it was before routes were built finished.
  expect(renderHttpRoutes(route({ ...forward, retries: null }), 'cluster.local')[0]).toHaveProperty('retries', null);
  expect(renderHttpRoutes(route({ type: 'direct', status: 204 }), 'cluster.local')[0].directResponse).toStrictEqual({ status: 204 });
});
