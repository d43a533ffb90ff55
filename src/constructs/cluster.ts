import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterModel, InventoryErrorModel, KnownServiceModel } from '../model';
import { ModelBuilder, touchMesh } from './mesh-scope';
import { ServiceInventory } from '../routing/inventory';

/** Where a cluster's workloads run (Istio locality `region/zone/subzone`). */
export interface Locality {
  /** Region, e.g. `us-east1`. */
  readonly region: string;
  /** Zone inside the region. @default - none */
  readonly zone?: string;
  /** Subzone inside the zone. @default - none */
  readonly subzone?: string;
}

/** The east–west gateway other clusters reach this cluster's services through (you deploy it, the mesh configures it). */
export interface EastWestGatewayOptions {
  /** IP address or DNS name of the gateway's load balancer, as other clusters reach it. */
  readonly address: string;
  /** Port of its mTLS passthrough server. @default 15443 */
  readonly port?: number;
  /** Namespace of the gateway's pods. @default 'istio-system' */
  readonly namespace?: string;
  /** Labels selecting the gateway's pods. @default { istio: 'eastwestgateway' } */
  readonly labels?: { [key: string]: string };
}

/** Properties of a {@link Cluster}. */
export interface ClusterProps {
  /** Cluster name. Also the name of its output chart. @default - the construct id */
  readonly name?: string;
  /** SPIFFE trust domain of the cluster's workloads. @default 'cluster.local' */
  readonly trustDomain?: string;
  /** Istio network of the cluster's workloads (`values.global.network`); required in a virtual mesh. @default - none */
  readonly network?: string;
  /** Where the cluster runs, for locality-aware load balancing and failover. @default - unknown */
  readonly locality?: Locality;
  /** The cluster's east–west gateway. Required in a virtual mesh. @default - none */
  readonly eastWestGateway?: EastWestGatewayOptions;
  /** Services running in the cluster that the app does not declare (e.g. `kubectl get svc -A -o yaml` output). @default - none */
  readonly inventories?: ServiceInventory[];
  /**
   * Charts whose Services run in this cluster (besides the cluster's own chart, see `Mesh.clusterChart`). A Service
   * of the app in no cluster's chart runs in every cluster. @default - none
   */
  readonly charts?: Chart[];
}

/**
 * One Kubernetes cluster of the mesh. Each cluster gets its own chart (and output folder or file). A mesh without
 * clusters has one implied cluster. The mesh knows the cluster's Services from the app's charts and from inventories.
 */
export class Cluster extends Construct {
  /** The cluster name. */
  public readonly clusterName: string;
  private readonly props: ClusterProps;
  private inventory?: { services: KnownServiceModel[]; errors: InventoryErrorModel[] };

  /**
   * @param scope the mesh
   * @param id the construct id, also the cluster name unless `name` is set
   * @param props the cluster's network, trust domain, east–west gateway and inventory
   */
  constructor(scope: Construct, id: string, props: ClusterProps = {}) {
    super(scope, id);
    touchMesh(this);
    this.clusterName = props.name ?? id;
    this.props = props;
  }

  /** @internal Whether Services of `chart` run in this cluster (besides its own chart). */
  public _places(chart: Chart): boolean {
    return (this.props.charts ?? []).includes(chart);
  }

  /** @internal The services of the cluster's inventories, and what made them unusable. */
  public _inventory(): { services: KnownServiceModel[]; errors: InventoryErrorModel[] } {
    if (!this.inventory) {
      const contents = (this.props.inventories ?? []).map(i => i._contents(this.clusterName));
      this.inventory = { services: contents.flatMap(c => c.services), errors: contents.flatMap(c => c.errors) };
    }
    return this.inventory;
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.clusters.push(this.toModel());
  }

  private toModel(): ClusterModel {
    const p = this.props;
    const ew = p.eastWestGateway;
    const errors = this._inventory().errors;
    return {
      path: this.node.path,
      name: this.clusterName,
      trustDomain: p.trustDomain ?? 'cluster.local',
      network: p.network,
      locality: p.locality && { region: p.locality.region, zone: p.locality.zone, subzone: p.locality.subzone },
      eastWestGateway: ew && {
        address: ew.address,
        port: ew.port ?? 15443,
        namespace: ew.namespace ?? 'istio-system',
        labels: { ...(ew.labels ?? { istio: 'eastwestgateway' }) },
      },
      inventoryErrors: errors.length > 0 ? errors : undefined,
    };
  }
}
