/** How synthesis reports and where it writes: warnings once, concise errors, the user's Chart, cluster charts. */
import { join, sep } from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Cluster, Mesh, MeshErrors, PathMatch, RouteTable, VirtualGateway, Workspace } from '../src';
import { base, errorOf, table, to } from './support/small-mesh';
import { isOwnFrame, ownCodeDirs } from '../src/compiler/diagnostics/validation-error';
import { removeDotSegments } from '../src/compiler/evaluation/evaluate';

/** Runs `action` with the stderr report of warnings on, returning what it wrote to stderr. */
function stderrOf(action: () => unknown): string {
  const saved = process.env.CDK8S_MESH_WARNINGS;
  delete process.env.CDK8S_MESH_WARNINGS;
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    action();
    return spy.mock.calls.map(c => String(c[0])).join('');
  } finally {
    spy.mockRestore();
    process.env.CDK8S_MESH_WARNINGS = saved;
  }
}

/** A mesh whose only finding is a warning (MESH504: a table nothing delegates to). */
function withWarning(props = {}) {
  const b = base(props);
  table(b, [{ name: 'all', action: to('web') }]);
  new RouteTable(b.ops, 'spare', { routes: [{ name: 'x', action: to('web') }] });
  return b;
}

describe('warnings and errors', () => {
  test('warnings are written to stderr once, when the app synthesizes, and never by diagnostics or evaluate()', () => {
    const b = withWarning();
    expect(stderrOf(() => {
      expect(b.mesh.diagnostics.map(d => d.code)).toEqual(['MESH504']);
      b.mesh.evaluate({ host: 'api.example.com', path: '/' });
    })).toBe('');
    const written = stderrOf(() => b.app.synthYaml());
    expect(written.match(/MESH504/g)).toHaveLength(1);
    expect(written).toContain('mesh/ops/spare: warning MESH504 UnusedRouteTable:');
    expect(stderrOf(() => b.app.synthYaml())).toBe('');
  });

  test('the warnings are reported at synthesis even after apiObjects() created the objects', () => {
    const b = withWarning();
    b.mesh.apiObjects();
    expect(stderrOf(() => b.app.synthYaml()).match(/MESH504/g)).toHaveLength(1);
  });

  test('CDK8S_MESH_WARNINGS=off silences the report', () => {
    const b = withWarning();
    process.env.CDK8S_MESH_WARNINGS = 'off';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    b.app.synthYaml();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  test('with failOnWarnings the summary counts the warnings that fail the build', () => {
    const e = errorOf(() => withWarning({ failOnWarnings: true }).app.synthYaml()) as Error;
    expect(MeshErrors.diagnosticsOf(e).map(d => d.code)).toEqual(['MESH504']);
    expect(e.message.split('\n')[0])
      .toBe('cdk8s-mesh: 0 error(s) and 1 warning(s) treated as errors (failOnWarnings) in the mesh declaration, nothing was written:');
  });

  test('the validation error is the report and the caller\'s frames: no frame inside the library, no dump of its findings', () => {
    const b = base();
    new RouteTable(b.ops, 'lost', { hosts: ['api.example.com'], routes: [{ name: 'a', action: to('web') }] });
    // Node's default frame limit (jest raises it): the library's own frames must not take the caller's place.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
    const e = errorOf(() => b.app.synthYaml()) as Error;
    Error.stackTraceLimit = limit;
    const report = e.stack!.slice(0, `MeshValidationError: ${e.message}`.length);
    const frames = e.stack!.split('\n').slice(e.message.split('\n').length);
    expect(report).toBe(`MeshValidationError: ${e.message}`);
    // Node prints an error with frames as its stack (without, as `[MeshValidationError: …]`): this test's own frame is there.
    expect(frames).toEqual(expect.arrayContaining([expect.stringContaining('synthesis-output.test.ts')]));
    expect(frames.filter(f => !/^\s+at /.test(f) || f.includes(`${join(__dirname, '..', 'src')}${sep}`))).toEqual([]);
    expect(Object.keys(e)).toEqual([]);
    expect(MeshErrors.diagnosticsOf(e).map(d => d.code)).toEqual(['MESH206']);
    expect(e.message.split('\n')).toEqual([
      'cdk8s-mesh: 1 error(s) in the mesh declaration, nothing was written:',
      expect.stringMatching(/^mesh\/ops\/lost: error MESH206 RootTableWithoutGateway: /),
      expect.stringMatching(/^ {4}fix: /),
    ]);
  });
});

test('library frames are left out whether they name lib/ (built) or src/ (this repository, or the built library with source maps)', () => {
  const root = join(__dirname, '..');
  const frame = (file: string) => `    at check (${file}:10:5)`;
  expect(isOwnFrame(frame(join(root, 'lib', 'compiler', 'compile.js')))).toBe(true);
  expect(isOwnFrame(frame(join(root, 'src', 'compiler', 'diagnostics', 'validation-error.ts')))).toBe(true);
  expect(isOwnFrame(frame(join(root, 'test', 'synthesis-output.test.ts')))).toBe(false);
  expect(isOwnFrame(frame(join(`${root}-app`, 'src', 'main.ts')))).toBe(false);
  expect(isOwnFrame(frame(join(root, 'node_modules', 'cdk8s', 'lib', 'app.js')))).toBe(false);
  // Where this file lies: in lib/ or src/ of the package; bundled into an app, nothing is taken for the library's.
  const pkg = join(sep, 'pkg');
  expect(ownCodeDirs(join(pkg, 'lib', 'compiler', 'diagnostics'))).toEqual([join(pkg, 'lib') + sep, join(pkg, 'src') + sep]);
  expect(ownCodeDirs(join(pkg, 'src', 'compiler', 'diagnostics'))).toEqual([join(pkg, 'lib') + sep, join(pkg, 'src') + sep]);
  expect(ownCodeDirs(join(sep, 'app', 'dist'))).toEqual([]);
});

describe('charts', () => {
  test('a single-cluster mesh inside a Chart emits into that Chart, with its labels', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'platform', { labels: { team: 'platform' } });
    const mesh = new Mesh(chart, 'mesh');
    const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
    const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'gw' }, listeners: [{ port: 80 }] });
    const all = { name: 'all', matchers: [{ path: PathMatch.prefix('/') }], action: to('web') };
    new RouteTable(ops, 'root', { hosts: ['a.example.com'], gateways: [gw], routes: [all] });
    expect(mesh.clusterChart()).toBe(chart);
    expect(app.charts).toEqual([chart]);
    const objects = Testing.synth(chart);
    expect(objects.map(o => o.kind)).toEqual(['Gateway', 'VirtualService', 'Sidecar']);
    for (const o of objects) expect(o.metadata.labels.team).toBe('platform');
  });

  test('with several clusters each gets a chart named after it at the top of the App', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'platform');
    const mesh = new Mesh(chart, 'mesh');
    new Cluster(mesh, 'east');
    new Cluster(mesh, 'west');
    expect(mesh.clusterChart('east').node.path).toBe('east');
    expect(mesh.clusterChart('west')).not.toBe(chart);
  });

  test('a cluster name that is not in the mesh is an error, not an extra empty chart', () => {
    const b = withWarning();
    expect(() => b.mesh.clusterChart('defualt')).toThrow('"defualt" is not a cluster of this mesh (clusters: default)');
    expect(b.app.charts.map(c => c.node.id)).toEqual([]);
    expect(parseAllDocuments(b.app.synthYaml()).length).toBeGreaterThan(0);
  });
});

describe('request paths', () => {
  test('evaluate() removes dot segments as the gateway does before routing (RFC 3986, Istio\'s default normalisation)', () => {
    const b = base();
    table(b, [
      { name: 'one', matchers: [{ path: PathMatch.prefix('/team1') }], action: to('one') },
      { name: 'two', matchers: [{ path: PathMatch.prefix('/team2') }], action: to('two') },
    ]);
    const goes = (path: string) => b.mesh.evaluate({ host: 'api.example.com', path }).route ?? '404';
    expect(goes('/team1/../team2/x')).toBe('two');
    expect(goes('/team2/./x')).toBe('two');
    expect(goes('/x/../../team1')).toBe('one');
    expect(goes('/team1/x/../..')).toBe('404');
    expect(goes('/team1/%2e%2e/team2/x')).toBe('two');
    expect(goes('/team1/%2E/x')).toBe('one');
    expect(goes('/team1/%2e%2ex')).toBe('one');
    expect(removeDotSegments('/a/b/c/./../../g')).toBe('/a/g');
    expect(removeDotSegments('/a//b/../c')).toBe('/a//c');
  });
});
