/** A typo that loses a route fails the build: delegations selecting nothing, workspace selectors naming nothing. */
import { Testing } from 'cdk8s';
import {
  Destination, DiagnosticSeverity, Mesh, PathMatch, RouteAction, RouteTable, VirtualGateway, Workspace, WorkspaceSelector,
} from '../src';

/** S1's shape: ops delegates /team1 to the tables of app-1 carrying `table: <label>`; app-1 exports to `exportTo`. */
function s1(label: string, exportTo = 'ops-team', allowEmpty?: boolean, byWorkspace = false) {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh');
  const ops = new Workspace(mesh, 'ops-team', { namespaces: ['ops-team'], importFrom: [{ workspaces: [WorkspaceSelector.all()] }] });
  const app1 = new Workspace(mesh, 'app1-team', { namespaces: ['app-1'], exportTo: [{ workspaces: [WorkspaceSelector.named(exportTo)] }] });
  const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
  const delegate = RouteAction.delegate(byWorkspace ? { workspaces: [app1] } : { labels: { table: label }, allowEmpty });
  const team1 = { name: 'team1', matchers: [{ path: PathMatch.prefix('/team1') }], action: delegate };
  new RouteTable(ops, 'root', { hosts: ['api.example.com'], gateways: [gw], routes: [team1] });
  const all = { name: 'all', action: RouteAction.forwardTo(Destination.service('web', 'app-1', 80)) };
  new RouteTable(app1, 'app1-route', { labels: { table: 'app1-route' }, routes: [all] });
  return mesh;
}

const found = (mesh: Mesh) => mesh.diagnostics.map(d => `${d.severity} ${d.code} ${d.path}`);

describe('lost routes', () => {
  test('the declaration as meant routes /team1 to app-1', () => {
    expect(found(s1('app1-route'))).toEqual([]);
    expect(s1('app1-route').evaluate({ host: 'api.example.com', path: '/team1/x' }).destinations[0].service).toBe('web');
  });

  test('a label typo in a delegate action fails the build (MESH303 is an error), and says where', () => {
    const mesh = s1('app1-rout');
    expect(found(mesh)).toEqual(['error MESH303 mesh/ops-team/root', 'warning MESH504 mesh/app1-team/app1-route']);
    expect(() => mesh.evaluate({ host: 'api.example.com', path: '/team1/x' })).toThrow(/MESH303/);
  });

  test('allowEmpty accepts a delegation meant to be filled later: MESH303 is then a warning, and the requests get 404', () => {
    const mesh = s1('later', 'ops-team', true);
    expect(mesh.diagnostics.filter(d => d.code === 'MESH303').map(d => d.severity)).toEqual([DiagnosticSeverity.WARNING]);
    expect(mesh.evaluate({ host: 'api.example.com', path: '/team1/x' }).status).toBe(404);
  });

  test('a workspace selector naming no workspace is MESH101 at the workspace declaring it', () => {
    // S1 delegates by workspace: the share the typo withholds is reported too, never as a delegation selecting nothing.
    const mesh = s1('', 'ops-teem', false, true);
    const errors = mesh.diagnostics.filter(d => d.severity === DiagnosticSeverity.ERROR);
    expect(errors.map(d => `${d.code} ${d.path}`)).toEqual(['MESH101 mesh/app1-team', 'MESH201 mesh/ops-team/root']);
    expect(errors[0].message).toBe('workspace "app1-team" names workspace "ops-teem", which is not part of this mesh');
    expect(found(mesh)).not.toContainEqual(expect.stringContaining('MESH303'));
    // Selecting by labels, the unshared table is invisible: the delegation selects nothing as well.
    expect(found(s1('app1-route', 'ops-teem'))).toEqual(['error MESH101 mesh/app1-team', 'error MESH303 mesh/ops-team/root',
      'warning MESH504 mesh/app1-team/app1-route']);
  });
});
