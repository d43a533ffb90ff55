/**
 * The delegation and attachment graph of read YAML: gateways → hosts → the VirtualServices or HTTPRoutes serving
 * them → their delegates → destinations (services, redirects, direct responses), each node in a group — its workspace
 * (the `mesh.cdk8s.io/workspace` label cdk8s-mesh writes) or, without one, its namespace.
 */
import {
  directNode, gatewayNode, GraphBuilder, GraphNode, hostNode, MeshGraph, redirectNode, routesNode, serviceNode,
} from '../../targets/graph/graph';
import { RouteAction } from '../config/model';
import { SourceObject } from '../input/documents';
import { ProxyCfg } from '../routing/proxies';
import { VhostEntry } from '../routing/virtual-hosts';

const WORKSPACE_LABEL = 'mesh.cdk8s.io/workspace';

/** The group of an object: its workspace label, else its namespace. */
function groupOf(o: SourceObject): string {
  return o.body.metadata?.labels?.[WORKSPACE_LABEL] ?? o.namespace;
}

function destinationNodes(action: RouteAction): GraphNode[] {
  switch (action.type) {
    case 'forward': return action.destinations.map(d => serviceNode(d.host, d.port));
    case 'redirect': return [redirectNode(action.status, action.host, action.path)];
    case 'direct': return [directNode(action.status)];
    case 'delegate': return [];
  }
}

const objectNode = (o: SourceObject, kind: 'routes' | 'delegate') => routesNode(kind, o, groupOf(o));

function addEntry(graph: GraphBuilder, entry: VhostEntry, host: GraphNode): void {
  const leaf = objectNode(entry.route.origin.object, entry.route.via ? 'delegate' : 'routes');
  if (entry.route.via) {
    const root = objectNode(entry.route.via.object, 'routes');
    graph.edge(host, root);
    graph.edge(root, leaf, pathLabel(entry));
  } else {
    graph.edge(host, leaf);
  }
  for (const d of destinationNodes(entry.route.action)) graph.edge(leaf, d, entry.route.name);
}

/** The graph of the proxies' virtual hosts. */
export function meshGraph(proxies: readonly ProxyCfg[]): MeshGraph {
  const graph = new GraphBuilder();
  for (const proxy of proxies) {
    for (const [port, configs] of proxy.ports) {
      for (const config of configs) {
        for (const vhost of config.virtualHosts.values()) {
          for (const entry of vhost.entries) {
            const host = hostNode(entry.gateway.display, port, vhost.domain);
            graph.edge(gatewayNode(entry.gateway.display, groupOf(entry.gateway.object)), host);
            addEntry(graph, entry, host);
          }
        }
      }
    }
  }
  return graph.graph();
}

function pathLabel(entry: VhostEntry): string {
  const via = entry.route.via!;
  const index = via.field[via.field.length - 1];
  const http = via.object.body.spec?.http?.[index as number];
  return http?.name ? String(http.name) : `http[${index}]`;
}
