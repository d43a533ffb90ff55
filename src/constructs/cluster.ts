import { Construct } from 'constructs';
import { ClusterModel } from '../model';
import { ModelBuilder, touchMesh } from './mesh-scope';

/** Properties of a {@link Cluster}. */
export interface ClusterProps {
  /** Cluster name; also the name of its output chart. @default - the construct id */
  readonly name?: string;
  /** SPIFFE trust domain of the cluster's workloads. @default 'cluster.local' */
  readonly trustDomain?: string;
}

/**
 * One Kubernetes cluster of the mesh. Each cluster gets its own chart (and output folder or file).
 * A mesh without clusters has one implied cluster.
 */
export class Cluster extends Construct {
  /** The cluster name. */
  public readonly clusterName: string;
  private readonly props: ClusterProps;

  constructor(scope: Construct, id: string, props: ClusterProps = {}) {
    super(scope, id);
    touchMesh(this);
    this.clusterName = props.name ?? id;
    this.props = props;
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.clusters.push(this.toModel());
  }

  private toModel(): ClusterModel {
    return { path: this.node.path, name: this.clusterName, trustDomain: this.props.trustDomain ?? 'cluster.local' };
  }
}
