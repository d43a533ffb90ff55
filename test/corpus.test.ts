/**
 * The bad-input corpus: distinct invalid declarations (every error rule, plus malformed values). For each, synthesis
 * fails with the library's validation error carrying the rule's code at the construct path, and a prior good output in
 * the same folder is left byte for byte as it was.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration } from 'cdk8s';
import {
  AccessDestination, AccessPolicy, AccessSource, Destination, DiagnosticSeverity, ExternalProtocol, ExternalResolution, ExternalService,
  HeaderMatch, Mesh, MeshErrors, PathMatch, QueryParamMatch, RouteAction, RouteTable, TrafficPolicy,
  VirtualGateway, Workspace, WorkspaceSelector,
} from '../src';
import { appService, Fixture, FixtureOptions, fixture, prefix, root, RULES, to } from './support/rule-cases';
import { errorOf } from './support/small-mesh';
import { Rules } from '../src/compiler/diagnostics/catalogue';

interface CorpusCase {
  readonly name: string;
  readonly code: string;
  readonly path: string;
  readonly declare: (f: Fixture) => void;
  readonly options?: FixtureOptions;
}

const fwd = (opts: Partial<Parameters<typeof RouteAction.forward>[0]>) => RouteAction.forward({
  to: [{ destination: Destination.service('s', 'ops', 80) }], ...opts,
});
const one = (f: Fixture, route: Parameters<typeof root>[1][number]) => root(f, [route]);

const errorRules = RULES.filter(r => (Object.values(Rules).find(x => x.code === r.code)!.severity === DiagnosticSeverity.ERROR));

const MALFORMED: CorpusCase[] = [
  {
    name: 'empty route table name',
    code: 'MESH001',
    path: 'mesh/ops/t',
    declare: f => new RouteTable(f.ops, 't', { name: '', hosts: ['a.example.com'], gateways: [f.gw], routes: [{ name: 'r', action: to('s') }] }),
  },
  { name: 'upper-case route name', code: 'MESH001', path: 'mesh/ops/root', declare: f => one(f, { name: 'Route', action: to('s') }) },
  { name: 'namespace with a dot', code: 'MESH001', path: 'mesh/bad', declare: f => new Workspace(f.mesh, 'bad', { namespaces: ['a.b'] }) },
  { name: 'workspace without namespaces', code: 'MESH015', path: 'mesh/empty', declare: f => new Workspace(f.mesh, 'empty', { namespaces: [] }) },
  {
    name: 'unknown cluster',
    code: 'MESH101',
    path: 'mesh/far',
    declare: f => new Workspace(f.mesh, 'far', { namespaces: ['far'], clusters: ['nowhere'] }),
  },
  {
    name: 'host with a port',
    code: 'MESH002',
    path: 'mesh/ops/root',
    declare: f => root(f, [{ name: 'r', action: to('s') }], { hosts: ['api.example.com:80'] }),
  },
  {
    name: 'upper-case host',
    code: 'MESH002',
    path: 'mesh/ops/root',
    declare: f => root(f, [{ name: 'r', action: to('s') }], { hosts: ['API.example.com'] }),
  },
  { name: 'short host name', code: 'MESH002', path: 'mesh/ops/root', declare: f => root(f, [{ name: 'r', action: to('s') }], { hosts: ['api'] }) },
  {
    name: 'unbalanced regex',
    code: 'MESH003',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', matchers: [{ path: PathMatch.regex('/a(b') }], action: to('s') }),
  },
  {
    name: 'regex back-reference',
    code: 'MESH003',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', matchers: [{ headers: [HeaderMatch.regex('x-a', '(a)\\1')] }], action: to('s') }),
  },
  {
    name: 'query regex empty',
    code: 'MESH003',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', matchers: [{ queryParams: [QueryParamMatch.regex('q', '')] }], action: to('s') }),
  },
  {
    name: 'destination port 0',
    code: 'MESH004',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.forwardTo(Destination.service('s', 'ops', 0)) }),
  },
  {
    name: 'destination port 65536',
    code: 'MESH004',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.forwardTo(Destination.service('s', 'ops', 65536)) }),
  },
  {
    name: 'fractional port',
    code: 'MESH004',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.forwardTo(Destination.service('s', 'ops', 80.5)) }),
  },
  {
    name: 'weight above 1,000,000',
    code: 'MESH005',
    path: 'mesh/ops/root',
    declare: f => one(f, {
      name: 'r', action: RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80), weight: 1_000_001 }] }),
    }),
  },
  {
    name: 'fractional weight',
    code: 'MESH005',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80), weight: 0.5 }] }) }),
  },
  {
    name: 'fractional table weight', code: 'MESH005', path: 'mesh/ops/root', declare: f => root(f, [{ name: 'r', action: to('s') }], { weight: 1.5 }),
  },
  {
    name: 'path with //',
    code: 'MESH011',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', matchers: [{ path: PathMatch.exact('/a//b') }], action: to('s') }),
  },
  {
    name: 'path with a dot segment',
    code: 'MESH011',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', matchers: prefix('/a/../b'), action: to('s') }),
  },
  {
    name: 'empty header prefix',
    code: 'MESH019',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', matchers: [{ headers: [HeaderMatch.prefix('x-a', '')] }], action: to('s') }),
  },
  {
    name: 'redirect scheme ftp',
    code: 'MESH020',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.redirect({ scheme: 'ftp' }) }),
  },
  {
    name: 'direct response status 99',
    code: 'MESH021',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.directResponse(99) }),
  },
  {
    name: 'negative retry attempts',
    code: 'MESH022',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: fwd({ retries: { attempts: -1 } }) }),
  },
  {
    name: 'unknown retry condition',
    code: 'MESH022',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: fwd({ retries: { attempts: 2, retryOn: ['sometimes'] } }) }),
  },
  {
    name: 'sub-millisecond timeout',
    code: 'MESH014',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: fwd({ timeout: Duration.millis(0.5) }) }),
  },
  {
    name: 'HTTPS listener without a secret',
    code: 'MESH024',
    path: 'mesh/ops/tls',
    declare: f => new VirtualGateway(f.ops, 'tls', { workloadSelector: { a: 'b' }, listeners: [{ port: 443, protocol: 'HTTPS' as any }] }),
  },
  {
    name: 'gateway without listeners',
    code: 'MESH015',
    path: 'mesh/ops/bare',
    declare: f => new VirtualGateway(f.ops, 'bare', { workloadSelector: { a: 'b' }, listeners: [] }),
  },
  {
    name: 'delegation to a table of another mesh',
    code: 'MESH101',
    path: 'mesh/ops/root',
    declare: f => {
      const other = new Mesh(new App(), 'other');
      const ws = new Workspace(other, 'ops', { namespaces: ['ops'] });
      const foreign = new RouteTable(ws, 'foreign', { routes: [{ name: 'r', action: to('s') }] });
      one(f, { name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [foreign] }) });
    },
  },
  {
    name: 'self-delegation',
    code: 'MESH301',
    path: 'mesh/ops/self',
    declare: f => {
      const self: RouteTable = new RouteTable(f.ops, 'self', {
        labels: { loop: 'yes' }, routes: [{ name: 'r', matchers: prefix('/x'), action: RouteAction.delegate({ labels: { loop: 'yes' } }) }],
      });
      one(f, { name: 'd', matchers: prefix('/a'), action: RouteAction.delegate({ routeTables: [self] }) });
    },
  },
  {
    name: 'overlapping tenants',
    code: 'MESH008',
    path: 'mesh/twin',
    declare: f => new Workspace(f.mesh, 'twin', { namespaces: ['ops'], importFrom: [{ workspaces: [WorkspaceSelector.all()] }] }),
  },
  {
    name: 'egress host without namespace',
    code: 'MESH002',
    path: 'mesh/tools',
    declare: f => new Workspace(f.mesh, 'tools', { namespaces: ['tools'], egressHosts: ['example.com'] }),
  },
  {
    name: 'subset with an invalid name',
    code: 'MESH001',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.forwardTo(Destination.service('s', 'ops', 80).withSubset('V1', { version: 'v1' })) }),
  },
  {
    name: 'subset selecting no pods',
    code: 'MESH015',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.forwardTo(Destination.service('s', 'ops', 80).withSubset('v1', {})) }),
  },
  {
    name: 'subset with an invalid label',
    code: 'MESH023',
    path: 'mesh/ops/root',
    declare: f => one(f, { name: 'r', action: RouteAction.forwardTo(Destination.service('s', 'ops', 80).withSubset('v1', { version: 'v 1' })) }),
  },
  {
    name: 'external service with a wildcard host',
    code: 'MESH002',
    path: 'mesh/ops/ext',
    declare: f => new ExternalService(f.ops, 'ext', { host: '*.example.com', ports: [{ number: 80 }] }),
  },
  {
    name: 'external service without ports',
    code: 'MESH015',
    path: 'mesh/ops/ext',
    declare: f => new ExternalService(f.ops, 'ext', { host: 'api.example.org', ports: [] }),
  },
  {
    name: 'external service port 0',
    code: 'MESH004',
    path: 'mesh/ops/ext',
    declare: f => new ExternalService(f.ops, 'ext', { host: 'api.example.org', ports: [{ number: 0 }] }),
  },
  {
    name: 'two external services for one host',
    code: 'MESH010',
    path: 'mesh/ops/ext2',
    declare: f => ['ext1', 'ext2'].forEach(id => new ExternalService(f.ops, id, { host: 'api.example.org', ports: [{ number: 80 }] })),
  },
  {
    name: 'STATIC external service without endpoints',
    code: 'MESH025',
    path: 'mesh/ops/ext',
    declare: f => new ExternalService(f.ops, 'ext', { host: 'api.example.org', ports: [{ number: 80 }], resolution: ExternalResolution.STATIC }),
  },
  {
    name: 'external service timeout on a TCP port',
    code: 'MESH026',
    path: 'mesh/ops/ext',
    declare: f => new ExternalService(f.ops, 'ext', {
      host: 'db.example.org', ports: [{ number: 5432, protocol: ExternalProtocol.TCP }], timeout: Duration.seconds(1),
    }),
  },
  {
    name: 'external service outside any workspace',
    code: 'MESH104',
    path: 'mesh/ext',
    declare: f => new ExternalService(f.mesh, 'ext', { namespace: 'nowhere', host: 'api.example.org', ports: [{ number: 80 }] }),
  },
  {
    name: 'access policy without sources',
    code: 'MESH015',
    path: 'mesh/p',
    declare: f => new AccessPolicy(f.mesh, 'p', { sources: [], destinations: [AccessDestination.withLabels({ app: 'x' })] }),
  },
  {
    name: 'access policy path without slash',
    code: 'MESH011',
    path: 'mesh/p',
    declare: f => new AccessPolicy(f.mesh, 'p', {
      sources: [AccessSource.namespace('ops')], destinations: [AccessDestination.withLabels({ app: 'x' })], paths: ['admin'],
    }),
  },
  {
    name: 'access policy for an unknown service',
    code: 'MESH108',
    path: 'mesh/p',
    declare: f => new AccessPolicy(f.mesh, 'p', {
      sources: [AccessSource.namespace('ops')], destinations: [AccessDestination.service('ghost', 'ops')],
    }),
  },
  {
    name: 'traffic policy header value with a lone %',
    code: 'MESH034',
    path: 'mesh/ops/p',
    declare: f => {
      appService(f, 'reviews', 'ops');
      new TrafficPolicy(f.ops, 'p', { destinations: [Destination.service('reviews', 'ops', 8080)], responseHeaders: { set: { 'x-share': '50%' } } });
    },
  },
  {
    name: 'gateway service account with a slash',
    code: 'MESH016',
    path: 'mesh/ops/sa',
    declare: f => new VirtualGateway(f.ops, 'sa', { workloadSelector: { a: 'b' }, workloadServiceAccount: 'ns/sa', listeners: [{ port: 8080 }] }),
  },
];

const CORPUS: CorpusCase[] = [
  ...errorRules.map(r => ({ name: `${r.code} (rule table)`, code: r.code, path: r.path, declare: r.bad, options: r.options })),
  ...MALFORMED,
];

/** Every file below `dir` with its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir, { recursive: true }).map(String).sort()
    .filter(f => fs.statSync(path.join(dir, f)).isFile())
    .map(f => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

describe('bad-input corpus', () => {
  test('holds at least 80 distinct invalid declarations', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CORPUS.map(c => c.name)).size).toBe(CORPUS.length);
  });

  test.each(CORPUS.map(c => [c.name, c] as const))('%s: %p', (_, c) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-corpus-'));
    // A prior good output in the same folder.
    const good = fixture({ outdir });
    root(good, [{ name: 'r', action: to('s') }]);
    (good.mesh.node.root as App).synth();
    const before = snapshot(outdir);
    expect(Object.keys(before).length).toBeGreaterThan(0);

    const bad = fixture({ ...c.options, outdir });
    c.declare(bad);
    const error = errorOf(() => (bad.mesh.node.root as App).synth());
    expect(MeshErrors.isValidationError(error)).toBe(true);
    const found = MeshErrors.diagnosticsOf(error).filter(d => d.code === c.code && d.severity === DiagnosticSeverity.ERROR);
    expect(found.map(d => d.path)).toContain(c.path);
    expect((error as Error).message).toContain(`\n${c.path}: error ${c.code} `);
    expect(snapshot(outdir)).toEqual(before);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
