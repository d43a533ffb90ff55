/**
 * References resolve by identity (issue 11 item 6): a construct of another App or another Mesh never stands for the
 * local construct that happens to have the same path or name — the reference is MESH101 and nothing is written.
 */
import { App, Testing } from 'cdk8s';
import {
  AccessDestination, AccessPolicy, AccessSource, Destination, ExternalProtocol, ExternalService, Mesh, MeshErrors, PathMatch, RouteAction,
  RouteTable, VirtualGateway, Workspace, WorkspaceSelector,
} from '../src';
import { errorOf, to } from './support/small-mesh';

/** A mesh with workspace ops, gateway ops/gw and table ops/child, in `app`. */
function meshIn(app: App, id = 'mesh') {
  const mesh = new Mesh(app, id);
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
  const child = new RouteTable(ops, 'child', { routes: [{ name: 'c', action: to('local-child') }] });
  const ext = new ExternalService(ops, 'ext', { host: 'api.partner.com', ports: [{ number: 80, protocol: ExternalProtocol.HTTP }] });
  return { mesh, ops, gw, child, ext };
}

const codes = (app: App) => MeshErrors.diagnosticsOf(errorOf(() => app.synth())).map(d => `${d.code} ${d.path}: ${d.message}`);

describe.each([
  ['another App, with the very same paths', 'mesh', (_app: App) => meshIn(Testing.app(), 'mesh')],
  ['another Mesh of the same App', 'here', (app: App) => meshIn(app, 'mesh')],
])('a construct of %s', (_, id, other) => {
  function setup() {
    const app = Testing.app();
    const here = meshIn(app, id);
    return { app, here, there: other(app) };
  }
  const at = (rule: string) => new RegExp(`^${rule} ${id}/ops/root: .*of another mesh`);

  test('a delegation to its route table is MESH101, never the same-named local table', () => {
    const { app, here, there } = setup();
    new RouteTable(here.ops, 'root', {
      hosts: ['api.example.com'],
      gateways: [here.gw],
      routes: [{ name: 'd', matchers: [{ path: PathMatch.prefix('/a') }], action: RouteAction.delegate({ routeTables: [there.child] }) }],
    });
    expect(codes(app)).toEqual(expect.arrayContaining([expect.stringMatching(at('MESH101'))]));
  });

  test('attaching to its gateway is MESH101', () => {
    const { app, here, there } = setup();
    new RouteTable(here.ops, 'root', { hosts: ['api.example.com'], gateways: [there.gw], routes: [{ name: 'r', action: to('svc') }] });
    expect(codes(app)).toEqual(expect.arrayContaining([expect.stringMatching(at('MESH101'))]));
  });

  test('forwarding to its external service is refused', () => {
    const { app, here, there } = setup();
    new RouteTable(here.ops, 'root', {
      hosts: ['api.example.com'], gateways: [here.gw], routes: [{ name: 'r', action: RouteAction.forwardTo(Destination.external(there.ext)) }],
    });
    expect(codes(app)).toEqual(expect.arrayContaining([expect.stringMatching(at('MESH10[18]'))]));
  });
});

test('the same declarations inside one mesh resolve (the references are fine by identity)', () => {
  const app = Testing.app();
  const here = meshIn(app);
  new RouteTable(here.ops, 'root', {
    hosts: ['api.example.com'],
    gateways: [here.gw],
    routes: [
      { name: 'd', matchers: [{ path: PathMatch.prefix('/a') }], action: RouteAction.delegate({ routeTables: [here.child] }) },
      { name: 'e', matchers: [{ path: PathMatch.prefix('/e') }], action: RouteAction.forwardTo(Destination.external(here.ext)) },
    ],
  });
  expect(here.mesh.evaluate({ host: 'api.example.com', path: '/a/x' }).destinations[0].service).toBe('local-child');
});

test('a workspace of another mesh in a selector or an access source selects nothing here', () => {
  const app = Testing.app();
  const here = meshIn(app, 'here');
  const there = meshIn(Testing.app());
  const team = new Workspace(here.mesh, 'team', { namespaces: ['team'], exportTo: [{ workspaces: [WorkspaceSelector.of(there.ops)] }] });
  new AccessPolicy(here.mesh, 'p', { sources: [AccessSource.workspace(there.ops)], destinations: [AccessDestination.service('s', 'team')] });
  const model = (here.mesh as any).declaration().model;
  expect(model.workspaces.find((w: any) => w.name === 'team').exportTo[0].workspaces[0].name).toBe('ops (of another mesh)');
  expect(model.accessPolicies[0].sources[0].name).toBe('ops (of another mesh)');
  expect(team.workspaceName).toBe('team');
});

test('evaluate() refuses a gateway of another App with the same path', () => {
  const here = meshIn(Testing.app());
  const there = meshIn(Testing.app());
  new RouteTable(here.ops, 'root', { hosts: ['api.example.com'], gateways: [here.gw], routes: [{ name: 'r', action: to('svc') }] });
  expect(here.mesh.evaluate({ gateway: here.gw, host: 'api.example.com', path: '/' }).status).not.toBe(404);
  expect(() => here.mesh.evaluate({ gateway: there.gw, host: 'api.example.com', path: '/' })).toThrow(/is not part of the compiled mesh/);
});
