/** Everything declared in one mesh: what the compiler reads. */
import { AccessPolicyModel } from './access-policy';
import { ClusterModel } from './cluster';
import { GatewayModel } from './gateway';
import { RouteTableModel } from './route-table';
import { ExternalServiceModel, KnownServiceModel } from './services';
import { WorkspaceModel } from './workspace';

/** Everything declared in one mesh. */
export interface MeshModel {
  readonly path: string;
  readonly clusters: readonly ClusterModel[];
  readonly workspaces: readonly WorkspaceModel[];
  readonly gateways: readonly GatewayModel[];
  readonly routeTables: readonly RouteTableModel[];
  /** Kubernetes Services of the cdk8s app. */
  readonly services: readonly KnownServiceModel[];
  readonly externalServices: readonly ExternalServiceModel[];
  readonly accessPolicies: readonly AccessPolicyModel[];
  readonly maxDelegationDepth: number;
  /** DNS domain of the clusters' services. */
  readonly clusterDomain: string;
}
