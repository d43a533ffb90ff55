/** Everything declared in one mesh: what the compiler reads. */
import { AccessPolicyModel } from './access-policy';
import { ClusterModel } from './cluster';
import { GatewayModel } from './gateway';
import { RouteTableModel } from './route-table';
import { ExternalServiceModel, KnownServiceModel } from './services';
import { TrafficPolicyModel } from './traffic-policy';
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
  readonly trafficPolicies?: readonly TrafficPolicyModel[];
  /** The app's own VirtualServices (escape hatches), which Istio would merge with the mesh's. */
  readonly appVirtualServices?: readonly AppVirtualServiceModel[];
  /** Pod labels of the app's workloads (Deployments, StatefulSets, DaemonSets, Jobs, Pods), where the app declares them. */
  readonly workloads?: readonly WorkloadModel[];
  /** Construct paths of the app's other objects holding a PEM private key (they would be written to the manifests). */
  readonly objectsWithPrivateKeys?: readonly string[];
  readonly maxDelegationDepth: number;
  /** DNS domain of the clusters' services. */
  readonly clusterDomain: string;
}

/** A VirtualService object of the app, outside the mesh's own output, or an HTTPRoute whose parent is a Service (GAMMA). */
export interface AppVirtualServiceModel {
  readonly path: string;
  readonly namespace: string;
  readonly hosts: readonly string[];
  /** Its `gateways` (empty: the mesh, i.e. sidecars). */
  readonly gateways: readonly string[];
}

/** A workload of the app: its namespace and the labels of its pods. */
export interface WorkloadModel {
  readonly path: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}
