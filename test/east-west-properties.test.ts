/**
 * The east–west property over generated meshes: random traffic policies (random fields, scopes and matchers — nested,
 * disjoint and crossing) and random east–west tables (some delegating) of the host's workspace and of a consumer
 * workspace. Every mesh that compiles shows each namespace at most one mesh VirtualService per host, and on every probe
 * (callers × pod labels × paths × headers × hosts) `evaluate()` agrees with the independent sidecar-view reading of the
 * YAML on destinations and weights, timeout, retries, fault and mirror; every emitted object passes the schema gate.
 * Every mesh that does not compile fails only with the traffic rules its declarations can break, and writes nothing.
 */
import * as fs from 'fs';
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  DiagnosticSeverity, HeaderMatch, HttpMatcher, HttpMethod, QueryParamMatch, Mesh, MeshErrors, PathMatch, Route, RouteAction, RouteTable,
  TrafficPolicy, TrafficPolicyProps,
  Workspace, WorkloadSelection,
} from '../src';
import { bothReadings, eastWestMesh, hostOf, objectsOf, service } from './support/east-west-mesh';
import { expectSchemaValid } from './support/schema-gate';
import { exportedTo, SidecarCaller, SidecarRequest } from './support/sidecar-reader';
import { errorOf } from './support/small-mesh';

const TARGETS = ['reviews', 'ratings'] as const;
type Target = typeof TARGETS[number];

/** Caller scopes a policy or table may declare; those of the consumer workspace `team` naming ops' namespaces are MESH908. */
const SCOPES: Array<WorkloadSelection | undefined> = [
  undefined, { namespaces: ['ops2'] }, { namespaces: ['ops', 'team'] }, { labels: { tier: 'web' } },
  { namespaces: ['ops2'], labels: { tier: 'web' } },
  { namespaces: ['team'] },
];
/** Request matchers: nested (/api ⊃ /api/v1 ⊃ the exact path), disjoint (/b), crossing (the header, the regex). */
const MATCHERS: Array<HttpMatcher[] | undefined> = [
  undefined, [{ path: PathMatch.prefix('/api') }], [{ path: PathMatch.prefix('/api/v1') }], [{ path: PathMatch.exact('/api/v1/books') }],
  [{ headers: [HeaderMatch.exact('x-canary', '1')] }], [{ path: PathMatch.prefix('/b') }], [{ path: PathMatch.regex('/api/[0-9]+') }],
  [{ method: HttpMethod.POST }, { queryParams: [QueryParamMatch.exact('v', '2')] }],
];

/** An index into a list whose first entry is "none": that one half of the time, so that most meshes compile. */
const mostlyNone = (n: number) => fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: n - 1 }), weight: 1 });

const percentage = fc.integer({ min: 0, max: 100 });
const fields = fc.record({
  timeout: fc.integer({ min: 1, max: 5 }),
  retries: fc.integer({ min: 1, max: 3 }),
  abort: percentage,
  delay: percentage,
  shift: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 4 })),
  mirror: percentage,
}, { requiredKeys: [] }).filter(f => Object.keys(f).length > 0);

const policySpec = fc.record({
  team: fc.boolean(),
  target: fc.constantFrom(...TARGETS),
  scope: mostlyNone(SCOPES.length),
  matcher: mostlyNone(MATCHERS.length),
  fields,
});
type PolicySpec = typeof policySpec extends fc.Arbitrary<infer T> ? T : never;

const routeSpec = fc.record({ matcher: fc.integer({ min: 1, max: MATCHERS.length - 1 }), to: fc.constantFrom('v1', 'v2', 'other', 'host') });
const tableSpec = fc.record({
  team: fc.boolean(),
  target: fc.constantFrom(...TARGETS),
  scope: mostlyNone(SCOPES.length),
  weight: fc.integer({ min: 0, max: 2 }),
  routes: fc.array(routeSpec, { minLength: 1, maxLength: 3 }),
  delegate: fc.boolean(),
});
type TableSpec = typeof tableSpec extends fc.Arbitrary<infer T> ? T : never;

/** A generated mesh: the policies and tables on the Services of `eastWestMesh()`. */
const meshSpecs = fc.record({
  policies: fc.array(policySpec, { minLength: 1, maxLength: 3 }),
  tables: fc.array(tableSpec, { maxLength: 2 }),
});
type MeshSpec = typeof meshSpecs extends fc.Arbitrary<infer T> ? T : never;

const other = (t: Target): Target => (t === 'reviews' ? 'ratings' : 'reviews');

