/**
 * A host's routes split across VirtualServices (and delegates split between their routes) where one object would be
 * over client-side apply's limit: the library's evaluation and the independent Istio reader, under both creation
 * orders, give every probe the same answer, and every object stays within the limit.
 */
import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  HeaderMatch, IstioDelegation, Mesh, PathMatch, Route, RouteAction, RouteTable, VirtualGateway, Workspace, WorkspaceSelector,
} from '../src';
import { evaluateIstio } from './support/istio-matcher';
import { base, table } from './support/small-mesh';
import { effective } from '../src/compiler/algebra/match';
import { FlatRoute } from '../src/compiler/compiled';
import { RouteModel, RouteTableModel } from '../src/model';
import { EmittedObject } from '../src/targets/emitted';
import { RouteRenderings } from '../src/targets/istio/rendered-routes';
import { SplitComponents } from '../src/targets/istio/route-split';
import { MAX_ANNOTATION_BYTES, objectSize } from '../src/targets/object-size';

const BODY = 100_000;
/** A route answering `status` with a body of about 100 KB (so that three do not fit in one object). */
const answer = (name: string, status: number, matchers?: Route['matchers']): Route =>
  ({ name, matchers, action: RouteAction.directResponse(status, String(status).repeat(BODY / 3)) });

const emittedOf = (mesh: Mesh): EmittedObject[] => (mesh as unknown as { synthesize(): { objects: EmittedObject[] } }).synthesize().objects;

/** The synthesized objects, after checking that the library and the reader agree on every probe, in both creation orders. */
function expectSameAnswers(app: App, mesh: Mesh, probes: Array<{ path: string; headers?: Record<string, string>; status: number }>): any[] {
  expect(mesh.diagnostics.filter(d => d.code !== 'MESH502')).toEqual([]);
  const emitted = emittedOf(mesh);
  expect(emitted.length).toBeGreaterThan(0);
  for (const o of emitted) {
    expect(objectSize(o).annotationBytes).toBeLessThanOrEqual(Math.min(MAX_ANNOTATION_BYTES, o.sizeBound ?? Infinity));
  }
  const objects = parseAllDocuments(app.synthYaml()).map(d => d.toJS());
  for (const p of probes) {
    const request = { host: 'api.example.com', path: p.path, headers: p.headers };
    const lib = mesh.evaluate(request);
    const read = evaluateIstio(objects, { ...request, gateway: 'ops/gw' });
    expect({ ...p, library: lib.status ?? 200, istio: read.status, orderDependent: read.orderDependent })
      .toEqual({ ...p, library: p.status, istio: p.status, orderDependent: false });
  }
  return objects;
}

const httpNames = (vs: any) => vs.spec.http.map((h: any) => h.name);

describe('splitting a host\'s routes across VirtualServices', () => {
  test('overlapping routes share a part, the catch-all ends the part it is in, and every probe is answered as declared', () => {
    const b = base();
    table(b, [
      answer('tagged', 201, [{ path: PathMatch.prefix('/a/x'), headers: [HeaderMatch.exact('x-tag', '1')] }]),
      answer('b', 202, [{ path: PathMatch.prefix('/b') }]),
      answer('a', 203, [{ path: PathMatch.prefix('/a') }]),
      answer('all', 204),
    ]);
    const objects = expectSameAnswers(b.app, b.mesh, [
      { path: '/a/x', headers: { 'x-tag': '1' }, status: 201 },
      { path: '/a/x', status: 203 },
      { path: '/a', status: 203 },
      { path: '/b/x', status: 202 },
      { path: '/c', status: 204 },
    ]);
    const parts = objects.filter(o => o.kind === 'VirtualService');
    expect(parts.map(o => [o.metadata.name, httpNames(o)])).toEqual([
      ['gw-api-example-com', ['root.tagged', 'root.a']],
      ['gw-api-example-com-2', ['root.b', 'root.all']],
    ]);
    expect(parts.map(o => o.metadata.annotations['mesh.cdk8s.io/construct-path'])).toEqual(['mesh/ops/root', 'mesh/ops/root']);
  });

  test('routes after the catch-all stay behind it, unreachable as they were', () => {
    const b = base();
    table(b, [
      answer('a', 201, [{ path: PathMatch.prefix('/a') }]),
      answer('all', 203),
      answer('late', 204, [{ path: PathMatch.prefix('/c') }]),
    ], { tolerateShadowedRoutes: true });
    // In a part of its own, "late" would come before the catch-all, which Istio moves last.
    const objects = expectSameAnswers(b.app, b.mesh, [{ path: '/a', status: 201 }, { path: '/c', status: 203 }, { path: '/', status: 203 }]);
    expect(objects.filter(o => o.kind === 'VirtualService').map(httpNames)).toEqual([['root.a'], ['root.all', 'root.late']]);
  });

  test('routes that overlap pairwise stay in one object, over the limit, with a warning naming two of them', () => {
    const b = base();
    table(b, [
      answer('one', 201, [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.exact('x-one', '1')] }]),
      answer('two', 202, [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.exact('x-two', '1')] }]),
      answer('three', 203, [{ path: PathMatch.prefix('/a') }]),
    ]);
    const [warning] = b.mesh.diagnostics;
    expect(warning.code).toBe('MESH607');
    expect(warning.message).toMatch(new RegExp('3 entries cannot be split into several VirtualServices without letting creation order decide: '
      + 'route "one" of ops/root and route "two" of ops/root match some requests alike'));
  });
});

