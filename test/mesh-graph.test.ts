/**
 * The Mesh `graph` option: the delegation and attachment graph written at synth time — gateways → hosts → route tables
 * → delegated route tables → destinations, workspaces as groups — in every format, byte-identical for any declaration
 * order, one per cluster for a multi-cluster mesh, nothing written on an error; and the same gateways, hosts,
 * destinations and paths between them as `cdk8s-mesh graph` draws from the synthesized YAML.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { cli, folder } from './cli/cli-harness';
import { declareMultitenant, MultitenantOptions } from '../examples/multitenant/mesh';
import {
  Cluster, Destination, GraphFormat, IstioDelegation, ListenerProtocol, Mesh, MeshGraphOptions, MeshTarget, PathMatch, RouteAction,
  RouteTable, VirtualGateway, Workspace,
} from '../src';
import { analyze } from '../src/cli/analyze/analyze';
import { meshGraph } from '../src/cli/graph/graph';
import { parseObjects } from '../src/cli/input/documents';
import { cmp } from '../src/compiler/algebra/order';
import { GraphEdge, GraphNode, MeshGraph, NodeKind } from '../src/targets/graph/graph';

/** Synthesizes S1 with the graph option into a fresh folder; returns the App and the folder's files (name → text). */
function synthS1(options: MultitenantOptions = {}, graph: MeshGraphOptions = {}): { app: App; files: Record<string, string> } {
  const app = Testing.app();
  declareMultitenant(app, { ...options, mesh: { ...options.mesh, graph } });
  app.synth();
  return { app, files: read(app.outdir) };
}

