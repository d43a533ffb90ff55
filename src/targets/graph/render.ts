/** The graph as Mermaid (flowchart), Graphviz DOT (groups as subgraphs) or an HTML page, by format. */
import { GraphNode, MeshGraph } from './graph';
import { GraphFormat } from './graph-format';
import { toHtml } from './html';
import { cmp } from '../../compiler/algebra/order';

/** Nodes by group (undefined: no group), groups sorted. */
export function grouped(graph: MeshGraph): Array<[string | undefined, GraphNode[]]> {
  const groups = new Map<string | undefined, GraphNode[]>();
  for (const n of graph.nodes) groups.set(n.group, [...groups.get(n.group) ?? [], n]);
  return [...groups.entries()].sort((a, b) => cmp(a[0] ?? '', b[0] ?? ''));
}

const SHAPES: Record<GraphNode['kind'], [string, string]> = {
  gateway: ['[/', '/]'], host: ['([', '])'], routes: ['[', ']'], delegate: ['[', ']'], destination: ['[(', ')]'],
};

const mermaidText = (s: string) => s.replace(/"/g, '#quot;');

/** Mermaid `flowchart LR`: each group a subgraph, node ids n0, n1, … in sorted order. */
export function toMermaid(graph: MeshGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  grouped(graph).forEach(([group, nodes], g) => {
    const indent = group === undefined ? '  ' : '    ';
    if (group !== undefined) lines.push(`  subgraph g${g}["${mermaidText(group)}"]`);
    for (const n of nodes) lines.push(`${indent}${ids.get(n.id)}${SHAPES[n.kind][0]}"${mermaidText(n.label)}"${SHAPES[n.kind][1]}`);
    if (group !== undefined) lines.push('  end');
  });
  for (const e of graph.edges) lines.push(`  ${ids.get(e.from)} -->${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${ids.get(e.to)}`);
  return lines.join('\n') + '\n';
}

const dotText = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const DOT_SHAPES: Record<GraphNode['kind'], string> = {
  gateway: 'invhouse', host: 'ellipse', routes: 'box', delegate: 'box', destination: 'cylinder',
};

/** Graphviz DOT: each group a cluster. */
export function toDot(graph: MeshGraph): string {
  const lines = ['digraph mesh {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];
  grouped(graph).forEach(([group, nodes], g) => {
    const indent = group === undefined ? '  ' : '    ';
    if (group !== undefined) lines.push(`  subgraph cluster_${g} {`, `    label=${dotText(group)};`);
    for (const n of nodes) lines.push(`${indent}${dotText(n.id)} [label=${dotText(n.label)}, shape=${DOT_SHAPES[n.kind]}];`);
    if (group !== undefined) lines.push('  }');
  });
  for (const e of graph.edges) lines.push(`  ${dotText(e.from)} -> ${dotText(e.to)}${e.label ? ` [label=${dotText(e.label)}]` : ''};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** The file extension of each format, without the dot. */
export const GRAPH_FILE_EXTENSIONS: Readonly<Record<GraphFormat, string>> = {
  [GraphFormat.MERMAID]: 'mmd',
  [GraphFormat.DOT]: 'dot',
  [GraphFormat.HTML]: 'html',
};

/** The title of the HTML page unless one is given. */
export const DEFAULT_GRAPH_TITLE = 'cdk8s-mesh graph';

/** The graph as text in `format`; `title` heads the HTML page. */
export function renderGraph(graph: MeshGraph, format: GraphFormat, title: string): string {
  switch (format) {
    case GraphFormat.MERMAID: return toMermaid(graph);
    case GraphFormat.DOT: return toDot(graph);
    case GraphFormat.HTML: return toHtml(graph, title);
  }
}
