/**
 * Every TypeScript block of README.md is a complete program a user could paste into a cdk8s app: it type-checks with
 * the test tsconfig ('cdk8s-mesh' being the library's source), it runs, and it outputs what the README says it does —
 * the routes, objects and diagnostics stated next to it, and the value commented after each `console.log`.
 */
import * as ts from 'typescript';
import * as lib from '../src';
import { MeshErrors } from '../src';
import { evaluateIstio } from './support/istio-matcher';
import { objectsIn, ReadmeBlock, readmeBlocks, runBlock, typeCheck } from './support/readme-blocks';
import { errorOf } from './support/small-mesh';

const blocks = readmeBlocks();
/** The README's prose after a block, with line breaks and indentation folded into single spaces. */
const proseOf = (block: ReadmeBlock) => block.prose.replace(/\s+/g, ' ');

/** What each block illustrates, recognized by a declaration only it makes. */
function roleOf(block: ReadmeBlock): string {
  if (block.code.includes("'reviews-split'")) return 'traffic';
  if (block.code.includes('mesh.evaluate(')) return 'evaluate';
  if (block.code.includes("'app2-route'")) return 'quick start';
  if (block.code.includes("'team-2-public'")) return 'tenancy';
  return `unknown block at README.md:${block.line}`;
}
const block = (role: string) => blocks.find(b => roleOf(b) === role)!;

/** Replaces `from` (which must occur) in `code`. */
function edit(code: string, from: string | RegExp, to: string | ((match: string) => string)): string {
  if (!(typeof from === 'string' ? code.includes(from) : from.test(code))) throw new Error(`the block no longer contains ${from}`);
  return typeof to === 'string' ? code.replace(from, to) : code.replace(from, to);
}

/**
 * The values a block says it prints: each `console.log(...)` line is followed by its output as a TypeScript
 * expression, in a comment on the same line or on the comment lines right below it; the library's exports are in scope.
 */
