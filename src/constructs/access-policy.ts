import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Cluster } from './cluster';
import { AccessDestinationModel, AccessPolicyModel, AccessSourceModel, KnownServiceModel } from '../model';
import { ModelBuilder, referenceKeyFrom, touchMesh } from './mesh-scope';
import { Workspace } from './workspace';
import { HttpMethod } from '../routing/header-match';
import { keyAsWritten, ReferenceKey } from '../routing/reference-key';
import { serviceFromManifest, serviceOfConstruct } from '../routing/service-inventory';

/** Options of a service-account or namespace source. */
export interface AccessSourceOptions {
  /** Only identities of this cluster (its trust domain). @default - every cluster of the source's workspace */
  readonly cluster?: Cluster;
}

/** Who an access policy admits: service accounts, namespaces, workspaces or whole clusters. */
export class AccessSource {
  /**
   * The workloads running as service account `name` in `namespace`.
   * @param name the service account name
   * @param namespace its namespace
   * @param options the cluster the identities must come from
   */
  public static serviceAccount(name: string, namespace: string, options: AccessSourceOptions = {}): AccessSource {
    return new AccessSource({ kind: 'serviceAccount', name, namespace, cluster: options.cluster?.clusterName }, options.cluster);
  }

  /**
   * Every workload of `namespace`.
   * @param namespace the namespace of the callers
   * @param options the cluster the identities must come from
   */
  public static namespace(namespace: string, options: AccessSourceOptions = {}): AccessSource {
    return new AccessSource({ kind: 'namespace', name: namespace, cluster: options.cluster?.clusterName }, options.cluster);
  }

  /**
   * Every workload of the workspace's namespaces, in its clusters.
   * @param workspace the workspace of the callers
   */
  public static workspace(workspace: Workspace): AccessSource {
    return new AccessSource({ kind: 'workspace', name: workspace.workspaceName }, workspace);
  }

  /**
   * Every workload of the cluster (its trust domain). Every workspace there must be allowed to use the destinations.
   * @param cluster the cluster of the callers
   */
  public static cluster(cluster: Cluster): AccessSource {
    return new AccessSource({ kind: 'cluster', name: cluster.clusterName }, cluster);
  }

  /** `named`: the workspace or cluster the source names, resolved by identity (see reference-key.ts). */
  private constructor(private readonly model: AccessSourceModel, private readonly named?: IConstruct) {}

  /** @internal The source's model; `key` names the workspace or cluster it was made of. */
  public _toModel(key: ReferenceKey = keyAsWritten): AccessSourceModel {
    if (!this.named) return this.model;
    const k = (name: string) => key(this.named!, name);
    return this.model.kind === 'workspace' || this.model.kind === 'cluster'
      ? { ...this.model, name: k(this.model.name) }
      : { ...this.model, cluster: this.model.cluster === undefined ? undefined : k(this.model.cluster) };
  }
}

/** Which services an access policy protects. Their pods are selected through the Service's pod selector. */
export abstract class AccessDestination {
  /**
   * The Service `name` in `namespace`, declared in this cdk8s app.
   * @param name the Service name
   * @param namespace the Service namespace
   */
  public static service(name: string, namespace: string): AccessDestination {
    return new ResolvableAccessDestination(known => {
      const service = known.find(s => s.name === name && s.namespace === namespace);
      return service ? { service } : { error: `service ${namespace}/${name} is not declared in this cdk8s app, so its pods are unknown` };
    });
  }

  /**
   * A cdk8s-plus `Service` of any version (cdk8s-plus-27 to the newest), or any construct whose default child is a Service.
   * @param service a cdk8s-plus `Service`, or any construct whose default child is an `ApiObject` of kind Service
   */
  public static fromService(service: IConstruct): AccessDestination {
    return new ResolvableAccessDestination(() => serviceOfConstruct(service));
  }

  /**
   * Any cdk8s `ApiObject` of kind Service.
   * @param apiObject a v1 `ApiObject` of kind Service whose namespace is set (on it or its chart)
   */
  public static fromApiObject(apiObject: ApiObject): AccessDestination {
    return new ResolvableAccessDestination(() => serviceFromManifest(apiObject.node.path, apiObject.toJson()));
  }

  /**
   * Every Service of this cdk8s app carrying all `labels` (only in `namespace` when given).
   * @param labels labels the Services carry (all of them)
   * @param namespace the only namespace searched, default every namespace
   */
  public static withLabels(labels: { [key: string]: string }, namespace?: string): AccessDestination {
    return new ResolvableAccessDestination(() => ({ labels: { ...labels }, namespace }));
  }

  /** @internal */
  public abstract _resolve(known: readonly KnownServiceModel[]): AccessDestinationModel;
}

class ResolvableAccessDestination extends AccessDestination {
  constructor(private readonly resolver: (known: readonly KnownServiceModel[]) => AccessDestinationModel) {
    super();
  }

  public _resolve(known: readonly KnownServiceModel[]): AccessDestinationModel {
    return this.resolver(known);
  }
}

/** Properties of an {@link AccessPolicy}. */
export interface AccessPolicyProps {
  /** Policy name (prefix of the emitted AuthorizationPolicies). @default - the construct id */
  readonly name?: string;
  /** Who may call. */
  readonly sources: AccessSource[];
  /** The services they may call. */
  readonly destinations: AccessDestination[];
  /** Only these methods. @default - every method */
  readonly methods?: HttpMethod[];
  /** Only these paths (Istio's syntax: exact, `prefix*` or `*suffix`). @default - every path */
  readonly paths?: string[];
}

/**
 * Who may call whom: an ALLOW `AuthorizationPolicy` per protected service, in the service's namespace, selecting its
 * pods, with the sources' SPIFFE principals `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`. A policy may grant
 * only what the workspaces share: every source's workspace must be allowed to use the service (export and import).
 * Like any ALLOW policy, it makes the selected pods deny requests that no ALLOW policy admits: a gateway routing to a
 * protected service is therefore refused unless the service's workspace has `serviceIsolation`, whose policy admits it
 * (MESH209).
 */
export class AccessPolicy extends Construct {
  /** The policy name. */
  public readonly policyName: string;
  private readonly props: AccessPolicyProps;

  /**
   * @param scope the mesh (or any construct below it)
   * @param id the construct id, also the policy name unless `name` is set
   * @param props who may call which services
   */
  constructor(scope: Construct, id: string, props: AccessPolicyProps) {
    super(scope, id);
    touchMesh(this);
    this.props = props;
    this.policyName = props.name ?? id;
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.accessPolicies.push(this.toModel(into.services));
  }

  private toModel(known: readonly KnownServiceModel[]): AccessPolicyModel {
    return {
      path: this.node.path,
      name: this.policyName,
      sources: this.props.sources.map(s => s._toModel(referenceKeyFrom(this))),
      destinations: this.props.destinations.map(d => d._resolve(known)),
      methods: [...(this.props.methods ?? [])],
      paths: [...(this.props.paths ?? [])],
    };
  }
}
