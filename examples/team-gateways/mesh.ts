/**
 * Scenario S5: three teams, one namespace each, each with its own gateway.
 * - Team 1 runs `svc-1` in two versions and exposes each version on a hostname of its own gateway.
 * - Team 2's gateway sends the `/svc-2` prefix to its `svc-2` (rewritten to `/`) and everything else to team 1's
 *   `svc-1` — a cross-namespace reference that exists only because team 1 exports `svc-1` to team 2.
 * - Team 3 calls team 2's public hostname as an external service; a traffic policy sets retries and a timeout on those calls.
 * - Team 1 turns on service isolation; an access policy lets team 2's workloads call `svc-1` (which team 1 exports).
 */
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import {
  AccessDestination, AccessPolicy, AccessSource, Destination, ExternalService, Mesh, MeshProps, PathMatch, PathRewrite, ResourceKind,
  RouteAction, RouteTable, TrafficPolicy, VirtualGateway, Workspace, WorkspaceSelector,
} from 'cdk8s-mesh';

/** Options of the S5 declaration (tests vary them; the example uses the defaults). */
export interface TeamGatewaysOptions {
  readonly mesh?: MeshProps;
  /** Whether team 1 exports `svc-1` to team 2 (without it, team 2's route is a build error). @default true */
  readonly exportSvc1?: boolean;
}

/** What the S5 declaration creates. */
export interface TeamGateways {
  readonly mesh: Mesh;
  readonly teams: Workspace[];
  readonly gateways: VirtualGateway[];
  readonly team2Public: ExternalService;
}

/** Team 2's public hostname, which team 3 reaches from outside the mesh. */
export const TEAM2_HOST = 'vamp-test2.example.com';

/** A Service of the application (the teams' own manifests, part of the same cdk8s app). */
function service(chart: Chart, name: string, port: number): ApiObject {
  return new ApiObject(chart, name, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app: name } },
    spec: { selector: { app: name }, ports: [{ name: 'http', port, targetPort: 8080 }] },
  });
}

/** Declares S5 in `app`. */
export function declareTeamGateways(app: App, options: TeamGatewaysOptions = {}): TeamGateways {
  const mesh = new Mesh(app, 'mesh', options.mesh);
  const svc1 = service(new Chart(app, 'vamp-test1', { namespace: 'vamp-test1' }), 'svc-1', 9090);
  const svc2 = service(new Chart(app, 'vamp-test2', { namespace: 'vamp-test2' }), 'svc-2', 9090);

  const team2Ref = WorkspaceSelector.named('team-2');
  const team1 = new Workspace(mesh, 'team-1', {
    namespaces: ['vamp-test1'],
    serviceIsolation: true,
    exportTo: options.exportSvc1 === false ? [] : [{ workspaces: [team2Ref], kinds: [ResourceKind.SERVICE], resourceLabels: { app: 'svc-1' } }],
    egressHosts: ['istio-system/*'],
  });
  const team2 = new Workspace(mesh, 'team-2', {
    namespaces: ['vamp-test2'],
    importFrom: [{ workspaces: [WorkspaceSelector.of(team1)], kinds: [ResourceKind.SERVICE] }],
    egressHosts: ['istio-system/*'],
  });
  const team3 = new Workspace(mesh, 'team-3', { namespaces: ['vamp-test3'], egressHosts: ['istio-system/*'] });

  const gateway = (team: Workspace, name: string) => new VirtualGateway(team, name, {
    workloadSelector: { istio: 'ingressgateway' }, workloadServiceAccount: 'istio-ingressgateway', listeners: [{ port: 80 }],
  });
  const gw1 = gateway(team1, 'gw-1');
  const gw2 = gateway(team2, 'gw-2');

  for (const version of ['v1', 'v2']) {
    new RouteTable(team1, `svc-1-${version}`, {
      hosts: [`svc-1-${version}.vamp-test1.example.com`],
      gateways: [gw1],
      routes: [{ name: version, action: RouteAction.forwardTo(Destination.fromApiObject(svc1).withSubset(version, { version })) }],
    });
  }

  new RouteTable(team2, 'svc-2', {
    hosts: [TEAM2_HOST],
    gateways: [gw2],
    routes: [
      {
        name: 'svc-2',
        matchers: [{ path: PathMatch.segmentPrefix('/svc-2') }],
        action: RouteAction.forward({ to: [{ destination: Destination.fromApiObject(svc2) }], pathRewrite: PathRewrite.prefix('/') }),
      },
      { name: 'svc-1', action: RouteAction.forwardTo(Destination.fromApiObject(svc1)) },
    ],
  });

  // Team 1 isolates its namespace: only its own workloads and the gateways routing to it get in — and team 2's
  // workloads, which may call svc-1 because team 1 exports it to them.
  new AccessPolicy(team1, 'team-2', { sources: [AccessSource.workspace(team2)], destinations: [AccessDestination.fromApiObject(svc1)] });

  const team2Public = new ExternalService(team3, 'team-2-public', { host: TEAM2_HOST, ports: [{ number: 80 }] });
  // Team 3's calls to it: retries and a timeout, for every caller of team 3 (the host is team 3's own declaration).
  new TrafficPolicy(team3, 'team-2-calls', {
    destinations: [Destination.external(team2Public)],
    retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: ['gateway-error', 'connect-failure', 'refused-stream'] },
    timeout: Duration.seconds(10),
  });
  return { mesh, teams: [team1, team2, team3], gateways: [gw1, gw2], team2Public };
}
