/**
 * Builders of plain `MeshModel`s for compiler tests: no construct, no cdk8s app — exactly what a YAML reader or any
 * other front end would hand the compiler.
 */
import { GatewayModel, MatchModel, MeshModel, RouteModel, RouteTableModel, WorkspaceModel } from '../../src/model';

/** A workspace owning `namespaces`, exporting to and importing from every workspace unless told otherwise. */
export function workspace(name: string, namespaces: string[], over: Partial<WorkspaceModel> = {}): WorkspaceModel {
  const all = [{ workspaces: [{}], kinds: [], resourceLabels: {} }];
  return {
    path: `mesh/${name}`,
    name,
    namespaces,
    clusters: ['*'],
    labels: {},
    exportTo: all,
    importFrom: all,
    isolation: { sidecar: false, egressHosts: [], registryOnly: false, serviceIsolation: false },
    ...over,
  };
}

/** A gateway in `namespace` with one HTTP listener on port 80, admitting every workspace's tables. */
export function gateway(name: string, namespace: string, over: Partial<GatewayModel> = {}): GatewayModel {
  return {
    path: `mesh/${namespace}/${name}`,
    name,
    namespace,
    workloadLabels: { istio: 'ingressgateway' },
    workloadNamespace: 'istio-system',
    proxy: { namespace: 'istio-system', labels: { istio: 'ingressgateway' }, dedicated: false, hostlessServerNames: 'outermost-hosts' },
    listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
    admission: [{ hosts: [], workspaces: [{}] }],
    ...over,
  };
}

/** A path-prefix match set. */
export const prefix = (value: string): MatchModel => ({ path: { kind: 'prefix', value }, headers: [], query: [] });
/** A whole-segment prefix match set. */
export const segment = (value: string): MatchModel => ({ path: { kind: 'segment', value }, headers: [], query: [] });

/** A route forwarding to `service` in `namespace` on port 8080. */
export function forward(name: string, matches: MatchModel[], service: string, namespace: string): RouteModel {
  const dest = { service: { name: service, namespace, port: 8080, labels: {} }, weight: 1 };
  return { name, matches, action: { type: 'forward', destinations: [dest] } };
}

/** A route delegating to the tables at `tables` (construct paths). */
export function delegate(name: string, matches: MatchModel[], tables: string[]): RouteModel {
  return { name, matches, action: { type: 'delegate', tables, workspaces: [], sortMethod: 'TABLE_WEIGHT', pathMode: 'RELATIVE' } };
}

/** A route table `namespace/name`; a root table when it has hosts and gateways. */
export function table(name: string, namespace: string, routes: RouteModel[], over: Partial<RouteTableModel> = {}): RouteTableModel {
  return {
    path: `mesh/${namespace}/${name}`,
    name,
    namespace,
    hosts: [],
    gateways: [],
    weight: 0,
    labels: {},
    routes,
    tolerateShadowing: false,
    ...over,
  };
}

/** A mesh of the given declarations in one cluster. */
export function mesh(over: Partial<MeshModel>): MeshModel {
  return {
    path: 'mesh',
    clusters: [{ path: 'mesh', name: 'default', trustDomain: 'cluster.local' }],
    workspaces: [],
    gateways: [],
    routeTables: [],
    services: [],
    externalServices: [],
    accessPolicies: [],
    virtualMeshes: [],
    virtualDestinations: [],
    maxDelegationDepth: 8,
    clusterDomain: 'cluster.local',
    ...over,
  };
}
