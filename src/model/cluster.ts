/** Clusters of the mesh. */
import { SourceRef } from './source-ref';

/** Where a cluster's workloads run: Istio's locality `region/zone/subzone`. */
export interface LocalityModel {
  readonly region: string;
  readonly zone?: string;
  readonly subzone?: string;
}

/** The east–west gateway other clusters reach the cluster's services through. */
export interface EastWestGatewayModel {
  /** IP address or DNS name other clusters connect to. */
  readonly address: string;
  /** Port of the AUTO_PASSTHROUGH server. */
  readonly port: number;
  /** Namespace of the gateway's pods (and of its Gateway object). */
  readonly namespace: string;
  /** Labels selecting the gateway's pods. */
  readonly labels: Readonly<Record<string, string>>;
}

/** A cluster as declared. */
export interface ClusterModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly trustDomain: string;
  /** Istio network of the cluster's workloads. */
  readonly network?: string;
  readonly locality?: LocalityModel;
  readonly eastWestGateway?: EastWestGatewayModel;
  /** Inventory files that could not be read or understood, with why. */
  readonly inventoryErrors?: readonly InventoryErrorModel[];
}

/** A service inventory that could not be used. */
export interface InventoryErrorModel {
  /** The file (or `inline`). */
  readonly file: string;
  readonly problem: string;
}