function read(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

/** Every gateway → host → … → destination path of a graph, by label: what a request can reach, whatever the route objects. */
function reach(graph: MeshGraph): string[] {
  const label = new Map(graph.nodes.map(n => [n.id, n.label]));
  const out = new Map(graph.nodes.map(n => [n.id, graph.edges.filter(e => e.from === n.id).map(e => e.to)]));
  const ends = (id: string): string[] => (out.get(id)!.length === 0 ? [id] : out.get(id)!.flatMap(ends));
  return graph.nodes.filter(n => n.kind === 'gateway').flatMap(g => out.get(g.id)!.flatMap(h =>
    ends(h).map(d => `${label.get(g.id)} → ${label.get(h)} → ${label.get(d)}`))).sort();
}

/** The nodes both sources draw alike: gateways (with their workspace), hosts and destinations. */
const shared = (graph: MeshGraph) => graph.nodes.filter(n => n.kind !== 'routes' && n.kind !== 'delegate');

/** The graph `cdk8s-mesh graph` draws from YAML, as the command line builds it. */
const yamlGraph = (yaml: string) => meshGraph(analyze(parseObjects(yaml, 'out.yaml')).proxies);

describe('the Mesh graph option', () => {
  const s1 = synthS1({ mesh: { istioDelegation: IstioDelegation.NATIVE } });

  test('app.synth() writes the graph next to the manifests, in Mermaid, DOT and HTML', () => {
    expect(Object.keys(s1.files)).toEqual(['default.k8s.yaml', 'mesh-graph.dot', 'mesh-graph.html', 'mesh-graph.mmd']);
    expect(s1.files['mesh-graph.mmd']).toMatch(/^flowchart LR\n/);
    expect(s1.files['mesh-graph.dot']).toMatch(/^digraph mesh \{\n/);
    expect(s1.files['mesh-graph.html']).toMatch(/^<!DOCTYPE html>/);
    expect(s1.files['mesh-graph.html']).toContain('<title>cdk8s-mesh graph</title>');
    expect(s1.files['mesh-graph.html']).not.toMatch(/<script|\b(src|href)=|url\(/);
  });

  test('the graph names the gateway, its host, the route tables as declared, the delegation and the services', () => {
    const mermaid = s1.files['mesh-graph.mmd'];
    expect(mermaid).toContain('  subgraph g3["ops-team"]\n    n6[/"Gateway ops-team/north-south-gw"/]\n'
      + '    n8["RouteTable ops-team/team1-ingress"]\n    n9["RouteTable ops-team/team2-ingress"]\n  end\n');
    expect(mermaid).toContain('  subgraph g1["app1-team"]\n    n0["RouteTable app-1/app1-route"]\n  end\n');
    expect(mermaid).toContain('  n7(["api.example.com:80"])\n');
    expect(mermaid).toContain('  n8 -->|"team1-ingress"| n0\n');
    expect(mermaid).toContain('  n0 -->|"app1-foo-route"| n3\n');
    expect(mermaid).toContain('  n3[("app-1.app-1.svc.cluster.local:8080")]\n');
    const dot = s1.files['mesh-graph.dot'];
    expect(dot).toContain('"routes:RouteTable/ops-team/team1-ingress" -> "delegate:RouteTable/app-1/app1-route" [label="team1-ingress"];');
    expect(dot).toContain('"delegate:RouteTable/app-2/app2-route" -> "destination:app-2.app-2.svc.cluster.local:8080" [label="app2-bar-route"];');
    expect(dot.match(/subgraph cluster_/g)).toHaveLength(3);
  });

  test('byte-identical for the same declarations in any order, and for either output flavour', () => {
    const orders = [{ workspaces: [2, 0, 1], tables: [3, 1, 2, 0] }, { workspaces: [1, 2, 0], tables: [2, 3, 0, 1] }];
    for (const order of orders) {
      const other = synthS1({ order, mesh: { istioDelegation: IstioDelegation.NATIVE } }).files;
      expect(other['mesh-graph.mmd']).toBe(s1.files['mesh-graph.mmd']);
      expect(other['mesh-graph.dot']).toBe(s1.files['mesh-graph.dot']);
      expect(other['mesh-graph.html']).toBe(s1.files['mesh-graph.html']);
    }
    // The route tables are drawn as declared: flattened Istio and Gateway API output have the same graph.
    for (const mesh of [{ target: MeshTarget.ISTIO }, { target: MeshTarget.GATEWAY_API }]) {
      expect(synthS1({ mesh }).files['mesh-graph.mmd']).toBe(s1.files['mesh-graph.mmd']);
    }
  });

  test('formats, folder, file name and title as asked', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-graph-'));
    const { app } = synthS1({}, { formats: [GraphFormat.HTML, GraphFormat.DOT], outdir: path.join(outdir, 'docs'), fileName: 'routes', title: 'S1' });
    expect(read(path.join(outdir, 'docs'))).toEqual({
      'routes.dot': s1.files['mesh-graph.dot'],
      'routes.html': s1.files['mesh-graph.html'].replace(/cdk8s-mesh graph/g, 'S1'),
    });
    expect(Object.keys(read(app.outdir))).toEqual(['default.k8s.yaml']);
    expect(() => new Mesh(Testing.app(), 'mesh', { graph: { formats: [] } })).toThrow(/graph.formats names no format/);
  });

  test('every synth path that validates the mesh writes it; without the option nothing is written', () => {
    const app = Testing.app();
    declareMultitenant(app, { mesh: { istioDelegation: IstioDelegation.NATIVE, graph: {} } });
    app.synthYaml();
    expect(read(app.outdir)['mesh-graph.mmd']).toBe(s1.files['mesh-graph.mmd']);
    const plain = Testing.app();
    declareMultitenant(plain);
    plain.synth();
    expect(Object.keys(read(plain.outdir))).toEqual(['default.k8s.yaml']);
  });

  test('nothing is written when the mesh has an error, nor when warnings fail the synthesis', () => {
    const app = Testing.app();
    declareMultitenant(app, { mesh: { maxDelegationDepth: 0, graph: {} } });
    expect(() => app.synth()).toThrow(/MESH033/);
    expect(fs.readdirSync(app.outdir)).toEqual([]);

    const strict = Testing.app();
    const mesh = new Mesh(strict, 'mesh', { failOnWarnings: true, graph: {} });
    const ws = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
    new RouteTable(ws, 'orphan', { routes: [{ name: 'all', action: RouteAction.forwardTo(Destination.service('web', 'ops', 80)) }] });
    expect(mesh.diagnostics.map(d => d.severity)).toContain('warning');
    expect(() => strict.synth()).toThrow();
    expect(fs.readdirSync(strict.outdir)).toEqual([]);
  });

  test('cdk8s-mesh graph on the synthesized YAML draws the same gateways, hosts, destinations and paths', () => {
    // The command line draws the objects written (VirtualServices, HTTPRoutes); the option draws the route tables they
    // came from. Everything else is the same: node for node, and every gateway → host → destination path.
    const fromSynth = synthesizedGraph(s1.files['mesh-graph.dot']);
    for (const mesh of [{ istioDelegation: IstioDelegation.NATIVE }, { target: MeshTarget.ISTIO }, { target: MeshTarget.GATEWAY_API }]) {
      const fromYaml = yamlGraph(synthS1({ mesh }).files['default.k8s.yaml']);
      expect(shared(fromSynth)).toEqual(shared(fromYaml));
      expect(reach(fromSynth)).toEqual(reach(fromYaml));
    }
    expect(reach(fromSynth)).toEqual([
      'Gateway ops-team/north-south-gw → api.example.com:80 → app-1-default.app-1.svc.cluster.local:8080',
      'Gateway ops-team/north-south-gw → api.example.com:80 → app-1.app-1.svc.cluster.local:8080',
      'Gateway ops-team/north-south-gw → api.example.com:80 → app-2-default.app-2.svc.cluster.local:8080',
      'Gateway ops-team/north-south-gw → api.example.com:80 → app-2.app-2.svc.cluster.local:8080',
    ]);
    // And the command itself prints the graph of those objects.
    const printed = cli(['graph', '--format', 'dot', folder({ 'out.yaml': s1.files['default.k8s.yaml'] })]);
    expect(printed.code).toBe(0);
    expect(reach(synthesizedGraph(printed.stdout))).toEqual(reach(fromSynth));
  });

  test('a mesh of several clusters writes one graph per cluster, the same as the command line on that cluster\'s output', () => {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh', { graph: { formats: [GraphFormat.DOT] } });
    for (const [cluster, ip] of [['east', '192.0.2.1'], ['west', '192.0.2.2']]) {
      new Cluster(mesh, cluster, { network: cluster, trustDomain: cluster, eastWestGateway: { address: ip } });
      const ws = new Workspace(mesh, `${cluster}-ops`, { namespaces: [`${cluster}-ops`], clusters: [cluster] });
      const gateway = new VirtualGateway(ws, `${cluster}-gw`, {
        workloadSelector: { istio: `${cluster}-ingress` }, listeners: [{ port: 80, protocol: ListenerProtocol.HTTP }],
      });
      new RouteTable(ws, 'site', {
        hosts: [`${cluster}.example.com`],
        gateways: [gateway],
        routes: [{
          name: 'web', matchers: [{ path: PathMatch.prefix('/') }], action: RouteAction.forwardTo(Destination.service('web', `${cluster}-ops`, 80)),
        }],
      });
    }
    app.synth();
    const files = read(app.outdir);
    expect(Object.keys(files)).toEqual(['east.k8s.yaml', 'mesh-graph-east.dot', 'mesh-graph-west.dot', 'west.k8s.yaml']);
    for (const cluster of ['east', 'west']) {
      const graph = synthesizedGraph(files[`mesh-graph-${cluster}.dot`]);
      expect(reach(graph)).toEqual([`Gateway ${cluster}-ops/${cluster}-gw → ${cluster}.example.com:80 → web.${cluster}-ops.svc.cluster.local:80`]);
      expect(reach(graph)).toEqual(reach(yamlGraph(files[`${cluster}.k8s.yaml`])));
    }
  });
});

/** Reads a DOT file the graph wrote back into nodes and edges (ids, labels, kinds from the id's prefix, groups). */
function synthesizedGraph(dot: string): MeshGraph {
  const QUOTED = '("(?:[^"\\\\]|\\\\.)*")';
  const unquote = (s: string) => JSON.parse(s) as string;
  let group: string | undefined;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const line of dot.split('\n')) {
    const cluster = new RegExp(`^ {4}label=${QUOTED};$`).exec(line);
    const node = new RegExp(`^\\s+${QUOTED} \\[label=${QUOTED}, shape=\\w+\\];$`).exec(line);
    const edge = new RegExp(`^\\s+${QUOTED} -> ${QUOTED}(?: \\[label=${QUOTED}\\])?;$`).exec(line);
    if (cluster) {
      group = unquote(cluster[1]);
    } else if (line === '  }') {
      group = undefined;
    } else if (node) {
      const id = unquote(node[1]);
      nodes.push({ id, kind: id.slice(0, id.indexOf(':')) as NodeKind, label: unquote(node[2]), ...(group ? { group } : {}) });
    } else if (edge) {
      edges.push({ from: unquote(edge[1]), to: unquote(edge[2]), ...(edge[3] ? { label: unquote(edge[3]) } : {}) });
    }
  }
  return { nodes: nodes.sort((a, b) => cmp(a.id, b.id)), edges };
}
