/**
 * The delegation and attachment graph of a configuration: gateways → hosts → the VirtualServices or HTTPRoutes serving
 * them → their delegates → destinations (services, redirects, direct responses), each node in a group — its workspace
 * (the `mesh.cdk8s.io/workspace` label cdk8s-mesh writes) or, without one, its namespace.
 */
import { cmp } from '../../compiler/algebra/order';
import { RouteAction } from '../config/model';
import { SourceObject } from '../input/documents';
import { ProxyCfg } from '../routing/proxies';
import { VhostEntry } from '../routing/virtual-hosts';

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

const WORKSPACE_LABEL = 'mesh.cdk8s.io/workspace';

/** The group of an object: its workspace label, else its namespace. */
function groupOf(o: SourceObject): string {
  return o.body.metadata?.labels?.[WORKSPACE_LABEL] ?? o.namespace;
}

function destinationNodes(action: RouteAction): GraphNode[] {
  switch (action.type) {
    case 'forward': return action.destinations.map(d => ({
      id: `destination:${d.host}:${d.port ?? ''}`, kind: 'destination', label: `${d.host}${d.port ? `:${d.port}` : ''}`,
    }));
    case 'redirect': return [{
      id: `destination:redirect:${action.status}:${action.host ?? ''}${action.path ?? ''}`,
      kind: 'destination',
      label: `redirect ${action.status}${action.host || action.path ? ` to ${action.host ?? ''}${action.path ?? ''}` : ''}`,
    }];
    case 'direct': return [{ id: `destination:direct:${action.status}`, kind: 'destination', label: `answer ${action.status}` }];
    case 'delegate': return [];
  }
}

const objectNode = (o: SourceObject, kind: NodeKind): GraphNode =>
  ({ id: `${kind}:${o.kind}/${o.namespace}/${o.name}`, kind, label: `${o.kind} ${o.namespace}/${o.name}`, group: groupOf(o) });

/** The graph of the proxies' virtual hosts. */
export function meshGraph(proxies: readonly ProxyCfg[]): MeshGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, { from: string; to: string; labels: Set<string> }>();
  const node = (n: GraphNode) => (nodes.has(n.id) ? nodes.get(n.id)! : (nodes.set(n.id, n), n));
  const edge = (from: GraphNode, to: GraphNode, label?: string) => {
    const key = `${from.id}→${to.id}`;
    const e = edges.get(key) ?? edges.set(key, { from: from.id, to: to.id, labels: new Set() }).get(key)!;
    if (label) e.labels.add(label);
  };
  const visit = (entry: VhostEntry, host: GraphNode) => {
    const leaf = node(objectNode(entry.route.origin.object, entry.route.via ? 'delegate' : 'routes'));
    if (entry.route.via) {
      const root = node(objectNode(entry.route.via.object, 'routes'));
      edge(host, root);
      edge(root, leaf, pathLabel(entry));
    } else {
      edge(host, leaf);
    }
    for (const d of destinationNodes(entry.route.action)) edge(leaf, node(d), entry.route.name);
  };
  for (const proxy of proxies) {
    for (const [port, configs] of proxy.ports) {
      for (const config of configs) {
        for (const vhost of config.virtualHosts.values()) {
          for (const entry of vhost.entries) {
            const g = entry.gateway;
            const gateway = node({ id: `gateway:${g.display}`, kind: 'gateway', label: `Gateway ${g.display}`, group: groupOf(g.object) });
            const host = node({ id: `host:${entry.gateway.display}:${port}:${vhost.domain}`, kind: 'host', label: `${vhost.domain}:${port}` });
            edge(gateway, host);
            visit(entry, host);
          }
        }
      }
    }
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => cmp(a.id, b.id)),
    edges: [...edges.values()].map(e => ({ from: e.from, to: e.to, ...(e.labels.size ? { label: [...e.labels].sort(cmp).join(', ') } : {}) }))
      .sort((a, b) => cmp(`${a.from}→${a.to}`, `${b.from}→${b.to}`)),
  };
}

function pathLabel(entry: VhostEntry): string {
  const via = entry.route.via!;
  const index = via.field[via.field.length - 1];
  const http = via.object.body.spec?.http?.[index as number];
  return http?.name ? String(http.name) : `http[${index}]`;
}
