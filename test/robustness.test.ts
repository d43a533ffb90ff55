/**
 * Properties over many generated meshes: byte-identical output under shuffled declaration order, every emitted object
 * valid against the CRDs, and — for declarations built from arbitrary values — synthesis that either succeeds or fails
 * with the library's validation error, never anything else.
 */
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  AccessDestination, AccessPolicy, AccessSource, Destination, ExternalProtocol, ExternalResolution, ExternalService, HeaderMatch, HttpMethod,
  IstioDelegation, Mesh, MeshErrors, MeshTarget, PathMatch, QueryParamMatch, RouteAction, RouteTable, VirtualGateway, Workspace,
  WorkspaceSelector,
} from '../src';
import { generateMesh, GeneratorOptions } from './support/mesh-generator';
import { SchemaGate } from './support/schema-gate';

const flavours = [
  { target: MeshTarget.ISTIO },
  { target: MeshTarget.ISTIO, istioDelegation: IstioDelegation.NATIVE },
  { target: MeshTarget.GATEWAY_API },
];

const shape = fc.record({
  workspaces: fc.integer({ min: 1, max: 3 }),
  tablesPerWorkspace: fc.integer({ min: 1, max: 2 }),
  routesPerTable: fc.integer({ min: 1, max: 3 }),
  gateways: fc.integer({ min: 1, max: 2 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  flavour: fc.integer({ min: 0, max: flavours.length - 1 }),
}).chain(o => fc.record({
  o: fc.constant(o),
  workspaces: fc.shuffledSubarray([...Array(o.workspaces).keys()], { minLength: o.workspaces, maxLength: o.workspaces }),
  tables: fc.shuffledSubarray([...Array(o.tablesPerWorkspace).keys()], { minLength: o.tablesPerWorkspace, maxLength: o.tablesPerWorkspace }),
}));

function synthYaml(o: GeneratorOptions): string {
  const app = Testing.app();
  generateMesh(app, o);
  return app.synthYaml();
}

describe('robustness', () => {
  test('1,000 generated meshes: shuffled declarations give the same bytes, and every object passes the schema gate', () => {
    const gate = SchemaGate.default();
    fc.assert(fc.property(shape, ({ o, workspaces, tables }) => {
      const options = { ...o, mesh: flavours[o.flavour] };
      const yaml = synthYaml(options);
      expect(synthYaml({ ...options, shuffle: { workspaces, tables } })).toBe(yaml);
      expect(gate.validate(parseAllDocuments(yaml).map(d => d.toJS()))).toEqual([]);
    }), { numRuns: 1000 });
  });

  test('declarations built from arbitrary values (routes, tenancy settings, external services, subsets, access policies) '
    + 'either synthesize valid objects or fail with the library\'s validation error', () => {
    // Per role, mostly valid values (so that both outcomes occur), else arbitrary ones.
    const junk = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '*', 'a/b', '(', 'A_B', '/a//b', '-x'));
    const role = (...valid: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 12 }, { arbitrary: junk, weight: 1 });
    /** Mostly `valid`, sometimes any of `all`. */
    const mostly = <T>(valid: fc.Arbitrary<T>, all: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: all, weight: 1 });
    const number = fc.oneof(
      { arbitrary: fc.constantFrom(80, 8080, 200, 404), weight: 12 },
      { arbitrary: fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.double({ noNaN: false }), fc.constantFrom(0, 1_000_001)), weight: 1 },
    );
    const declaration = fc.record({
      names: fc.tuple(role('ops', 'infra'), role('team', 'shop'), role('gw', 'edge'), role('r1', 'beta')),
      hosts: fc.array(role('api.example.com', '*.example.com', 'shop.example.com'), { minLength: 1, maxLength: 2 }),
      path: role('/a', '/b/c', '/'),
      pathKind: fc.integer({ min: 0, max: 2 }),
      header: role('x-user', 'x-env'),
      headerValue: role('v1', 'beta'),
      query: role('debug', 'q'),
      port: number,
      weight: number,
      listenerPort: number,
      status: mostly(fc.constantFrom(200, 404), number),
      method: fc.boolean(),
      delegate: fc.boolean(),
      relativeChild: role('/x', '/y/z'),
      exported: fc.boolean(),
      flavour: fc.integer({ min: 0, max: flavours.length - 1 }),
      egressHost: role('istio-system/*', './*', '*/api.example.org'),
      subset: fc.option(fc.tuple(role('v1', 'canary'), role('v1', 'blue')), { nil: undefined }),
      external: fc.record({
        host: role('api.example.org', 'db.example.net'),
        port: number,
        protocol: mostly(fc.constant(ExternalProtocol.HTTP), fc.constantFrom(...Object.values(ExternalProtocol))),
        resolution: mostly(fc.constant(ExternalResolution.DNS), fc.constantFrom(...Object.values(ExternalResolution))),
        endpoint: fc.option(role('eu.example.org', 'us.example.org'), { nil: undefined, freq: 2 }),
        // cdk8s itself refuses negative durations when they are created; the library judges the rest.
        timeout: fc.option(mostly(fc.constant(1000), fc.constantFrom(0, 0.5, 86_400_000)), { nil: undefined }),
        routed: fc.boolean(),
      }),
      access: fc.option(fc.record({ name: role('reads', 'ops-calls'), source: fc.nat(1), path: role('/a*', '/health') }), { nil: undefined }),
      isolated: mostly(fc.constant(true), fc.boolean()),
    });
    const outcomes = { synthesized: 0, rejected: 0 };
    fc.assert(fc.property(declaration, d => {
      const app = Testing.app();
      try {
        const mesh = new Mesh(app, 'mesh', flavours[d.flavour]);
        const ops = new Workspace(mesh, 'ops', {
          namespaces: [d.names[0] || 'ops'], importFrom: [{ workspaces: [WorkspaceSelector.all()] }], egressHosts: [d.egressHost],
        });
        const team = new Workspace(mesh, 'team', {
          namespaces: [d.names[1]], exportTo: d.exported ? [{ workspaces: [WorkspaceSelector.of(ops)] }] : [], serviceIsolation: d.isolated,
        });
        const e = d.external;
        const external = new ExternalService(team, 'ext', {
          host: e.host,
          ports: [{ number: e.port, protocol: e.protocol }],
          resolution: e.resolution,
          endpoints: e.endpoint === undefined ? undefined : [{ address: e.endpoint }],
          timeout: e.timeout === undefined ? undefined : Duration.millis(e.timeout),
        });
        const svc = new ApiObject(new Chart(app, 'apps'), 'svc', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'svc', namespace: d.names[1] },
          spec: { selector: { app: 'svc' }, ports: [{ port: 8080 }] },
        });
        if (d.access) {
          new AccessPolicy(mesh, 'access', {
            name: d.access.name,
            sources: [AccessSource.namespace(d.names[d.access.source])],
            destinations: [AccessDestination.fromApiObject(svc)],
            paths: [d.access.path],
          });
        }
        const teamService = Destination.service('svc', d.names[1], d.port);
        const gw = new VirtualGateway(ops, 'gw', { name: d.names[2], workloadSelector: { istio: 'ingress' }, listeners: [{ port: d.listenerPort }] });
        const path = [PathMatch.exact, PathMatch.prefix, PathMatch.segmentPrefix, PathMatch.regex][d.pathKind](d.path);
        const kid = new RouteTable(team, 'kid', {
          routes: [
            {
              name: d.names[3],
              matchers: [{ path: PathMatch.prefix(d.relativeChild), headers: [HeaderMatch.exact(d.header, d.headerValue)] }],
              action: RouteAction.directResponse(d.status),
            },
            {
              name: 'rest',
              action: RouteAction.forward({
                to: [{ destination: d.subset ? teamService.withSubset(d.subset[0], { version: d.subset[1] }) : teamService, weight: d.weight }],
              }),
            },
            ...(e.routed
              ? [{ name: 'out', matchers: [{ path: PathMatch.prefix('/out') }], action: RouteAction.forwardTo(Destination.external(external)) }]
              : []),
          ],
        });
        new RouteTable(ops, 'root', {
          hosts: d.hosts,
          gateways: [gw],
          routes: [{
            name: 'r',
            matchers: [{ path, queryParams: [QueryParamMatch.present(d.query)], method: d.method ? HttpMethod.GET : undefined }],
            action: d.delegate ? RouteAction.delegate({ routeTables: [kid] }) : RouteAction.forwardTo(Destination.service('svc', 'ops', d.port)),
          }],
        });
        const objects = parseAllDocuments(app.synthYaml()).map(x => x.toJS());
        // Whatever passes the rules is valid against the CRDs.
        expect(SchemaGate.default().validate(objects.filter(o => o.apiVersion !== 'v1'))).toEqual([]);
        outcomes.synthesized++;
      } catch (e) {
        if (!MeshErrors.isValidationError(e)) throw e;
        outcomes.rejected++;
      }
    }), { numRuns: 1000 });
    expect(outcomes.synthesized).toBeGreaterThan(25);
    expect(outcomes.rejected).toBeGreaterThan(10);
  });
});
