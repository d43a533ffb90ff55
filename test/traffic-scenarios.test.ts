/**
 * The scenarios' east–west traffic (S3's cross-cluster shift, S5's policy on an external host, the fault-injection
 * example), each read from the emitted YAML as every caller's sidecar sees it — only the first mesh VirtualService of a
 * host counts, so exactly one may be visible — and through `mesh.evaluate()`, which must agree.
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { declareFaultInjection, HOSTS } from '../examples/fault-injection/mesh';
import { declareMulticlusterBookinfo } from '../examples/multicluster-bookinfo/mesh';
import { declareTeamGateways, TEAM2_HOST } from '../examples/team-gateways/mesh';
import { Mesh } from '../src';
import { bothReadings, CallEssence } from './support/east-west-mesh';
import { expectSchemaValid } from './support/schema-gate';
import { evaluateSidecar, SidecarCaller, SidecarRequest } from './support/sidecar-reader';

/** The objects of each chart (cluster) of a synthesized app, as plain JSON. */
function objectsByChart(app: App): Map<string, any[]> {
  app.synth();
  return new Map(app.charts.map(c => [c.node.id, c.toJson()]));
}

/** Both readings of a call; they must agree and the caller must see at most one mesh VirtualService of the host. */
function read(mesh: Mesh, objects: any[], caller: SidecarCaller, request: SidecarRequest): CallEssence {
  const r = bothReadings(mesh, objects, caller, request);
  expect(r.sidecar.ambiguous).toBe(false);
  expect(r.reader).toEqual(r.library);
  return r.library;
}

describe('S3: the traffic shift of default\'s calls to reviews on cluster1', () => {
  const app = Testing.app();
  const { mesh } = declareMulticlusterBookinfo(app);
  const charts = objectsByChart(app);
  const [cluster1, cluster2] = [charts.get('cluster1')!, charts.get('cluster2')!];
  const REVIEWS = 'reviews.default.svc.cluster.local';
  const REVIEWS_2 = 'reviews.default.svc.cluster2.global';
  const readIn = (cluster: string, objects: any[], namespace: string) => {
    const decision = mesh.evaluate({ host: REVIEWS, path: '/reviews/0', source: { namespace, cluster } });
    const sidecar = evaluateSidecar(objects, { namespace }, { host: REVIEWS, path: '/reviews/0', port: 9080 });
    expect(sidecar.ambiguous).toBe(false);
    return { decision, sidecar };
  };

  test('workloads of default on cluster1: 75% to v3 on cluster2, 15% to v1 and 10% to v2 on cluster1, read both ways', () => {
    const { decision, sidecar } = readIn('cluster1', cluster1, 'default');
    const stated = [[REVIEWS_2, 'v3', 75], [REVIEWS, 'v1', 15], [REVIEWS, 'v2', 10]];
    expect(sidecar.destinations.map(d => [d.host, d.subset, d.weight])).toEqual(stated);
    expect(decision.destinations.map(d => [d.host, d.subset, d.weight])).toEqual(stated);
    expect(decision.destinations.map(d => d.cluster)).toEqual(['cluster2', undefined, undefined]);
    // Each subset resolves, for the caller, to the pods of its version.
    expect(sidecar.destinations.map(d => d.subsetLabels)).toEqual([{ version: 'v3' }, { version: 'v1' }, { version: 'v2' }]);
  });

  test('callers outside the policy\'s scope (another namespace, the other cluster) call reviews as it is', () => {
    const gateway = readIn('cluster1', cluster1, 'istio-ingress');
    expect(gateway.sidecar.destinations.map(d => [d.host, d.subset])).toEqual([[REVIEWS, undefined]]);
    expect(gateway.decision.destinations.map(d => [d.host, d.subset])).toEqual([[REVIEWS, undefined]]);
    const other = readIn('cluster2', cluster2, 'default');
    expect(other.sidecar.virtualService).toBeUndefined();
    expect(other.decision.destinations.map(d => [d.host, d.subset])).toEqual([[REVIEWS, undefined]]);
  });

  test('v3 on cluster2 is reachable as a subset: a labelled endpoint for the callers, the pods for cluster2\'s east–west gateway', () => {
    const entry = cluster1.find(o => o.kind === 'ServiceEntry' && o.spec.hosts[0] === REVIEWS_2);
    expect(entry.spec.endpoints).toHaveLength(1);
    expect(entry.spec.endpoints[0]).toMatchObject({
      address: '198.51.100.20',
      ports: { http: 15443 },
      labels: { version: 'v3' },
      network: 'network2',
    });
    const home = cluster2.find(o => o.kind === 'ServiceEntry' && o.spec.hosts[0] === REVIEWS_2);
    expect(home.metadata.namespace).toBe('default');
    expect(home.spec).toMatchObject({ workloadSelector: { labels: { app: 'reviews' } }, resolution: 'STATIC', exportTo: ['istio-system'] });
    expect(home.spec.endpoints).toBeUndefined();
    const rule = cluster2.find(o => o.kind === 'DestinationRule' && o.spec.host === REVIEWS_2);
    expect(rule.spec.subsets).toEqual([{ name: 'v3', labels: { version: 'v3' } }]);
    expect(rule.spec.exportTo).toContain('istio-system');
    // The east–west gateway of cluster2 passes the host (its SNI carries the subset).
    const ew = cluster2.find(o => o.kind === 'Gateway' && o.spec.servers.some((s: any) => s.tls?.mode === 'AUTO_PASSTHROUGH'));
    expect(ew.spec.servers[0].hosts).toContain(REVIEWS_2);
  });

  test('every object of both clusters passes the schema gate', () => {
    for (const objects of [cluster1, cluster2]) expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1'));
  });
});

