/**
 * The delegation and attachment graph of a compiled mesh, one per cluster: each gateway of the cluster → the virtual
 * hosts its proxies serve (per port and domain, as Envoy matches them) → the root route tables attached there → the
 * route tables they delegate to → where the routes end. It draws the route tables as declared, whatever the output
 * flavour: a flattened Istio output has no delegate objects, yet its routes came through the same tables.
 */
import { directNode, gatewayNode, GraphBuilder, GraphNode, hostNode, MeshGraph, redirectNode, routesNode, serviceNode } from './graph';
import { destinationHost } from '../../compiler/algebra/destination-host';
import { CompiledMesh, FlatRoute, TerminalAction } from '../../compiler/compiled';
import { RouteTableModel } from '../../model';

function destinationNodes(action: TerminalAction, clusterDomain: string): GraphNode[] {
  switch (action.type) {
    case 'forward': return action.destinations.flatMap(d => d.service ?? []).map(s => serviceNode(destinationHost(s, clusterDomain), s.port));
    case 'redirect': return [redirectNode(action.statusCode, action.host, action.path)];
    case 'direct': return [directNode(action.status)];
  }
}

/** Draws one route of a host: host → root table → each delegated table → the route's destinations. */
function addRoute(graph: GraphBuilder, mesh: CompiledMesh, host: GraphNode, route: FlatRoute): void {
  const group = (t: RouteTableModel) => mesh.namespaceOwners.get(t.namespace) ?? t.namespace;
  const tables = route.chain.map((link, i) =>
    routesNode(i === 0 ? 'routes' : 'delegate', { kind: 'RouteTable', namespace: link.table.namespace, name: link.table.name }, group(link.table)));
  graph.edge(host, tables[0]);
  for (let i = 1; i < tables.length; i++) graph.edge(tables[i - 1], tables[i], route.chain[i - 1].route.name);
  const leaf = route.chain[route.chain.length - 1];
  for (const d of destinationNodes(route.action, mesh.model.clusterDomain)) graph.edge(tables[tables.length - 1], d, leaf.route.name);
}

/** The graph of the gateways of `cluster`: every virtual host of their proxies and every route it holds. */
export function compiledGraph(mesh: CompiledMesh, cluster: string): MeshGraph {
  const graph = new GraphBuilder();
  for (const proxy of mesh.proxies) {
    for (const port of proxy.ports) {
      for (const config of port.routeConfigurations) {
        for (const vhost of config.virtualHosts) {
          for (const { gateway, host: compiledHost } of vhost.contributions) {
            if (!gateway.clusters.includes(cluster)) continue;
            const display = `${gateway.model.namespace}/${gateway.model.name}`;
            const host = hostNode(display, port.port, vhost.domain);
            graph.edge(gatewayNode(display, gateway.workspace.name), host);
            for (const route of compiledHost.routes) addRoute(graph, mesh, host, route);
          }
        }
      }
    }
  }
  return graph.graph();
}
