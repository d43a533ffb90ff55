/** Everything declared in one mesh: what the compiler reads. */
import { AccessPolicyModel } from './access-policy';
import { ClusterModel } from './cluster';
import { GatewayModel } from './gateway';
import { RouteTableModel } from './route-table';
import { ExternalServiceModel, KnownServiceModel } from './services';
import { VirtualDestinationModel } from './virtual-destination';
import { VirtualMeshModel } from './virtual-mesh';
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
  readonly virtualMeshes: readonly VirtualMeshModel[];
  readonly virtualDestinations: readonly VirtualDestinationModel[];
  /** Construct paths of the app's other objects holding a PEM private key (they would be written to the manifests). */
  readonly objectsWithPrivateKeys?: readonly string[];
  readonly maxDelegationDepth: number;
  /** DNS domain of the clusters' services. */
  readonly clusterDomain: string;
}