function statedPrints(code: string): Array<{ line: number; expression: string }> {
  const lines = code.split('\n');
  const stated: Array<{ line: number; expression: string }> = [];
  lines.forEach((text, i) => {
    const call = /^console\.log\(.*\);\s*(?:\/\/\s*(.*))?$/.exec(text);
    if (!call) return;
    let expression = call[1] ?? '';
    for (let j = i + 1; !call[1] && j < lines.length && /^\/\//.test(lines[j]); j++) expression += lines[j].replace(/^\/\/\s*/, ' ');
    if (!expression.trim()) throw new Error(`README block line ${i + 1}: a console.log whose output no comment states`);
    stated.push({ line: i, expression: expression.trim() });
  });
  return stated;
}

function valueOf(expression: string): unknown {
  const scope = Object.entries(lib);
  const compiled = ts.transpileModule(`return (${expression});`, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  return new Function(...scope.map(([name]) => name), compiled)(...scope.map(([, value]) => value));
}

test('README.md has the TypeScript blocks this test knows what to assert of', () => {
  expect(blocks.map(roleOf)).toEqual(['quick start', 'tenancy', 'traffic', 'evaluate']);
});

describe('every TypeScript block of README.md type-checks as a program of its own', () => {
  // One program for the blocks and for variants that must not compile (so the check is known to catch errors); the
  // variants keep the README's line numbers (a removed declaration leaves its blank lines).
  const tenancy = block('tenancy');
  const withoutSvc1 = edit(tenancy.code, /^const svc1 = [^]*?^\}\);$/m, declaration => declaration.replace(/[^\n]/g, ''));
  const svc1AsApiObject = edit(tenancy.code, 'AccessDestination.fromService(svc1)', 'AccessDestination.fromApiObject(svc1)');
  let diagnostics: string[][];
  beforeAll(() => {
    diagnostics = typeCheck([...blocks, { code: withoutSvc1, line: tenancy.line }, { code: svc1AsApiObject, line: tenancy.line }]);
  });

  test.each(blocks.map((b, i) => [b.line, i]))('README.md:%d', (_line, i) => {
    expect(diagnostics[i]).toEqual([]);
  });

  test('a block that does not compile fails, with README line numbers: the tenancy block as the issue found it', () => {
    const readmeLine = (text: string) => tenancy.line + tenancy.code.split('\n').findIndex(l => l.includes(text));
    const policyLine = readmeLine('new AccessPolicy(');
    // An undefined `svc1`, and a cdk8s-plus Service where an ApiObject is expected.
    expect(diagnostics[blocks.length]).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^README\\.md:${policyLine}:\\d+ TS2304: Cannot find name 'svc1'\\.$`)),
    ]));
    expect(diagnostics[blocks.length + 1]).toEqual([
      expect.stringMatching(new RegExp(`^README\\.md:${policyLine}:\\d+ TS2345: Argument of type 'Service' is not assignable .*ApiObject`, 's')),
    ]);
  });
});

describe.each(blocks.map(b => [b.line, b]))('README.md:%d runs', (_line, b) => {
  test('and prints what its comments say', () => {
    const stated = statedPrints(b.code);
    const { logs } = runBlock(b.code);
    expect(logs).toHaveLength(stated.length);
    stated.forEach((s, i) => {
      const expected = valueOf(s.expression);
      expect({ at: `README.md:${b.line + s.line}`, printed: logs[i] }).toEqual({ at: `README.md:${b.line + s.line}`, printed: [expected] });
    });
  });
});

describe('quick start', () => {
  const quickStart = block('quick start');
  const prose = proseOf(quickStart);
  let files: Map<string, string>;
  let objects: any[];
  beforeAll(() => {
    files = runBlock(quickStart.code).files;
    objects = objectsIn(files);
  });
  const probe = (path: string, host = 'api.example.com') =>
    evaluateIstio(objects, { gateway: 'ops-team/north-south-gw', host, path, proxyNamespace: 'istio-system' });

  test('writes dist/default.k8s.yaml: a Gateway and one VirtualService for api.example.com in ops-team, and a Sidecar per namespace', () => {
    expect(prose).toContain('`app.synth()` writes `dist/default.k8s.yaml`: a `Gateway` and one `VirtualService` for `api.example.com` in `ops-team`');
    expect(prose).toContain('Beside them is a `Sidecar` per namespace');
    expect([...files.keys()]).toEqual(['default.k8s.yaml']);
    expect(objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Gateway ops-team/north-south-gw',
      'VirtualService ops-team/north-south-gw-api-example-com',
      ...['app-1', 'app-2', 'gloo-mesh-addons', 'gloo-mesh-gateways', 'ops-team'].map(ns => `Sidecar ${ns}/workspace-sidecar-${ns}`),
    ]);
    expect(objects[1].spec.hosts).toEqual(['api.example.com']);
  });

  test('the flattened routes are those the README lists, in its order, and anything else is a 404', () => {
    const stated = [...prose.matchAll(/`(\/[^`]*)` → `([^`]+)`/g)].map(m => [m[1], m[2]]);
    expect(stated).toEqual([['/team1/foo', 'app-1'], ['/team1', 'app-1-default'], ['/team2/bar', 'app-2'], ['/team2', 'app-2-default']]);
    const routes = objects.find(o => o.kind === 'VirtualService').spec.http;
    const service = (host: string) => host.replace(/\.(app-[12])\.svc\.cluster\.local$/, '');
    expect(routes.map((r: any) => [r.match.map((m: any) => m.uri.prefix).join(), r.route.map((d: any) => service(d.destination.host)).join()]))
      .toEqual(stated);
    // Read by an independent Istio matcher: each listed prefix (and what lies below it) reaches its service...
    for (const [path, to] of stated) {
      for (const p of [path, `${path}/x`]) expect([p, probe(p).status, probe(p).destinations.map(d => service(d.host))]).toEqual([p, 200, [to]]);
    }
    // ...and anything else is a 404.
    expect(prose).toContain('anything else is a 404');
    for (const path of ['/', '/team3', '/foo', '/bar', '/app-1']) expect([path, probe(path).status]).toEqual([path, 404]);
    expect(probe('/team1/foo', 'other.example.com').status).toBe(404);
  });

  test('declaring the same workspaces and tables in any order gives byte-identical YAML', () => {
    expect(prose).toContain('Declaring the same workspaces and tables in any order gives byte-identical YAML.');
    const source = ts.createSourceFile('quick-start.ts', quickStart.code, ts.ScriptTarget.ES2022, true);
    const newOf = (node: ts.Node): string | undefined => {
      const expression = ts.isVariableStatement(node) ? node.declarationList.declarations[0].initializer
        : ts.isExpressionStatement(node) ? node.expression : undefined;
      return expression && ts.isNewExpression(expression) ? expression.expression.getText() : undefined;
    };
    const workspaces = source.statements.filter(s => newOf(s) === 'Workspace');
    const tables = source.statements.filter(s => newOf(s) === 'RouteTable');
    expect([workspaces.length, tables.length]).toEqual([3, 4]);
    /** The block with the statements of each group in the order `order` gives for the group. */
    const reordered = (order: <T>(group: T[]) => T[]) => {
      const moves = [workspaces, tables].flatMap(group => group.map((slot, i) => ({ slot, by: order(group)[i] })));
      let code = quickStart.code;
      for (const { slot, by } of moves.sort((x, y) => y.slot.getStart() - x.slot.getStart())) {
        code = code.slice(0, slot.getStart()) + by.getText() + code.slice(slot.getEnd());
      }
      return code;
    };
    const orders = [<T>(g: T[]) => [...g].reverse(), <T>(g: T[]) => [...g.slice(1), g[0]]];
    for (const order of orders) {
      const code = reordered(order);
      expect(code).not.toEqual(quickStart.code);
      expect(runBlock(code).files).toEqual(files);
    }
  });
});

describe('tenancy in the data plane', () => {
  const tenancy = block('tenancy');
  const prose = proseOf(tenancy);
  let objects: any[];
  beforeAll(() => {
    objects = objectsIn(runBlock(tenancy.code).files);
  });
  const of = (kind: string, namespace?: string) => objects.filter(o => o.kind === kind && (!namespace || o.metadata.namespace === namespace));

  test('the Sidecar of vamp-test2 lists exactly the hosts the README names; the others only their own namespace', () => {
    const listed = /the Sidecar of `vamp-test2`: ([^;]*);/.exec(prose)![1];
    const stated = [...listed.matchAll(/`([^`]+)`/g)].map(m => m[1]);
    expect(stated).toEqual(['istio-system/*', 'vamp-test1/svc-1.vamp-test1.svc.cluster.local', 'vamp-test2/*']);
    expect(prose).toContain('those of `vamp-test1` and `vamp-test3` list only their own namespace;');
    expect(Object.fromEntries(of('Sidecar').map(o => [o.metadata.namespace, o.spec.egress[0].hosts]))).toEqual({
      'vamp-test1': ['vamp-test1/*'],
      'vamp-test2': stated,
      'vamp-test3': ['vamp-test3/*'],
    });
  });

  test('vamp-test1 gets the isolation policy (its namespace, the gateway\'s identity) and team 2\'s access to svc-1\'s pods', () => {
    expect(prose).toContain("in `vamp-test1`, `workspace-isolation-vamp-test1` (its own namespace and the ingress gateway's identity, "
      + '`cluster.local/ns/istio-system/sa/istio-ingressgateway`) and `team-2-svc-1` (team 2\'s principals, '
      + '`cluster.local/ns/vamp-test2/sa/*`, on the pods of `svc-1` only)');
    expect(Object.fromEntries(of('AuthorizationPolicy').map(o => [`${o.metadata.namespace}/${o.metadata.name}`, o.spec]))).toEqual({
      'vamp-test1/workspace-isolation-vamp-test1': {
        action: 'ALLOW',
        rules: [{
          from: [{ source: { namespaces: ['vamp-test1'] } }, { source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway'] } }],
        }],
      },
      'vamp-test1/team-2-svc-1': {
        action: 'ALLOW',
        selector: { matchLabels: { app: 'svc-1' } },
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/vamp-test2/sa/*'] } }] }],
      },
    });
    // The Service the policy protects is the block's cdk8s-plus Service, selecting the same pods.
    expect(of('Service', 'vamp-test1').map(o => [o.metadata.name, o.metadata.labels, o.spec.selector])).toEqual([
      ['svc-1', { app: 'svc-1' }, { app: 'svc-1' }],
    ]);
  });

  test('vamp-test3 gets a ServiceEntry and a mesh VirtualService with the retries and the 10s timeout, both for vamp-test3 alone', () => {
    expect(prose).toContain('in `vamp-test3`, a `ServiceEntry` (MESH_EXTERNAL) and a mesh `VirtualService` with the retries and the 10s timeout, '
      + 'both exported to `vamp-test3` alone');
    expect(of('ServiceEntry').map(o => [o.metadata.namespace, o.spec.location, o.spec.hosts, o.spec.exportTo]))
      .toEqual([['vamp-test3', 'MESH_EXTERNAL', ['vamp-test2.example.com'], ['.']]]);
    const calls = of('VirtualService', 'vamp-test3');
    expect(calls.map(o => [o.spec.gateways, o.spec.hosts, o.spec.exportTo])).toEqual([[undefined, ['vamp-test2.example.com'], ['.']]]);
    expect(calls[0].spec.http).toEqual([{
      name: 'default', route: [{ destination: { host: 'vamp-test2.example.com' } }], timeout: '10s', retries: { attempts: 3, perTryTimeout: '2s' },
    }]);
  });

  test('without the export, team 2\'s route to svc-1 and the access policy both fail the build (MESH202, MESH207)', () => {
    expect(prose).toContain('Without the export, team 2\'s route to `svc-1` and the access policy both fail the build (MESH202, MESH207).');
    const withoutExport = edit(tenancy.code, /^ {2}exportTo: .*\n/m, '');
    const error = errorOf(() => runBlock(withoutExport));
    expect(MeshErrors.isValidationError(error)).toBe(true);
    expect(MeshErrors.diagnosticsOf(error).map(d => [d.code, d.path]))
      .toEqual([['MESH202', 'mesh/team-2/public'], ['MESH207', 'mesh/team-1/team-2']]);
  });
});
