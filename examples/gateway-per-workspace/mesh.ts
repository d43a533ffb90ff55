/**
 * Scenario S2: one cluster, one control plane, two workspaces that each run their own
 * ingress gateway workload and their own copy of Bookinfo. Each workspace's gateway accepts any host on port 80 and
 * routes only to its own productpage; the workspaces share nothing, so their proxies see only their own namespace
 * and only their own gateway may call them.
 */
import { App } from 'cdk8s';
import { Destination, Mesh, MeshProps, PathMatch, RouteAction, RouteTable, VirtualGateway, Workspace } from 'cdk8s-mesh';

/** Options of the S2 declaration (tests vary them; the example uses the defaults). */
export interface GatewayPerWorkspaceOptions {
  readonly mesh?: MeshProps;
  /** Declare workspace 2 before workspace 1 (the output must not change). */
  readonly reversed?: boolean;
}

/** What the S2 declaration creates. */
export interface GatewayPerWorkspace {
  readonly mesh: Mesh;
  readonly workspaces: Workspace[];
  readonly gateways: VirtualGateway[];
}

/** Bookinfo's ingress paths, all served by productpage on port 9080. */
const BOOKINFO_PATHS = [
  PathMatch.exact('/productpage'),
  PathMatch.prefix('/static'),
  PathMatch.exact('/login'),
  PathMatch.exact('/logout'),
  PathMatch.prefix('/api/v1/products'),
];

/** Declares S2 in `app`. */
export function declareGatewayPerWorkspace(app: App, options: GatewayPerWorkspaceOptions = {}): GatewayPerWorkspace {
  const mesh = new Mesh(app, 'mesh', options.mesh);
  const ids = options.reversed ? [2, 1] : [1, 2];
  const declared = ids.map(n => {
    const namespace = `workspace-${n}`;
    const workspace = new Workspace(mesh, namespace, { namespaces: [namespace], serviceIsolation: true });
    const gateway = new VirtualGateway(workspace, 'bookinfo-gateway', {
      workloadSelector: { istio: `ingressgateway-${n}` },
      workloadNamespace: namespace,
      listeners: [{ port: 80 }],
    });
    new RouteTable(workspace, 'bookinfo', {
      hosts: ['*'],
      gateways: [gateway],
      routes: [{
        name: 'productpage',
        matchers: BOOKINFO_PATHS.map(path => ({ path })),
        action: RouteAction.forwardTo(Destination.service('productpage', namespace, 9080)),
      }],
    });
    return { n, workspace, gateway };
  }).sort((a, b) => a.n - b.n);
  return { mesh, workspaces: declared.map(d => d.workspace), gateways: declared.map(d => d.gateway) };
}
