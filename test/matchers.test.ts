/** The jest matchers of `cdk8s-mesh/matchers`, as users' own tests use them. */
import { Testing } from 'cdk8s';
import { declareMultitenant } from '../examples/multitenant/mesh';
import { Destination, DiagnosticSeverity, RouteAction, RouteOutcome, RouteTable, Workspace } from '../src';
import { meshMatchers } from '../src/testing/matchers';

expect.extend(meshMatchers);

describe('jest matchers', () => {
  const { mesh } = declareMultitenant(Testing.app());

  test('toRoute: to a service, to a status, or to parts of the decision', () => {
    expect(mesh).toRoute({ host: 'api.example.com', path: '/team1/x' }, 'app-1/app-1-default');
    expect(mesh).toRoute({ host: 'api.example.com', path: '/team1/foo/x' }, 'app-1/app-1');
    expect(mesh).toRoute({ host: 'api.example.com', path: '/goto/app2' }, 404);
    expect(mesh).toRoute({ host: 'api.example.com', path: '/team2/bar' },
      { outcome: RouteOutcome.FORWARD, routeTable: 'app-2/app2-route', route: 'app2-bar-route' });
    expect(mesh).not.toRoute({ host: 'api.example.com', path: '/team2/x' }, 'app-1/app-1-default');
  });

  test('toRoute fails with where the request goes instead, and through which routes', () => {
    expect(() => expect(mesh).toRoute({ host: 'api.example.com', path: '/team2/x' }, 'app-1/app-1-default')).toThrow(
      'expected GET api.example.com/team2/x to be forwarded to app-1/app-1-default; it is forwarded to app-2/app-2-default:8080 '
      + 'by route "app2-default-route" of app-2/app2-route\n  through ops-team/team2-ingress/team2-ingress → app-2/app2-route/app2-default-route');
  });

  test('toHaveDiagnostic: by code, path, severity and message; a mesh that does not compile fails toRoute with its errors', () => {
    const app = Testing.app();
    const s1 = declareMultitenant(app);
    const ops = s1.mesh.node.findChild('ops-team') as Workspace;
    new RouteTable(ops, 'app-vs-2', {
      hosts: ['api.example.com'],
      gateways: [s1.gateway],
      routes: [{ name: 'catchall', action: RouteAction.forwardTo(Destination.service('web', 'ops-team', 80)) }],
    });
    new RouteTable(ops, 'app-vs-3', {
      hosts: ['api.example.com'],
      gateways: [s1.gateway],
      routes: [{ name: 'catchall', action: RouteAction.forwardTo(Destination.service('web', 'ops-team', 81)) }],
    });
    expect(s1.mesh).toHaveDiagnostic('MESH501');
    expect(s1.mesh).toHaveDiagnostic('MESH501', { severity: DiagnosticSeverity.ERROR, message: /both match prefix \// });
    expect(s1.mesh).not.toHaveDiagnostic('MESH501', { path: 'mesh/nowhere' });
    expect(mesh).not.toHaveDiagnostic('MESH501');
    expect(() => expect(mesh).toHaveDiagnostic('MESH303')).toThrow('expected the mesh to report MESH303; it reports: none');
    expect(() => expect(s1.mesh).toRoute({ host: 'api.example.com', path: '/' }, 404)).toThrow(/but the mesh does not compile:\n.*MESH501/s);
  });
});
