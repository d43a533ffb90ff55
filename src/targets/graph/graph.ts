/**
 * The delegation and attachment graph: gateways → hosts → route objects → their delegates → destinations (services,
 * redirects, direct responses), each node in a group (a workspace, or a namespace outside any). Two sources draw it —
 * a compiled mesh (`compiled-graph.ts`, at synth time) and read YAML (the command line) — with the same node
 * identities for gateways, hosts and destinations, and the same renderers.
 */
import { cmp } from '../../compiler/algebra/order';

/** What a node stands for. */
export type NodeKind = 'gateway' | 'host' | 'routes' | 'delegate' | 'destination';

/** A node of the graph. */
export interface GraphNode {
  /** Stable identity, e.g. `gateway:ops/gw`. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** Workspace or namespace; undefined for hosts and destinations outside any. */
  readonly group?: string;
}

/** An edge, with the routes it stands for. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

/** The graph, nodes and edges sorted. */
export interface MeshGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** The node of a gateway `namespace/name` (an Istio or a Gateway API Gateway). */
export function gatewayNode(display: string, group: string): GraphNode {
  return { id: `gateway:${display}`, kind: 'gateway', label: `Gateway ${display}`, group };
}

/** The node of the virtual host `domain` a gateway serves on `port`. */
export function hostNode(gateway: string, port: number, domain: string): GraphNode {
  return { id: `host:${gateway}:${port}:${domain}`, kind: 'host', label: `${domain}:${port}` };
}

/** The node of an object holding routes: `kind` is `routes` where a host attaches it, `delegate` where a route hands over to it. */
export function routesNode(kind: 'routes' | 'delegate', object: { kind: string; namespace: string; name: string }, group: string): GraphNode {
  const { namespace, name } = object;
  return { id: `${kind}:${object.kind}/${namespace}/${name}`, kind, label: `${object.kind} ${namespace}/${name}`, group };
}

/** The node of a forwarding destination: a host and, when given, its port. */
export function serviceNode(host: string, port?: number): GraphNode {
  return { id: `destination:${host}:${port ?? ''}`, kind: 'destination', label: `${host}${port ? `:${port}` : ''}` };
}

/** The node of a redirect with `status`, to an optional host and path. */
export function redirectNode(status: number, host?: string, path?: string): GraphNode {
  const to = `${host ?? ''}${path ?? ''}`;
  return { id: `destination:redirect:${status}:${to}`, kind: 'destination', label: `redirect ${status}${to ? ` to ${to}` : ''}` };
}

/** The node of a direct response with `status`. */
export function directNode(status: number): GraphNode {
  return { id: `destination:direct:${status}`, kind: 'destination', label: `answer ${status}` };
}

/** Collects nodes (the first of an id wins) and edges (labels joined), and returns them sorted: any input order, one graph. */
export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, { from: string; to: string; labels: Set<string> }>();

  /** Adds `n` unless a node with its id exists; returns the node kept. */
  public node(n: GraphNode): GraphNode {
    const known = this.nodes.get(n.id);
    if (known) return known;
    this.nodes.set(n.id, n);
    return n;
  }

  /** Adds both nodes and the edge between them, with `label` among the edge's labels. */
  public edge(from: GraphNode, to: GraphNode, label?: string): void {
    const [a, b] = [this.node(from), this.node(to)];
    const key = `${a.id}→${b.id}`;
    const e = this.edges.get(key) ?? this.edges.set(key, { from: a.id, to: b.id, labels: new Set() }).get(key)!;
    if (label) e.labels.add(label);
  }

  /** The graph: nodes by id, edges by their ends, each edge's labels sorted and joined. */
  public graph(): MeshGraph {
    return {
      nodes: [...this.nodes.values()].sort((a, b) => cmp(a.id, b.id)),
      edges: [...this.edges.values()]
        .map(e => ({ from: e.from, to: e.to, ...(e.labels.size ? { label: [...e.labels].sort(cmp).join(', ') } : {}) }))
        .sort((a, b) => cmp(`${a.from}→${a.to}`, `${b.from}→${b.to}`)),
    };
  }
}
