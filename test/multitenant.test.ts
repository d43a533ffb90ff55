import * as fs from 'fs';
import { App, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { declareMultitenant, MultitenantOptions } from '../examples/multitenant/mesh';
import {
  DelegationPathMode, IstioDelegation, MeshErrors, MeshTarget, Destination, PathMatch, RouteAction, RouteOutcome, RouteTable, Workspace,
} from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio } from './support/istio-matcher';
import { expectSchemaValid } from './support/schema-gate';
import { errorOf } from './support/small-mesh';
import { MeshValidationError } from '../src/compiler/diagnostics/validation-error';

function synth(options: MultitenantOptions = {}) {
  const app = Testing.app();
  const s1 = declareMultitenant(app, options);
  const yaml = app.synthYaml();
  const objects = parseAllDocuments(yaml).map(d => d.toJS());
  return { ...s1, app, yaml, objects };
}

/** S1's expected outcomes: request → `namespace/service` or 404. */
const PROBES: Array<[host: string, path: string, expected: string]> = [
  ['api.example.com', '/team1/anything', 'app-1/app-1-default'],
  ['api.example.com', '/team2/anything', 'app-2/app-2-default'],
  ['api.example.com', '/team1', 'app-1/app-1-default'],
  ['api.example.com', '/team1/foo', 'app-1/app-1'],
  ['api.example.com', '/team1/foo/x', 'app-1/app-1'],
  ['api.example.com', '/team1/foobar', 'app-1/app-1'],
  ['api.example.com', '/team2/bar', 'app-2/app-2'],
  ['api.example.com', '/team2/bar/baz?x=1', 'app-2/app-2'],
  ['api.example.com', '/team2/foo', 'app-2/app-2-default'],
  ['api.example.com', '/goto/app2', '404'],
  ['api.example.com', '/foo', '404'],
  ['api.example.com', '/bar', '404'],
  ['api.example.com', '/', '404'],
  ['other.example.com', '/team1/foo', '404'],
];

/** The routing objects of an output (isolation objects left out). */
const routing = (objects: any[]) => objects.filter(o => ['Gateway', 'VirtualService', 'HTTPRoute', 'ReferenceGrant'].includes(o.kind));