function policyProps(p: PolicySpec): TrafficPolicyProps {
  const f = p.fields;
  const fault = f.abort !== undefined || f.delay !== undefined ? {
    abort: f.abort === undefined ? undefined : { httpStatus: 503, percentage: f.abort },
    delay: f.delay === undefined ? undefined : { fixedDelay: Duration.millis(100 * (f.delay + 1)), percentage: f.delay },
  } : undefined;
  return {
    destinations: [service(p.target)],
    sources: SCOPES[p.scope],
    matchers: MATCHERS[p.matcher],
    timeout: f.timeout === undefined ? undefined : Duration.seconds(f.timeout),
    retries: f.retries === undefined ? undefined : { attempts: f.retries, retryOn: ['5xx'] },
    faultInjection: fault,
    trafficShift: f.shift && [
      { destination: service(p.target, 'v1'), weight: f.shift[0] }, { destination: service(p.target, 'v2'), weight: f.shift[1] },
    ],
    mirror: f.mirror === undefined ? undefined : { destination: service(other(p.target)), percentage: f.mirror },
  };
}

function tableRoutes(t: TableSpec): Route[] {
  return t.routes.map((r, j) => ({
    name: `r${j}`,
    matchers: MATCHERS[r.matcher],
    action: RouteAction.forwardTo(r.to === 'host' ? service(t.target) : r.to === 'other' ? service(other(t.target)) : service(t.target, r.to)),
  }));
}

/** Declares the spec: policies p<i> and tables t<i> (with a child table c<i> under /api when delegating). */
function declare(spec: MeshSpec) {
  const m = eastWestMesh();
  const ws = (team: boolean): Workspace => (team ? m.team : m.ops);
  spec.policies.forEach((p, i) => new TrafficPolicy(ws(p.team), `p${i}`, policyProps(p)));
  spec.tables.forEach((t, i) => {
    const routes = tableRoutes(t);
    if (t.delegate) {
      const child = new RouteTable(ws(t.team), `c${i}`, {
        routes: [{ name: 'v1', matchers: [{ path: PathMatch.prefix('/v1') }], action: RouteAction.forwardTo(service(t.target, 'v1')) }],
      });
      routes.unshift({ name: 'api', matchers: [{ path: PathMatch.prefix('/api') }], action: RouteAction.delegate({ routeTables: [child] }) });
    }
    new RouteTable(ws(t.team), `t${i}`, {
      eastWest: true, hosts: [hostOf(t.target)], sources: SCOPES[t.scope], weight: t.weight, routes, tolerateShadowedRoutes: true,
    });
  });
  return m;
}

const CALLERS: SidecarCaller[] = ['ops', 'ops2', 'team'].flatMap(namespace => [{ namespace }, { namespace, labels: { tier: 'web' } }]);
const REQUESTS: Array<Partial<SidecarRequest>> = ['/', '/api', '/api/v1/books', '/api/7', '/b/x', '/other?v=2'].flatMap(path => [
  { path }, { path, headers: { 'x-canary': '1' }, method: 'POST' },
]);

/** Every probe on which the library and the sidecar reading of `objects` differ (or the reading is ambiguous). */
export function disagreements(mesh: Mesh, objects: any[], tally: Record<string, number> = {}): string[] {
  const out: string[] = [];
  for (const target of TARGETS) {
    for (const caller of CALLERS) {
      for (const r of REQUESTS) {
        const request = { host: hostOf(target), path: '/', ...r };
        const read = bothReadings(mesh, objects, caller, request);
        const probe = `${caller.namespace}${caller.labels ? '+web' : ''} ${request.host}${request.path}${r.headers ? ' canary' : ''}`;
        const seen: Record<string, unknown> = { ...read.library };
        for (const k of ['timeoutMs', 'retries', 'fault', 'mirror']) if (seen[k] !== undefined) tally[k] = (tally[k] ?? 0) + 1;
        if (read.library.destinations.some(d => !d.includes('||'))) tally.subset = (tally.subset ?? 0) + 1;
        if (read.library.destinations.length > 1) tally.split = (tally.split ?? 0) + 1;
        if (read.sidecar.ambiguous) out.push(`${probe}: several mesh VirtualServices`);
        if (JSON.stringify(read.library) !== JSON.stringify(read.reader)) {
          out.push(`${probe}: library ${JSON.stringify(read.library)} ≠ sidecar ${JSON.stringify(read.reader)}`);
        }
      }
    }
  }
  return out;
}

