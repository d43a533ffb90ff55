/** Services of any cdk8s-plus version (the oldest supported, 27, and the newest, 34) are route and access destinations. */
import { Chart, Testing } from 'cdk8s';
import * as kplus27 from 'cdk8s-plus-27';
import * as kplus34 from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  AccessDestination, AccessPolicy, AccessSource, Destination, Mesh, MeshErrors, RouteAction, RouteTable, VirtualGateway, Workspace,
} from '../src';
import { errorOf } from './support/small-mesh';

type ServiceFactory = (scope: Construct, id: string) => Construct;
const plus: Record<string, ServiceFactory> = {
  'cdk8s-plus-27': (scope, id) => new kplus27.Service(scope, id, {
    metadata: { name: 'web', namespace: 'shop' }, selector: kplus27.Pods.select(scope, 'pods', { labels: { app: 'web' } }), ports: [{ port: 8080 }],
  }),
  'cdk8s-plus-34': (scope, id) => new kplus34.Service(scope, id, {
    metadata: { name: 'web', namespace: 'shop' }, selector: kplus34.Pods.select(scope, 'pods', { labels: { app: 'web' } }), ports: [{ port: 8080 }],
  }),
};

function shop(service: (scope: Construct) => Construct) {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh');
  const ws = new Workspace(mesh, 'shop', { namespaces: ['shop'], serviceIsolation: true });
  const gw = new VirtualGateway(ws, 'gw', { workloadSelector: { istio: 'gw' }, listeners: [{ port: 80 }] });
  const svc = service(new Chart(app, 'services'));
  const all = { name: 'all', action: RouteAction.forwardTo(Destination.fromService(svc)) };
  new RouteTable(ws, 'root', { hosts: ['shop.example.com'], gateways: [gw], routes: [all] });
  new AccessPolicy(ws, 'team', { sources: [AccessSource.workspace(ws)], destinations: [AccessDestination.fromService(svc)] });
  return { app, mesh };
}

describe.each(Object.keys(plus))('a %s Service', version => {
  test('is a route destination (its only port) and an access destination (its pod selector)', () => {
    const { app, mesh } = shop(scope => plus[version](scope, 'web'));
    expect(mesh.diagnostics).toEqual([]);
    expect(mesh.evaluate({ host: 'shop.example.com', path: '/' }).destinations.map(d => `${d.namespace}/${d.service}:${d.port}`))
      .toEqual(['shop/web:8080']);
    const policy = Testing.synth(mesh.clusterChart()).find(o => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'team-web');
    expect(policy.spec.selector.matchLabels).toEqual(expect.objectContaining({ app: 'web' }));
    expect(app.synthYaml()).toContain('host: web.shop.svc.cluster.local');
  });
});

test('a construct that is not a Service is a coded error naming it, not a crash', () => {
  const { app } = shop(scope => new Construct(scope, 'not-a-service'));
  const e = errorOf(() => app.synthYaml());
  expect(MeshErrors.diagnosticsOf(e).map(d => d.message)).toContainEqual(expect.stringContaining('services/not-a-service is not a Service'));
});