describe('S1: multi-tenant delegation on one ingress host', () => {
  const s1 = synth();

  test.each(PROBES)('library evaluation: %s%s → %s', (host, path, expected) => {
    const d = s1.mesh.evaluate({ host, path });
    if (expected === '404') {
      expect(d.outcome).toBe(RouteOutcome.NOT_FOUND);
      expect(d.status).toBe(404);
    } else {
      expect(d.outcome).toBe(RouteOutcome.FORWARD);
      expect(d.destinations.map(x => `${x.namespace}/${x.service}`)).toEqual([expected]);
    }
  });

  test.each(PROBES)('emitted Istio YAML: %s%s → %s', (host, path, expected) => {
    const out = evaluateIstio(s1.objects, { gateway: 'ops-team/north-south-gw', host, path });
    if (expected === '404') {
      expect(out.status).toBe(404);
    } else {
      const [ns, svc] = expected.split('/');
      expect(out.destinations).toEqual([{ host: `${svc}.${ns}.svc.cluster.local`, port: 8080, weight: 1 }]);
    }
  });

  const gatewayApi = synth({ mesh: { target: MeshTarget.GATEWAY_API } });
  const delegated = synth({ mesh: { istioDelegation: IstioDelegation.NATIVE } });

  test.each(PROBES)('emitted Istio YAML with native delegation (merged as istiod merges): %s%s → %s', (host, path, expected) => {
    const out = evaluateIstio(delegated.objects, { gateway: 'ops-team/north-south-gw', host, path });
    expect(
      out.status === 200 ? out.destinations.map(d => d.host.split('.').slice(0, 2).reverse().join('/')).join() : String(out.status),
    ).toBe(expected);
  });

  test('native delegation: a root VirtualService delegating to one delegate VirtualService per team, valid under Istio\'s rules', () => {
    expect(routing(delegated.objects).map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Gateway ops-team/north-south-gw',
      'VirtualService app-1/app1-route',
      'VirtualService app-2/app2-route',
      'VirtualService ops-team/north-south-gw-api-example-com',
    ]);
    const [, child1, , root] = delegated.objects;
    expect(root.spec.http.map((h: any) => h.delegate)).toEqual([
      { name: 'app1-route', namespace: 'app-1' },
      { name: 'app2-route', namespace: 'app-2' },
    ]);
    expect(child1.spec.hosts).toBeUndefined();
    expect(child1.spec.gateways).toBeUndefined();
    expect(child1.spec.exportTo).toEqual(['ops-team']);
    expect(child1.spec.http.every((h: any) => !h.delegate)).toBe(true);
    expect(delegated.mesh.diagnostics).toEqual([]);
    expectSchemaValid(delegated.objects);
  });

  test.each(PROBES)('emitted Gateway API YAML: %s%s → %s', (host, path, expected) => {
    const out = evaluateGatewayApi(gatewayApi.objects, { gateway: 'ops-team/north-south-gw', host, path });
    expect(out.status === 200 ? out.backends.map(b => `${b.namespace}/${b.name}`).join() : String(out.status)).toBe(expected);
  });

  test('the Gateway API flavour: each team owns its HTTPRoute, the gateway admits only their namespaces, all objects valid', () => {
    expect(routing(gatewayApi.objects).map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Gateway ops-team/north-south-gw',
      'HTTPRoute app-1/app1-route-north-south-gw-api-example-com',
      'HTTPRoute app-2/app2-route-north-south-gw-api-example-com',
    ]);
    expect(gatewayApi.objects[0].spec.listeners[0].allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual(['app-1', 'app-2']);
    expectSchemaValid(gatewayApi.objects);
  });

  test('the library names the delegation chain of the route taken', () => {
    const d = s1.mesh.evaluate({ host: 'api.example.com', path: '/team1/foo' });
    expect(d.routeTable).toBe('app-1/app1-route');
    expect(d.route).toBe('app1-foo-route');
    expect(d.chain).toEqual(['ops-team/team1-ingress/team1-ingress', 'app-1/app1-route/app1-foo-route']);
  });

  test('emits one Gateway and one VirtualService for the host, in the gateway owner\'s namespace, traceable to the code', () => {
    expect(routing(s1.objects).map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Gateway ops-team/north-south-gw',
      'VirtualService ops-team/north-south-gw-api-example-com',
    ]);
    for (const o of routing(s1.objects)) {
      expect(o.metadata.labels['mesh.cdk8s.io/workspace']).toBe('ops-team');
      expect(o.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-mesh');
      expect(o.metadata.annotations['mesh.cdk8s.io/construct-path']).toMatch(/^mesh\/ops-team\//);
    }
    const vs = s1.objects[1];
    expect(vs.spec.exportTo).toEqual(['.', 'istio-system']);
    expect(vs.metadata.annotations['mesh.cdk8s.io/sources'].split(',')).toEqual(expect.arrayContaining([
      'mesh/app1-team/app1-route', 'mesh/app2-team/app2-route',
    ]));
  });

  test('each namespace gets a Sidecar listing exactly its workspace\'s namespaces and the exports it imports', () => {
    const sidecars = Object.fromEntries(s1.objects.filter(o => o.kind === 'Sidecar').map(o => [o.metadata.namespace, o.spec.egress[0].hosts]));
    const ops = ['app-1/*', 'app-2/*', 'gloo-mesh-addons/*', 'gloo-mesh-gateways/*', 'ops-team/*'];
    expect(sidecars).toEqual({
      'ops-team': ops, 'gloo-mesh-gateways': ops, 'gloo-mesh-addons': ops, 'app-1': ['app-1/*'], 'app-2': ['app-2/*'],
    });
    const sidecarObjects = s1.objects.filter(o => o.kind === 'Sidecar');
    for (const flavour of [gatewayApi, delegated]) expect(flavour.objects.filter(o => o.kind === 'Sidecar')).toEqual(sidecarObjects);
  });

  test('every emitted object passes the schema gate', () => {
    expectSchemaValid(s1.objects);
  });

  test('the same tables in ABSOLUTE mode: a containment error naming app1-foo-route, its table and the parent route', () => {
    const app = Testing.app();
    declareMultitenant(app, { pathMode: DelegationPathMode.ABSOLUTE });
    const error = errorOf(() => app.synthYaml());
    expect(MeshErrors.isValidationError(error)).toBe(true);
    const diagnostics = MeshErrors.diagnosticsOf(error);
    const containment = diagnostics.filter(d => d.code === 'MESH401');
    expect(containment.map(d => d.path).sort()).toEqual(['mesh/app1-team/app1-route', 'mesh/app2-team/app2-route']);
    const app1 = containment.find(d => d.path === 'mesh/app1-team/app1-route')!;
    expect(app1.rule).toBe('ChildOutsideParent');
    expect(app1.message).toContain('route "app1-foo-route" of route table app-1/app1-route');
    expect(app1.message).toContain('route "team1-ingress" of route table ops-team/team1-ingress');
    expect(app1.message).toContain('prefix /foo lies outside the parent\'s prefix /team1');
    expect(app1.fix).toMatch(/RELATIVE/);
    expect((error as Error).message).toMatch(/\nmesh\/app1-team\/app1-route: error MESH401 ChildOutsideParent: /);
  });

  test('ABSOLUTE mode with full child paths routes like RELATIVE mode', () => {
    const abs = Testing.app();
    const s = declareMultitenant(abs, { pathMode: DelegationPathMode.ABSOLUTE, order: { tables: [0, 1] } });
    const ws1 = s.mesh.node.findChild('app1-team') as Workspace;
    const ws2 = s.mesh.node.findChild('app2-team') as Workspace;
    const to = (svc: string, ns: string) => RouteAction.forwardTo(Destination.service(svc, ns, 8080));
    new RouteTable(ws1, 'app1-route', {
      routes: [
        { name: 'app1-foo-route', matchers: [{ path: PathMatch.prefix('/team1/foo') }], action: to('app-1', 'app-1') },
        { name: 'app1-default-route', action: to('app-1-default', 'app-1') },
      ],
    });
    new RouteTable(ws2, 'app2-route', {
      routes: [
        { name: 'app2-bar-route', matchers: [{ path: PathMatch.prefix('/team2/bar') }], action: to('app-2', 'app-2') },
        { name: 'app2-default-route', action: to('app-2-default', 'app-2') },
      ],
    });
    for (const [host, path, expected] of PROBES) {
      const d = s.mesh.evaluate({ host, path });
      expect(d.destinations.map(x => `${x.namespace}/${x.service}`).join() || '404').toBe(expected);
    }
  });

  test('the plain-Istio way (two catch-alls for one host from two teams) is a build error naming both tables', () => {
    const app = Testing.app();
    const { mesh, gateway } = declareMultitenant(app, { order: { tables: [] } });
    const ops = mesh.node.findChild('ops-team') as Workspace;
    const to = (svc: string, ns: string) => RouteAction.forwardTo(Destination.service(svc, ns, 8080));
    new RouteTable(ops, 'app-vs-1', {
      hosts: ['api.example.com'],
      gateways: [gateway],
      routes: [
        { name: 'app-1-foo-route', matchers: [{ path: PathMatch.prefix('/foo') }], action: to('app-1', 'app-1') },
        { name: 'app-1-catchall-route', action: to('app-1-default', 'app-1') },
      ],
    });
    new RouteTable(ops, 'app-vs-2', {
      hosts: ['api.example.com'],
      gateways: [gateway],
      routes: [
        { name: 'app-2-bar-route', matchers: [{ path: PathMatch.prefix('/bar') }], action: to('app-2', 'app-2') },
        { name: 'app-2-catchall-route', action: to('app-2-default', 'app-2') },
      ],
    });
    const conflicts = mesh.diagnostics.filter(d => d.code === 'MESH501');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0].message).toContain('route "app-2-catchall-route" of route table ops-team/app-vs-2');
    expect(conflicts[0].message).toContain('route "app-1-catchall-route" of route table ops-team/app-vs-1');
    expect(conflicts[0].related).toEqual([{ path: 'mesh/ops-team/app-vs-1', note: 'the other route' }]);
    expect(mesh.diagnostics.find(d => d.code === 'MESH502')?.message).toContain(
      'route "app-2-bar-route" of route table ops-team/app-vs-2 can never match',
    );
    expect(() => app.synthYaml()).toThrow(MeshValidationError);
  });

  test('declaration order never changes the output (all orders of workspaces and tables)', () => {
    const permutation = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });
    fc.assert(fc.property(permutation(3), permutation(4), (workspaces, tables) => {
      expect(synth({ order: { workspaces, tables } }).yaml).toBe(s1.yaml);
    }), { numRuns: 40 });
  });

  test('errors abort every synth path and nothing is written', () => {
    const app = Testing.app();
    declareMultitenant(app, { pathMode: DelegationPathMode.ABSOLUTE });
    expect(() => app.synth()).toThrow(MeshValidationError);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
    expect(() => app.synthYaml()).toThrow(MeshValidationError);
    const other = new App({ outdir: app.outdir });
    const s = declareMultitenant(other, { pathMode: DelegationPathMode.ABSOLUTE });
    expect(() => Testing.synth(s.mesh.clusterChart())).toThrow(MeshValidationError);
  });
});
