/** No cdk8s output mode loses or overwrites an object: every YamlOutputType writes every object of S5 and S2. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { errorOf } from './support/small-mesh';
import { declareGatewayPerWorkspace } from '../examples/gateway-per-workspace/mesh';
import { declareTeamGateways } from '../examples/team-gateways/mesh';
import { Cluster, Mesh, MeshErrors, VirtualGateway, Workspace } from '../src';

const scenarios: Record<string, (app: App) => unknown> = {
  'S5 (team gateways)': app => declareTeamGateways(app),
  'S2 (gateway per workspace)': app => declareGatewayPerWorkspace(app),
};
const outputTypes = Object.keys(YamlOutputType).filter(k => Number.isNaN(Number(k))) as Array<keyof typeof YamlOutputType>;

/** Every object written under `outdir`, as `kind namespace/name`, sorted. */
function written(outdir: string): string[] {
  const files = fs.readdirSync(outdir, { recursive: true }).map(String).filter(f => f.endsWith('.yaml'));
  const docs = files.flatMap(f => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf-8')).map(d => d.toJS()));
  return docs.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort();
}

function synth(declare: (app: App) => unknown, yamlOutputType: YamlOutputType): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-output-'));
  const app = new App({ outdir, yamlOutputType });
  declare(app);
  app.synth();
  const objects = written(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  return objects;
}

test.each(outputTypes)('S5 (team gateways): %s writes every object once', type => {
  const everything = synth(scenarios['S5 (team gateways)'], YamlOutputType.FILE_PER_APP);
  expect(everything.length).toBeGreaterThan(10);
  expect(synth(scenarios['S5 (team gateways)'], YamlOutputType[type])).toEqual(everything);
});

test.each(outputTypes)('S2 (gateway per workspace): %s writes every object once, or fails naming the two that would share a file', type => {
  const everything = synth(scenarios['S2 (gateway per workspace)'], YamlOutputType.FILE_PER_APP);
  expect(everything.length).toBe(8);
  if (!type.endsWith('RESOURCE')) {
    expect(synth(scenarios['S2 (gateway per workspace)'], YamlOutputType[type])).toEqual(everything);
    return;
  }
  // Both workspaces name their gateway bookinfo-gateway: cdk8s would write both Gateways to Gateway.bookinfo-gateway.k8s.yaml,
  // and both VirtualServices (bookinfo-gateway-wildcard) to one file too.
  const e = errorOf(() => synth(scenarios['S2 (gateway per workspace)'], YamlOutputType[type]));
  expect(MeshErrors.diagnosticsOf(e).map(d => `${d.code} ${d.path}`))
    .toEqual(['MESH605 mesh/workspace-2/bookinfo', 'MESH605 mesh/workspace-2/bookinfo-gateway']);
});

describe('objects that would share a file', () => {
  function twoClusters(yamlOutputType: YamlOutputType) {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-output-')), yamlOutputType });
    const mesh = new Mesh(app, 'mesh');
    new Cluster(mesh, 'east');
    new Cluster(mesh, 'west');
    const ws = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
    new VirtualGateway(ws, 'gw', { workloadSelector: { istio: 'gw' }, listeners: [{ port: 80 }] });
    return app;
  }

  test('FILE_PER_RESOURCE with several clusters fails the build (one folder for every chart) and says which mode to use', () => {
    const e = errorOf(() => twoClusters(YamlOutputType.FILE_PER_RESOURCE).synth());
    const clash = MeshErrors.diagnosticsOf(e).filter(d => d.code === 'MESH605');
    expect(clash.map(d => d.message)).toContain('Gateway ops/gw (cluster west) and ops/gw (cluster east) would be written to the same file '
      + 'Gateway.gw.k8s.yaml by the App\'s FILE_PER_RESOURCE output, which names files <kind>.<name>: one would overwrite the other');
    expect(clash[0].fix).toContain('FOLDER_PER_CHART_FILE_PER_RESOURCE');
  });

  test('FOLDER_PER_CHART_FILE_PER_RESOURCE writes a folder per cluster', () => {
    const app = twoClusters(YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE);
    app.synth();
    expect(written(app.outdir).filter(o => o.startsWith('Gateway'))).toEqual(['Gateway ops/gw', 'Gateway ops/gw']);
  });

  test('two gateways of one name in two namespaces are an error in a file-per-resource output, fine otherwise', () => {
    const declare = (yamlOutputType: YamlOutputType) => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-output-')), yamlOutputType });
      const mesh = new Mesh(app, 'mesh');
      for (const ns of ['a', 'b']) {
        new VirtualGateway(new Workspace(mesh, ns, { namespaces: [ns] }), 'gw', { workloadSelector: { istio: 'gw' }, listeners: [{ port: 80 }] });
      }
      return app;
    };
    const e = errorOf(() => declare(YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE).synth());
    expect(MeshErrors.diagnosticsOf(e).map(d => `${d.code} ${d.path} ${d.related.map(r => r.path)}`)).toEqual(['MESH605 mesh/b/gw mesh/a/gw']);
    expect(() => declare(YamlOutputType.FILE_PER_CHART).synth()).not.toThrow();
  });
});
