/**
 * Scenario S1: an ops team owns the ingress host api.example.com and delegates the
 * prefixes /team1 and /team2 to the route tables of two application teams, who write their paths relative to
 * their mount point.
 */
import { App } from 'cdk8s';
import {
  DelegationPathMode, Destination, ListenerProtocol, Mesh, MeshProps, PathMatch, RouteAction, RouteTable,
  VirtualGateway, Workspace, WorkspaceSelector,
} from 'cdk8s-mesh';

/** Options of the S1 declaration (tests vary them; the example uses the defaults). */
export interface MultitenantOptions {
  /** Path mode of the two delegating routes. */
  readonly pathMode?: DelegationPathMode;
  /** Permutation of the declaration steps (workspaces first, then tables), to show order does not matter. */
  readonly order?: { workspaces?: number[]; tables?: number[] };
  readonly mesh?: MeshProps;
}

/** What the S1 declaration creates. */
export interface Multitenant {
  readonly mesh: Mesh;
  readonly gateway: VirtualGateway;
}

const appTeam = { 'team-category': 'app-team' };

/** Declares S1 in `app`. */
export function declareMultitenant(app: App, options: MultitenantOptions = {}): Multitenant {
  const mesh = new Mesh(app, 'mesh', options.mesh);
  const pathMode = options.pathMode ?? DelegationPathMode.RELATIVE;
  const ws: Record<string, Workspace> = {};
  const workspaces = [
    () => ws.ops = new Workspace(mesh, 'ops-team', {
      namespaces: ['ops-team', 'gloo-mesh-gateways', 'gloo-mesh-addons'],
      importFrom: [{ workspaces: [WorkspaceSelector.withLabels(appTeam)] }],
    }),
    () => ws.app1 = new Workspace(mesh, 'app1-team', {
      namespaces: ['app-1'],
      labels: appTeam,
      exportTo: [{ workspaces: [WorkspaceSelector.named('ops-team')] }],
    }),
    () => ws.app2 = new Workspace(mesh, 'app2-team', {
      namespaces: ['app-2'],
      labels: appTeam,
      exportTo: [{ workspaces: [WorkspaceSelector.named('ops-team')] }],
    }),
  ];
  for (const i of options.order?.workspaces ?? [0, 1, 2]) workspaces[i]();

  const gateway = new VirtualGateway(ws.ops, 'north-south-gw', {
    workloadSelector: { istio: 'ingressgateway' },
    listeners: [{ port: 80, protocol: ListenerProtocol.HTTP }],
    allowedRouteTables: [{ workspaces: [WorkspaceSelector.of(ws.ops)] }],
  });

  const service = (name: string, namespace: string) => RouteAction.forwardTo(Destination.service(name, namespace, 8080));
  const tables = [
    () => new RouteTable(ws.ops, 'team1-ingress', {
      hosts: ['api.example.com'],
      gateways: [gateway],
      routes: [{
        name: 'team1-ingress',
        matchers: [{ path: PathMatch.prefix('/team1') }],
        action: RouteAction.delegate({ workspaces: [ws.app1], pathMode }),
      }],
    }),
    () => new RouteTable(ws.ops, 'team2-ingress', {
      hosts: ['api.example.com'],
      gateways: [gateway],
      routes: [{
        name: 'team2-ingress',
        matchers: [{ path: PathMatch.prefix('/team2') }],
        action: RouteAction.delegate({ workspaces: [ws.app2], pathMode }),
      }],
    }),
    () => new RouteTable(ws.app1, 'app1-route', {
      routes: [
        { name: 'app1-foo-route', matchers: [{ path: PathMatch.prefix('/foo') }], action: service('app-1', 'app-1') },
        { name: 'app1-default-route', action: service('app-1-default', 'app-1') },
      ],
    }),
    () => new RouteTable(ws.app2, 'app2-route', {
      routes: [
        { name: 'app2-bar-route', matchers: [{ path: PathMatch.prefix('/bar') }], action: service('app-2', 'app-2') },
        { name: 'app2-default-route', action: service('app-2-default', 'app-2') },
      ],
    }),
  ];
  for (const i of options.order?.tables ?? [0, 1, 2, 3]) tables[i]();
  return { mesh, gateway };
}
