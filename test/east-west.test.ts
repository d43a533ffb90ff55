/**
 * East–west route tables and traffic policies, each behaviour read twice: through `mesh.evaluate()` with a `source`,
 * and through the sidecar-view reading of the emitted YAML (test/support/sidecar-reader.ts, written from Istio's
 * code), which also checks that exactly one mesh VirtualService per host is visible to each caller.
 */
import * as fs from 'fs';
import { ApiObject, Chart, Duration } from 'cdk8s';
import {
  Destination, ExternalProtocol, ExternalService, HeaderMatch, MeshErrors, PathMatch, RouteAction, RouteTable, TrafficPolicy,
} from '../src';
import { bothReadings, CallEssence, eastWestMesh, EastWestMesh, hostOf, objectsOf, service } from './support/east-west-mesh';
import { expectSchemaValid } from './support/schema-gate';
import { destinationRuleFor, evaluateSidecar, SidecarCaller, SidecarRequest, visibleMeshVirtualServices } from './support/sidecar-reader';
import { errorOf } from './support/small-mesh';

const REVIEWS = hostOf('reviews');
const RATINGS = hostOf('ratings');

/** Synthesizes, checks the schema gate, and reads a call from `caller` both ways; both must agree (and be unambiguous). */
function read(m: EastWestMesh, caller: SidecarCaller, request: Partial<SidecarRequest> = {}, objects = objectsOf(m.app)): CallEssence {
  expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1' && o.apiVersion !== 'apps/v1'));
  const r = bothReadings(m.mesh, objects, caller, { host: REVIEWS, path: '/', ...request });
  expect(r.sidecar.ambiguous).toBe(false);
  expect(r.reader).toEqual(r.library);
  return r.library;
}

const to = (host: string, subset = '', weight = 100) => `${host}|${subset}|8080|${weight}`;

