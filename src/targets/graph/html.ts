/**
 * The graph as one self-contained HTML page: an inline SVG (no script, no external resource) laid out in columns —
 * gateways, hosts, route objects, delegates, destinations — each node coloured by its group, with a legend.
 */
import { GraphNode, MeshGraph, NodeKind } from './graph';
import { cmp } from '../../compiler/algebra/order';

const COLUMNS: readonly NodeKind[] = ['gateway', 'host', 'routes', 'delegate', 'destination'];
const COLUMN_TITLES: Record<NodeKind, string> = {
  gateway: 'Gateways', host: 'Hosts', routes: 'Routes', delegate: 'Delegates', destination: 'Destinations',
};
const [WIDTH, HEIGHT, GAP_X, GAP_Y, TOP] = [270, 30, 330, 44, 60];
const MAX_LABEL = 44;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A stable colour per group. */
function colour(group: string | undefined): string {
  if (group === undefined) return 'hsl(0, 0%, 93%)';
  let h = 0;
  for (const c of group) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h}, 60%, 86%)`;
}

interface Placed { readonly node: GraphNode; readonly x: number; readonly y: number }

function layout(graph: MeshGraph): Map<string, Placed> {
  const out = new Map<string, Placed>();
  const used = COLUMNS.filter(k => graph.nodes.some(n => n.kind === k));
  used.forEach((kind, col) => {
    graph.nodes.filter(n => n.kind === kind).sort((a, b) => cmp(a.group ?? '', b.group ?? '') || cmp(a.label, b.label))
      .forEach((node, row) => out.set(node.id, { node, x: 20 + col * GAP_X, y: TOP + row * GAP_Y }));
  });
  return out;
}

function nodeSvg(p: Placed): string {
  const n = p.node;
  const text = n.label.length > MAX_LABEL ? `${n.label.slice(0, MAX_LABEL - 1)}…` : n.label;
  const group = n.group ? ` data-group="${escape(n.group)}"` : '';
  return `<g class="node kind-${n.kind}" data-id="${escape(n.id)}" data-kind="${n.kind}" data-label="${escape(n.label)}"${group}>`
    + `<title>${escape(n.label)}${n.group ? ` (${escape(n.group)})` : ''}</title>`
    + `<rect x="${p.x}" y="${p.y}" width="${WIDTH}" height="${HEIGHT}" rx="${n.kind === 'host' ? 15 : 4}" fill="${colour(n.group)}"/>`
    + `<text class="label" x="${p.x + 8}" y="${p.y + 19}">${escape(text)}</text></g>`;
}

/** One self-contained HTML page showing the graph. */
export function toHtml(graph: MeshGraph, title: string): string {
  const placed = layout(graph);
  const columns = COLUMNS.filter(k => graph.nodes.some(n => n.kind === k));
  const width = 40 + Math.max(1, columns.length) * GAP_X;
  const height = TOP + 20 + Math.max(1, ...columns.map(k => graph.nodes.filter(n => n.kind === k).length)) * GAP_Y;
  const edges = graph.edges.map(e => {
    const [a, b] = [placed.get(e.from)!, placed.get(e.to)!];
    const [x1, y1, x2, y2] = [a.x + WIDTH, a.y + HEIGHT / 2, b.x, b.y + HEIGHT / 2];
    const label = e.label ? `<title>${escape(e.label)}</title>` : '';
    return `<path class="edge" d="M${x1},${y1} C${x1 + 30},${y1} ${x2 - 30},${y2} ${x2},${y2}">${label}</path>`;
  });
  const heads = columns.map((k, i) => `<text class="column" x="${20 + i * GAP_X}" y="30">${COLUMN_TITLES[k]}</text>`);
  const groups = [...new Set(graph.nodes.map(n => n.group).filter((g): g is string => g !== undefined))].sort(cmp);
  const legend = groups.map(g => `<li><span class="swatch" style="background:${colour(g)}"></span>${escape(g)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 18px; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; border: 1px solid #999; }
svg .label { font-size: 11px; }
svg .column { font-size: 13px; font-weight: bold; }
svg rect { stroke: #555; stroke-width: 1; }
svg .edge { fill: none; stroke: #777; stroke-width: 1.2; }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<ul class="legend">${legend}</ul>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}">
${heads.join('\n')}
${edges.join('\n')}
${[...placed.values()].map(nodeSvg).join('\n')}
</svg>
</body>
</html>
`;
}