describe('native delegation at the limit', () => {
  /** Workspace `team` (namespace team) exporting its tables to ops; a root table delegating `/t` to it. */
  function delegating(rootHeader?: string) {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh', { istioDelegation: IstioDelegation.NATIVE });
    const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'], importFrom: [{ workspaces: [WorkspaceSelector.named('team')] }] });
    const team = new Workspace(mesh, 'team', { namespaces: ['team'], exportTo: [{ workspaces: [WorkspaceSelector.of(ops)] }] });
    const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
    const headers = rootHeader === undefined ? undefined : [HeaderMatch.exact('x-key', rootHeader)];
    new RouteTable(ops, 'root', {
      hosts: ['api.example.com'],
      gateways: [gw],
      routes: [{ name: 't', matchers: [{ path: PathMatch.segmentPrefix('/t'), headers }], action: RouteAction.delegate({ workspaces: [team] }) }],
    });
    return { app, mesh, team };
  }

  test('a delegate too large for one object is split between its routes, the root listing the pieces in order', () => {
    const d = delegating();
    const routes = ['a', 'b', 'c'].map((name, i) => answer(name, 201 + i, [{ path: PathMatch.prefix(`/${name}`) }]));
    new RouteTable(d.team, 'big', { routes });
    const objects = expectSameAnswers(d.app, d.mesh, [{ path: '/t/a', status: 201 }, { path: '/t/b', status: 202 }, { path: '/t/c', status: 203 }]);
    const root = objects.find(o => o.kind === 'VirtualService' && o.spec.hosts);
    expect(root.spec.http.map((h: any) => h.delegate)).toEqual([{ name: 'big', namespace: 'team' }, { name: 'big-2', namespace: 'team' }]);
  });

  test('a root too large with one delegate per table gets one delegate per delegating route', () => {
    const d = delegating('k'.repeat(3_000));
    for (let i = 0; i < 90; i++) {
      const routes = [{ name: 'r', matchers: [{ path: PathMatch.exact(`/r${i}`) }], action: RouteAction.directResponse(200 + i) }];
      new RouteTable(d.team, `t${i}`, { routes });
    }
    const headers = { 'x-key': 'k'.repeat(3_000) };
    const objects = expectSameAnswers(d.app, d.mesh, [0, 45, 89].map(i => ({ path: `/t/r${i}`, headers, status: 200 + i })));
    const root = objects.find(o => o.kind === 'VirtualService' && o.spec.hosts);
    expect(root.spec.http.map((h: any) => h.delegate.name)).toEqual(['t', 't-2']);
  });
});

describe('components found once per distinct list of routes', () => {
  /** A flattened route matching `prefix`, overlapping any other route whose prefix starts like it. */
  const flat = (prefix: string): FlatRoute => ({
    name: prefix,
    matches: [effective({ path: { kind: 'prefix', value: prefix }, headers: [], query: [] })],
    action: { type: 'direct', status: 200 },
    chain: [{ table: { name: 't', namespace: 'n' } as RouteTableModel, route: { name: prefix } as RouteModel }],
  });

  test('a grouping of the same routes into other entries gets its own components', () => {
    const routes = [flat('/a'), flat('/b'), flat('/a/x')];
    const known = new SplitComponents();
    const single = routes.map(r => ({ http: [], routes: [r], bytes: 1 }));
    const grouped = [{ http: [], routes: routes.slice(0, 2), bytes: 2 }, { http: [], routes: routes.slice(2), bytes: 1 }];
    const whole = [{ http: [], routes, bytes: 3 }];
    expect(known.of(single).component).toEqual([0, 1, 0]);
    expect(known.of(grouped).component).toEqual([0, 0]);
    expect(known.of(whole).component).toEqual([0]);
    // Found again by identity of the routes, whatever the entry objects.
    const again = known.of(routes.map(r => ({ http: [], routes: [r] })));
    expect(again).toBe(known.of(single));
    expect(known.of([flat('/a'), flat('/b'), flat('/a/x')].map(r => ({ http: [], routes: [r] }))).component).toEqual([0, 1, 0]);
    // A flattened host's routes given as one list: the same components as one entry per route.
    expect(known.of(single, routes)).toBe(known.of(single));
    expect(known.of(single, [...routes])).toBe(known.of(single));
  });

  test('a host holding the routes of another takes their renderings by position, named after its own routes', () => {
    const routes = [flat('/a'), flat('/b'), flat('/a/x')];
    const other = routes.map(r => ({ ...r, name: `other.${r.name}`, chain: [...r.chain] }));
    const render = new RouteRenderings('cluster.local');
    const first = render.namedAll(routes);
    const again = render.namedAll(other);
    expect(again.map(e => e.http)).toEqual(other.map(r => render.named(r).http));
    expect(again.map(e => e.bytes)).toEqual(other.map(r => render.named(r).bytes));
    expect(again.map(e => e.http[0].name)).toEqual(['other./a', 'other./b', 'other./a/x']);
    expect(first.map(e => e.http[0].match)).toEqual(again.map(e => e.http[0].match));
    // Another list, not the same routes: rendered on its own.
    const direct = [{ ...flat('/a'), action: { type: 'direct' as const, status: 404 } }];
    expect(render.namedAll(direct)[0].http[0].directResponse).toEqual({ status: 404 });
  });
});