describe('S5: team 3\'s calls to team 2\'s public host carry the retries and the timeout of a traffic policy', () => {
  const app = Testing.app();
  const { mesh } = declareTeamGateways(app);
  const objects = [...objectsByChart(app).values()].flat();

  test('read both ways from vamp-test3; the other teams do not see the host', () => {
    const call = read(mesh, objects, { namespace: 'vamp-test3' }, { host: TEAM2_HOST, path: '/api' });
    expect(call).toEqual({
      destinations: [`${TEAM2_HOST}||80|100`],
      timeoutMs: 10_000,
      retries: { attempts: 3, perTryTimeoutMs: 2000, retryOn: 'gateway-error,connect-failure,refused-stream' },
    });
    for (const namespace of ['vamp-test1', 'vamp-test2']) {
      expect(evaluateSidecar(objects, { namespace }, {
        host: TEAM2_HOST,
        path: '/',
      }).status).toBe(0);
    }
  });
});

describe('the fault-injection example', () => {
  const app = Testing.app();
  const mesh = declareFaultInjection(app);
  const objects = [...objectsByChart(app).values()].flat();
  const ratings = (labels: Record<string, string>, headers: Record<string, string> = {}) =>
    read(mesh, objects, { namespace: 'bookinfo', labels }, { host: HOSTS.ratings, path: '/ratings/0', headers });
  const resilience = { timeoutMs: 10_000, retries: { attempts: 2, perTryTimeoutMs: 3000, retryOn: '5xx' } };

  test('jason\'s calls from reviews to ratings wait 7s; the timeout and retries of the general policy still apply', () => {
    expect(ratings({ app: 'reviews', version: 'v2' }, { 'end-user': 'jason' })).toEqual({
      destinations: [`${HOSTS.ratings}||9080|100`], ...resilience, fault: { delayMs: 7000, delayPercentage: 100 },
    });
  });

  test('every other call to ratings fails with 500 one time in ten', () => {
    const aborted = { destinations: [`${HOSTS.ratings}||9080|100`], ...resilience, fault: { abortStatus: 500, abortPercentage: 10 } };
    expect(ratings({ app: 'reviews' })).toEqual(aborted);
    expect(ratings({ app: 'productpage' }, { 'end-user': 'jason' })).toEqual(aborted);
  });

  test('calls to reviews with x-canary: 1 go to v2, the others to reviews; one DestinationRule with the subset and the pool', () => {
    const canary = read(mesh, objects, { namespace: 'bookinfo' }, { host: HOSTS.reviews, path: '/', headers: { 'x-canary': '1' } });
    expect(canary.destinations).toEqual([`${HOSTS.reviews}|v2|9080|100`]);
    const plain = read(mesh, objects, { namespace: 'bookinfo' }, { host: HOSTS.reviews, path: '/', port: 9080 });
    expect(plain.destinations).toEqual([`${HOSTS.reviews}||9080|100`]);
    const rules = objects.filter(o => o.kind === 'DestinationRule');
    expect(rules.map(r => r.spec.host)).toEqual([HOSTS.reviews]);
    expect(rules[0].spec).toMatchObject({
      subsets: [{ name: 'v2', labels: { version: 'v2' } }],
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } },
        outlierDetection: { consecutive5xxErrors: 5 },
      },
    });
    expect(objects.filter(o => o.kind === 'VirtualService').map(v => v.spec.hosts)).toEqual([[HOSTS.ratings], [HOSTS.reviews]]);
    expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1' && o.apiVersion !== 'apps/v1'));
  });
});

describe('an escape hatch serving a host of the mesh to sidecars', () => {
  test('an HTTPRoute of the app whose parent is the Service is a second mesh VirtualService for its host (MESH903)', () => {
    const app = Testing.app();
    const mesh = declareFaultInjection(app);
    new ApiObject(new Chart(app, 'hatch'), 'route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'ratings-extra', namespace: 'bookinfo' },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'ratings' }], rules: [{ backendRefs: [{ name: 'ratings', port: 9080 }] }] },
    });
    expect(mesh.diagnostics.filter(d => d.code === 'MESH903').map(d => [d.path, d.message.includes(HOSTS.ratings)])).toEqual([['hatch/route', true]]);
  });
});