describe('east–west traffic read through evaluate() and the sidecar view of the YAML', () => {
  test('a traffic shift splits the calls across subsets by weight, the DestinationRule defining each subset by its labels', () => {
    const m = eastWestMesh();
    new TrafficPolicy(m.ops, 'shift', {
      destinations: [service('reviews')],
      trafficShift: [{ destination: service('reviews', 'v1'), weight: 75 }, { destination: service('reviews', 'v2'), weight: 25 }],
    });
    const objects = objectsOf(m.app);
    for (const namespace of ['ops', 'ops2', 'team']) {
      expect(read(m, { namespace }, {}, objects).destinations).toEqual([to(REVIEWS, 'v1', 75), to(REVIEWS, 'v2', 25)]);
      expect(evaluateSidecar(objects, { namespace }, { host: REVIEWS, path: '/' }).destinations.map(d => d.subsetLabels))
        .toEqual([{ version: 'v1' }, { version: 'v2' }]);
    }
  });

  test('source scoping by namespace: callers outside the scope call the host itself', () => {
    const m = eastWestMesh();
    new TrafficPolicy(m.ops, 'canary', {
      destinations: [service('reviews')], sources: { namespaces: ['ops2'] }, trafficShift: [{ destination: service('reviews', 'v2') }],
    });
    const objects = objectsOf(m.app);
    expect(read(m, { namespace: 'ops2' }, {}, objects).destinations).toEqual([to(REVIEWS, 'v2')]);
    expect(read(m, { namespace: 'ops' }, {}, objects).destinations).toEqual([to(REVIEWS)]);
    expect(read(m, { namespace: 'team' }, {}, objects).destinations).toEqual([to(REVIEWS)]);
  });

  test('source scoping by pod labels: only pods carrying them are shifted', () => {
    const m = eastWestMesh();
    new TrafficPolicy(m.ops, 'canary', {
      destinations: [service('reviews')], sources: { labels: { tier: 'web' } }, trafficShift: [{ destination: service('reviews', 'v2') }],
    });
    const objects = objectsOf(m.app);
    expect(read(m, { namespace: 'ops', labels: { tier: 'web', app: 'x' } }, {}, objects).destinations).toEqual([to(REVIEWS, 'v2')]);
    expect(read(m, { namespace: 'team', labels: { tier: 'web' } }, {}, objects).destinations).toEqual([to(REVIEWS, 'v2')]);
    expect(read(m, { namespace: 'ops', labels: { tier: 'db' } }, {}, objects).destinations).toEqual([to(REVIEWS)]);
    expect(read(m, { namespace: 'ops' }, {}, objects).destinations).toEqual([to(REVIEWS)]);
  });

  test('a more specific policy (/api) over a general one: its retries, and the general timeout, merged', () => {
    const m = eastWestMesh();
    new TrafficPolicy(m.ops, 'general', { destinations: [service('reviews')], timeout: Duration.seconds(5) });
    new TrafficPolicy(m.ops, 'api', {
      destinations: [service('reviews')],
      matchers: [{ path: PathMatch.prefix('/api') }],
      retries: { attempts: 3, perTryTimeout: Duration.seconds(2) },
    });
    const objects = objectsOf(m.app);
    const api = read(m, { namespace: 'ops' }, { path: '/api/books' }, objects);
    expect(api).toEqual({ destinations: [to(REVIEWS)], timeoutMs: 5000, retries: { attempts: 3, perTryTimeoutMs: 2000 } });
    const other = read(m, { namespace: 'ops' }, { path: '/health' }, objects);
    expect(other).toEqual({ destinations: [to(REVIEWS)], timeoutMs: 5000 });
    expect(m.mesh.evaluate({ host: REVIEWS, path: '/api/x', source: { namespace: 'ops' } }).policies).toEqual(['mesh/ops/api', 'mesh/ops/general']);
  });

  test('a consumer workspace\'s table applies only to its own namespaces', () => {
    const m = eastWestMesh();
    new RouteTable(m.team, 'to-v2', {
      eastWest: true,
      hosts: [REVIEWS],
      routes: [{ name: 'v2', matchers: [{ path: PathMatch.prefix('/') }], action: RouteAction.forwardTo(service('reviews', 'v2')) }],
    });
    const objects = objectsOf(m.app);
    expect(read(m, { namespace: 'team' }, {}, objects).destinations).toEqual([to(REVIEWS, 'v2')]);
    expect(read(m, { namespace: 'ops' }, {}, objects).destinations).toEqual([to(REVIEWS)]);
    expect(read(m, { namespace: 'ops2' }, {}, objects).destinations).toEqual([to(REVIEWS)]);
    // The one VirtualService lives with the host, in ops, and its team routes carry sourceNamespace team.
    const [vs] = visibleMeshVirtualServices(objects, { namespace: 'team' }, REVIEWS);
    expect(vs.metadata.namespace).toBe('ops');
    expect(vs.spec.http[0].match.map((x: any) => x.sourceNamespace)).toEqual(['team']);
  });

  test('an east–west table delegates to a child table', () => {
    const m = eastWestMesh();
    const child = new RouteTable(m.ops, 'child', {
      labels: { part: 'reviews' },
      routes: [
        { name: 'v1', matchers: [{ path: PathMatch.prefix('/v1') }], action: RouteAction.forwardTo(service('reviews', 'v1')) },
        { name: 'ratings', matchers: [{ path: PathMatch.prefix('/ratings') }], action: RouteAction.forwardTo(service('ratings')) },
      ],
    });
    new RouteTable(m.ops, 'parent', {
      eastWest: true,
      hosts: [REVIEWS],
      routes: [{ name: 'api', matchers: [{ path: PathMatch.prefix('/api') }], action: RouteAction.delegate({ routeTables: [child] }) }],
    });
    const objects = objectsOf(m.app);
    expect(read(m, { namespace: 'ops' }, { path: '/api/v1/x' }, objects).destinations).toEqual([to(REVIEWS, 'v1')]);
    expect(read(m, { namespace: 'team' }, { path: '/api/ratings' }, objects).destinations).toEqual([to(RATINGS)]);
    expect(read(m, { namespace: 'ops' }, { path: '/other' }, objects).destinations).toEqual([to(REVIEWS)]);
    expect(m.mesh.evaluate({ host: REVIEWS, path: '/api/v1/x', source: { namespace: 'ops' } }).chain)
      .toEqual(['ops/parent/api', 'ops/child/v1']);
  });

  test('fault injection: the delay, abort status and percentages are in force for the matched calls', () => {
    const m = eastWestMesh();
    new TrafficPolicy(m.ops, 'chaos', {
      destinations: [service('reviews')],
      matchers: [{ headers: [HeaderMatch.exact('x-chaos', 'on')] }],
      faultInjection: { abort: { httpStatus: 503, percentage: 10 }, delay: { fixedDelay: Duration.millis(1500), percentage: 50 } },
    });
    const objects = objectsOf(m.app);
    expect(read(m, { namespace: 'team' }, { headers: { 'X-Chaos': 'on' } }, objects).fault)
      .toEqual({ abortStatus: 503, abortPercentage: 10, delayMs: 1500, delayPercentage: 50 });
    expect(read(m, { namespace: 'team' }, {}, objects).fault).toBeUndefined();
  });

  test('mirroring: a share of the calls is copied to another service', () => {
    const m = eastWestMesh();
    new TrafficPolicy(m.ops, 'copy', { destinations: [service('reviews')], mirror: { destination: service('ratings'), percentage: 20 } });
    const objects = objectsOf(m.app);
    expect(read(m, { namespace: 'ops' }, {}, objects)).toEqual({ destinations: [to(REVIEWS)], mirror: 'ratings (20%)' });
    expect(evaluateSidecar(objects, { namespace: 'ops' }, { host: REVIEWS, path: '/' }).mirror).toEqual({ host: RATINGS, port: { number: 8080 } });
  });

  test('one DestinationRule per host: the subsets of every shift and table, and the outlier detection of a policy', () => {
    const m = eastWestMesh();
    new TrafficPolicy(m.ops, 'shift', { destinations: [service('reviews')], trafficShift: [{ destination: service('reviews', 'v1') }] });
    new TrafficPolicy(m.ops, 'eject', { destinations: [service('reviews')], outlierDetection: { consecutiveErrors: 3 } });
    new RouteTable(m.ops, 'ew', {
      eastWest: true,
      hosts: [REVIEWS],
      routes: [{ name: 'v2', matchers: [{ path: PathMatch.prefix('/v2') }], action: RouteAction.forwardTo(service('reviews', 'v2')) }],
    });
    const objects = objectsOf(m.app);
    const rules = objects.filter(o => o.kind === 'DestinationRule' && o.spec.host === REVIEWS);
    expect(rules).toHaveLength(1);
    expect(rules[0].spec.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }]);
    expect(rules[0].spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(3);
    for (const namespace of ['ops', 'ops2', 'team']) expect(destinationRuleFor(objects, { namespace }, REVIEWS)).toBe(rules[0]);
    expect(read(m, { namespace: 'team' }, { path: '/v2/x' }, objects).destinations).toEqual([to(REVIEWS, 'v2')]);
    expect(read(m, { namespace: 'team' }, { path: '/x' }, objects).destinations).toEqual([to(REVIEWS, 'v1')]);
  });

  test('an external service\'s client policy and a traffic policy on its host share its one VirtualService', () => {
    const m = eastWestMesh();
    const ext = new ExternalService(m.ops, 'payments', {
      host: 'pay.example.org', ports: [{ number: 80, protocol: ExternalProtocol.HTTP }], timeout: Duration.seconds(4), retries: { attempts: 2 },
    });
    new TrafficPolicy(m.ops, 'pay-chaos', {
      destinations: [Destination.external(ext)],
      matchers: [{ path: PathMatch.prefix('/charge') }],
      faultInjection: { abort: { httpStatus: 500, percentage: 5 } },
    });
    const objects = objectsOf(m.app);
    expect(objects.filter(o => o.kind === 'VirtualService' && o.spec.hosts.includes('pay.example.org'))).toHaveLength(1);
    const charge = read(m, { namespace: 'ops' }, { host: 'pay.example.org', path: '/charge' }, objects);
    expect(charge).toEqual({
      destinations: ['pay.example.org||80|100'], timeoutMs: 4000, retries: { attempts: 2 }, fault: { abortStatus: 500, abortPercentage: 5 },
    });
    expect(read(m, { namespace: 'ops' }, { host: 'pay.example.org', path: '/refund' }, objects))
      .toEqual({ destinations: ['pay.example.org||80|100'], timeoutMs: 4000, retries: { attempts: 2 } });
  });

  test('an external service without any policy is called as is, on its port, by the callers it is exported to', () => {
    const m = eastWestMesh();
    new ExternalService(m.ops, 'ledger', { host: 'ledger.example.org', ports: [{ number: 8081, protocol: ExternalProtocol.HTTP }] });
    const objects = objectsOf(m.app);
    expect(objects.filter(o => o.kind === 'VirtualService')).toEqual([]);
    expect(read(m, { namespace: 'ops2' }, { host: 'ledger.example.org', path: '/x' }, objects).destinations)
      .toEqual(['ledger.example.org||8081|100']);
  });

  test('an escape-hatch VirtualService for the same host is MESH903, and nothing is written', () => {
    const m = eastWestMesh();
    new TrafficPolicy(m.ops, 'general', { destinations: [service('reviews')], timeout: Duration.seconds(5) });
    new ApiObject(new Chart(m.app, 'hatch'), 'vs', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews-extra', namespace: 'ops' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] },
    });
    expect(m.mesh.diagnostics.map(d => [d.code, d.path])).toEqual([['MESH903', 'hatch/vs']]);
    expect(MeshErrors.diagnosticsOf(errorOf(() => m.app.synth())).map(d => d.code)).toEqual(['MESH903']);
    expect(fs.readdirSync(m.app.outdir)).toEqual([]);
  });
});