/** `namespace host` pairs seeing more than one mesh VirtualService by exportTo alone. */
function doubleVirtualServices(objects: any[]): string[] {
  const out: string[] = [];
  const meshVs = objects.filter(o => o.kind === 'VirtualService' && !(o.spec.gateways ?? []).some((g: string) => g !== 'mesh'));
  for (const ns of ['ops', 'ops2', 'team']) {
    for (const host of new Set<string>(meshVs.flatMap(o => o.spec.hosts))) {
      if (meshVs.filter(o => o.spec.hosts.includes(host) && exportedTo(o, ns)).length > 1) out.push(`${ns} ${host}`);
    }
  }
  return out;
}

/** Runs and seed (EW_RUNS and EW_SEED override them, to hunt with more meshes). */
const RUNS = Number(process.env.EW_RUNS ?? 250);
const SEED = Number(process.env.EW_SEED ?? 20261204);

/** The errors generated declarations may legitimately raise: conflicting, crossing or uncombinable policies, others' callers. */
const EXPECTED_CODES = ['MESH901', 'MESH902', 'MESH908', 'MESH912'];

describe('east–west property', () => {
  test(`one mesh VirtualService per host and namespace view; evaluate() agrees with the sidecar view; schema gate (${RUNS} meshes)`, () => {
    const outcomes = { built: 0, refused: 0, probes: 0 };
    const codes: Record<string, number> = {};
    const tally: Record<string, number> = {};
    fc.assert(fc.property(meshSpecs, spec => {
      const m = declare(spec);
      const errors = m.mesh.diagnostics.filter(d => d.severity === DiagnosticSeverity.ERROR);
      if (errors.length > 0) {
        outcomes.refused++;
        errors.forEach(d => { codes[d.code] = (codes[d.code] ?? 0) + 1; });
        expect(errors.map(d => d.code).filter(c => !EXPECTED_CODES.includes(c))).toEqual([]);
        expect(MeshErrors.isValidationError(errorOf(() => m.app.synth()))).toBe(true);
        expect(fs.readdirSync(m.app.outdir)).toEqual([]);
        return;
      }
      outcomes.built++;
      const objects = objectsOf(m.app);
      expect(doubleVirtualServices(objects)).toEqual([]);
      expect(disagreements(m.mesh, objects, tally)).toEqual([]);
      outcomes.probes += TARGETS.length * CALLERS.length * REQUESTS.length;
      expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1' && o.apiVersion !== 'apps/v1'));
    }), { numRuns: RUNS, seed: SEED });
    // Both outcomes, every rule and every kind of answer occur often enough for the property to mean something.
    expect(outcomes.built).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(100);
    for (const k of ['timeoutMs', 'retries', 'fault', 'mirror', 'subset', 'split']) expect(tally[k]).toBeGreaterThan(1000);
    for (const c of EXPECTED_CODES) expect(codes[c]).toBeGreaterThan(0);
  });

  test('the oracle can fail: hand-broken objects make the sidecar reading disagree with evaluate()', () => {
    const m = declare({
      policies: [
        { team: false, target: 'reviews', scope: 1, matcher: 0, fields: { shift: [3, 1] } },
        { team: false, target: 'reviews', scope: 0, matcher: 0, fields: { timeout: 2 } },
      ],
      tables: [],
    });
    const objects = objectsOf(m.app);
    expect(disagreements(m.mesh, objects)).toEqual([]);
    const vs = objects.find(o => o.kind === 'VirtualService');
    const broken = (change: (copy: any) => void) => {
      const copy = JSON.parse(JSON.stringify(vs));
      change(copy);
      return objects.map(o => (o === vs ? copy : o));
    };
    // A weight changed: callers in ops2 get 50/50 instead of 75/25.
    const weights = disagreements(m.mesh, broken(c => c.spec.http.find((h: any) => h.route.length === 2).route[0].weight = 1));
    expect(weights.length).toBeGreaterThan(0);
    expect(weights.every(d => d.startsWith('ops2'))).toBe(true);
    // The source namespace dropped: every caller is shifted.
    const unscoped = disagreements(m.mesh, broken(c => c.spec.http.forEach((h: any) => (h.match ?? [])
      .forEach((x: any) => delete x.sourceNamespace))));
    expect(unscoped.some(d => d.startsWith('ops ') || d.startsWith('team'))).toBe(true);
    // A second mesh VirtualService for the host (an escape hatch the library did not see): ambiguous for every caller.
    const hatch = { ...vs, metadata: { ...vs.metadata, name: 'reviews-hatch' } };
    expect(disagreements(m.mesh, [...objects, hatch]).filter(d => d.endsWith('several mesh VirtualServices')))
      .toHaveLength(CALLERS.length * REQUESTS.length);
    expect(doubleVirtualServices([...objects, hatch])).toContain('ops reviews.ops.svc.cluster.local');
  });
});
