/**
 * `cdk8s-mesh diff` compares two outputs by behaviour, on the boundary requests of every match of both: between two
 * generated meshes that differ by one route it finds exactly the requests whose outcome the library says changes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { cli, folder } from './cli-harness';
import {
  Destination, DiagnosticSeverity, HttpMethod, Mesh, PathMatch, RouteAction, RouteDecision, RouteOutcome, RouteTable, VirtualGateway, Workspace,
} from '../../src';
import { analyze } from '../../src/cli/analyze/analyze';
import { diffProxies } from '../../src/cli/diff/diff';
import { Probe, probeKey, probesOf } from '../../src/cli/diff/probes';
import { parseObjects } from '../../src/cli/input/documents';
import { generateMesh, GeneratorOptions, MESH_SIZES } from '../support/mesh-generator';

const S1 = path.join(__dirname, '..', 'fixtures', 's1-plain-istio');

describe('diff on the command line', () => {
  test('a changed destination: exactly the requests of that route, grouped by host and route; --allow exits 0', () => {
    const files = Object.fromEntries(fs.readdirSync(S1).map(f => [f, fs.readFileSync(path.join(S1, f), 'utf-8')]));
    const after = folder({ ...files, '02-app1-vs.yaml': files['02-app1-vs.yaml'].replace('host: app-1.app-1.svc', 'host: app-1-v2.app-1.svc') });
    const r = cli(['diff', S1, after]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(l => l.startsWith('    GET'))).toEqual([
      '    GET /foo: forward to app-1.app-1.svc.cluster.local:8080 → forward to app-1-v2.app-1.svc.cluster.local:8080',
      '    GET /foo/x: forward to app-1.app-1.svc.cluster.local:8080 → forward to app-1-v2.app-1.svc.cluster.local:8080',
      '    GET /foox: forward to app-1.app-1.svc.cluster.local:8080 → forward to app-1-v2.app-1.svc.cluster.local:8080',
    ]);
    expect(r.stdout).toMatch(/\n3 of \d+ requests probed change\n$/);
    expect(cli(['diff', '--allow', S1, after]).code).toBe(0);
    const json = JSON.parse(cli(['diff', '--format', 'json', S1, after]).stdout);
    expect(json.changes[0]).toMatchObject({
      request: { host: 'api.example.com', path: '/foo' }, before: { route: 'route "app-1-foo-route" of VirtualService app-1/app-vs-1' },
    });
  });

  test('the same input twice changes nothing; a single input is a usage error', () => {
    expect(cli(['diff', S1, S1])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^0 of \d+ requests probed change\n$/) });
    expect(cli(['diff', S1]).code).toBe(2);
    // An empty side is a mesh without routes yet: every request of the other side changes, nothing is an input error.
    const added = cli(['diff', folder({}), S1]);
    expect(added.code).toBe(1);
    expect(added.stdout).toMatch(/requests probed change/);
  });
});

/** The library's decision, as comparable text. */
function decisionKey(d: RouteDecision): string {
  if (d.outcome !== RouteOutcome.FORWARD) return JSON.stringify([d.outcome, d.status, d.redirect ?? '']);
  return JSON.stringify(d.destinations.map(x => [x.host, x.port, x.subset ?? '', x.weight]).sort());
}

/** The route added to the second mesh: a path in a team's namespace, possibly overlapping the generated ones. */
const EXTRA = fc.record({
  team: fc.nat(3),
  kind: fc.constantFrom('exact', 'prefix', 'segment'),
  table: fc.nat(2),
  route: fc.nat(4),
  suffix: fc.constantFrom('', 'x', '/x', '-new'),
  weight: fc.nat(3),
  post: fc.boolean(),
});

type Extra = typeof EXTRA extends fc.Arbitrary<infer T> ? T : never;

function declare(o: GeneratorOptions, extra?: Extra) {
  const app = Testing.app();
  const generated = generateMesh(app, o);
  if (extra) {
    const team = generated.mesh.node.findChild(`team-${extra.team % o.workspaces}`) as Workspace;
    const stem = `${['/e', '/p', '/s'][['exact', 'prefix', 'segment'].indexOf(extra.kind)]}${extra.table}-${extra.route}${extra.suffix}`;
    const p = extra.kind === 'exact' ? PathMatch.exact(stem) : extra.kind === 'prefix' ? PathMatch.prefix(`${stem}/`) : PathMatch.segmentPrefix(stem);
    new RouteTable(team, 'rt-extra', {
      weight: extra.weight,
      routes: [{
        name: 'extra',
        matchers: [{ path: p, ...(extra.post ? { method: HttpMethod.POST } : {}) }],
        action: RouteAction.forwardTo(Destination.service('extra', team.namespaces[0], 8080)),
      }],
    });
  }
  return { ...generated, app };
}

const valid = (mesh: Mesh) => mesh.diagnostics.every(d => d.severity !== DiagnosticSeverity.ERROR);

describe('diff between two generated meshes differing by one route', () => {
  test('reports exactly the probed requests whose outcome mesh.evaluate() says changes, and the new route\'s own requests', () => {
    const seen = { valid: 0, changed: 0 };
    fc.assert(fc.property(MESH_SIZES, EXTRA, (sizes, extra) => {
      const o = { ...sizes, workspaces: Math.min(sizes.workspaces, 3), gateways: 1 };
      const [a, b] = [declare(o), declare(o, extra)];
      fc.pre(valid(b.mesh));
      seen.valid++;
      const [before, after] = [a, b].map(m => analyze(parseObjects(m.app.synthYaml(), 'out.yaml')).proxies);
      const diff = diffProxies(before, after);
      const gatewayOf = (gateways: VirtualGateway[], p: Probe) => gateways.find(g => `${g.namespace}/${g.gatewayName}` === p.gateway);
      const request = (m: typeof a, p: Probe) =>
        ({ gateway: gatewayOf(m.gateways, p), host: p.host, path: p.path, method: p.method, headers: p.headers, port: p.port });
      const evaluate = (m: typeof a, p: Probe) => decisionKey(m.mesh.evaluate(request(m, p)));
      const reported = new Set(diff.changes.map(c => probeKey(c.probe)));
      const probes = [...new Map([...probesOf(before), ...probesOf(after)].map(p => [probeKey(p), p])).values()];
      expect(diff.probed).toBe(probes.length);
      const changed = probes.filter(p => evaluate(a, p) !== evaluate(b, p)).map(probeKey);
      expect([...reported].sort()).toEqual(changed.sort());
      // The new route takes some request in B (its own boundary requests): then the diff cannot be empty.
      const takes = probes.some(p => b.mesh.evaluate(request(b, p)).route === 'extra');
      expect(takes ? diff.changes.length > 0 : true).toBe(true);
      if (diff.changes.length > 0) seen.changed++;
    }), { numRuns: 30, seed: 15 });
    // The property is not vacuous: most added routes are valid and change some requests.
    expect(seen.changed).toBeGreaterThan(seen.valid / 2);
  });
});
