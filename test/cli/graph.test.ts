/** `cdk8s-mesh graph`: gateways → hosts → routes → delegates → destinations, grouped by workspace, in three formats. */
import { Testing } from 'cdk8s';
import { cli, folder } from './cli-harness';
import { declareMultitenant } from '../../examples/multitenant/mesh';
import { IstioDelegation, MeshTarget } from '../../src';
import { analyze } from '../../src/cli/analyze/analyze';
import { meshGraph } from '../../src/cli/graph/graph';
import { parseObjects } from '../../src/cli/input/documents';

function s1(native: boolean): string {
  const app = Testing.app();
  declareMultitenant(app, { mesh: { target: MeshTarget.ISTIO, ...(native ? { istioDelegation: IstioDelegation.NATIVE } : {}) } });
  return app.synthYaml();
}

describe('graph', () => {
  const yaml = s1(true);
  const graph = meshGraph(analyze(parseObjects(yaml, 'out.yaml')).proxies);

  test('S1 with native delegation: the gateway, its host, the root VirtualService, the two delegates and four services', () => {
    expect(graph.nodes.map(n => [n.kind, n.label, n.group ?? '-'])).toEqual([
      ['delegate', 'VirtualService app-1/app1-route', 'app1-team'],
      ['delegate', 'VirtualService app-2/app2-route', 'app2-team'],
      ['destination', 'app-1-default.app-1.svc.cluster.local:8080', '-'],
      ['destination', 'app-1.app-1.svc.cluster.local:8080', '-'],
      ['destination', 'app-2-default.app-2.svc.cluster.local:8080', '-'],
      ['destination', 'app-2.app-2.svc.cluster.local:8080', '-'],
      ['gateway', 'Gateway ops-team/north-south-gw', 'ops-team'],
      ['host', 'api.example.com:80', '-'],
      ['routes', 'VirtualService ops-team/north-south-gw-api-example-com', 'ops-team'],
    ]);
    const label = (id: string) => graph.nodes.find(n => n.id === id)!.label;
    expect(graph.edges.map(e => `${label(e.from)} → ${label(e.to)}${e.label ? ` (${e.label})` : ''}`)).toEqual([
      'VirtualService app-1/app1-route → app-1-default.app-1.svc.cluster.local:8080 (team1-ingress-app1-route.app1-default-route)',
      'VirtualService app-1/app1-route → app-1.app-1.svc.cluster.local:8080 (team1-ingress-app1-route.app1-foo-route)',
      'VirtualService app-2/app2-route → app-2-default.app-2.svc.cluster.local:8080 (team2-ingress-app2-route.app2-default-route)',
      'VirtualService app-2/app2-route → app-2.app-2.svc.cluster.local:8080 (team2-ingress-app2-route.app2-bar-route)',
      'Gateway ops-team/north-south-gw → api.example.com:80',
      'api.example.com:80 → VirtualService ops-team/north-south-gw-api-example-com',
      'VirtualService ops-team/north-south-gw-api-example-com → VirtualService app-1/app1-route (team1-ingress)',
      'VirtualService ops-team/north-south-gw-api-example-com → VirtualService app-2/app2-route (team2-ingress)',
    ]);
  });

  test('Mermaid: a flowchart with one subgraph per workspace and every edge', () => {
    const r = cli(['graph', folder({ 'out.yaml': yaml })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR\n/);
    expect(r.stdout).toContain('  subgraph g3["ops-team"]\n    n6[/"Gateway ops-team/north-south-gw"/]\n');
    expect(r.stdout.split('\n').filter(l => l.includes('-->')).length).toBe(graph.edges.length);
  });

  test('DOT: a digraph whose every edge joins declared nodes, groups as clusters', () => {
    const dot = cli(['graph', '--format', 'dot', folder({ 'out.yaml': yaml })]).stdout;
    expect(dot).toMatch(/^digraph mesh \{\n/);
    const declared = new Set([...dot.matchAll(/^\s+("[^"]+") \[label=/gm)].map(m => m[1]));
    const ends = [...dot.matchAll(/^\s+("[^"]+") -> ("[^"]+")/gm)].flatMap(m => [m[1], m[2]]);
    expect(ends.length).toBe(graph.edges.length * 2);
    expect(ends.filter(e => !declared.has(e))).toEqual([]);
    expect(dot.match(/subgraph cluster_/g)!.length).toBe(3);
  });

  test('HTML: one self-contained page (no script, no external resource) with a node per graph node and a path per edge', () => {
    const html = cli(['graph', '--format', 'html', '--title', 'S1', folder({ 'out.yaml': yaml })]).stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|\b(src|href)=|url\(/);
    const ids = [...html.matchAll(/<g class="node kind-(\w+)" data-id="([^"]+)"/g)].map(m => m[2]);
    expect(ids.sort()).toEqual(graph.nodes.map(n => n.id.replace(/&/g, '&amp;')).sort());
    expect(html.match(/<path class="edge"/g)!.length).toBe(graph.edges.length);
    for (const n of graph.nodes) expect(html).toContain(`<title>${n.label}`);
    expect(html).toContain('<li><span class="swatch" style="background:hsl(');
  });
});
