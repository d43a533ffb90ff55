import { Construct, IConstruct } from 'constructs';
import { ResourceKindModel, ShareRuleModel, WorkspaceModel, WorkspaceSelectorModel } from '../model';
import { ModelBuilder, referenceKeyFrom, touchMesh } from './mesh-scope';
import { keyAsWritten, ReferenceKey } from '../routing/reference-key';
import { IWorkspaceRef } from '../routing/references';

/** Kinds of resources a workspace can export and import. */
export enum ResourceKind {
  /** Route tables (delegation targets, gateway attachment). */
  ROUTE_TABLE = 'ROUTE_TABLE',
  /** Kubernetes services (forwarding destinations). */
  SERVICE = 'SERVICE',
  /** External services. */
  EXTERNAL_SERVICE = 'EXTERNAL_SERVICE',
  /** Virtual destinations (route destinations, and callers' ServiceEntries in every cluster). */
  VIRTUAL_DESTINATION = 'VIRTUAL_DESTINATION',
}

/** Names workspaces: one by name or reference, those carrying labels, or all. */
export class WorkspaceSelector {
  /**
   * The workspace named `name`.
   * @param name the workspace name
   */
  public static named(name: string): WorkspaceSelector {
    return new WorkspaceSelector({ name });
  }

  /**
   * The given workspace (of the same mesh: a workspace of another mesh selects nothing here).
   * @param workspace a workspace of the same mesh
   */
  public static of(workspace: Workspace): WorkspaceSelector {
    return new WorkspaceSelector({ name: workspace.workspaceName }, workspace);
  }

  /**
   * Every workspace carrying all these labels.
   * @param labels labels the workspaces carry (all of them)
   */
  public static withLabels(labels: { [key: string]: string }): WorkspaceSelector {
    return new WorkspaceSelector({ labels: { ...labels } });
  }

  /** Every workspace of the mesh. */
  public static all(): WorkspaceSelector {
    return new WorkspaceSelector({});
  }

  private constructor(private readonly model: WorkspaceSelectorModel, private readonly workspace?: Workspace) {}

  /** @internal The selector's model; `key` names the workspace it was made of (see reference-key.ts). */
  public _toModel(key: ReferenceKey = keyAsWritten): WorkspaceSelectorModel {
    return this.workspace && this.model.name !== undefined ? { ...this.model, name: key(this.workspace, this.model.name) } : this.model;
  }
}

/** One export or import rule: which workspaces, which kinds of resources, which resources. */
export interface WorkspaceShare {
  /** The workspaces exported to or imported from. */
  readonly workspaces: WorkspaceSelector[];
  /** Kinds of resources shared. @default - every kind */
  readonly kinds?: ResourceKind[];
  /** Only resources carrying all these labels. @default - every resource of those kinds */
  readonly resourceLabels?: { [key: string]: string };
}

/** Properties of a {@link Workspace}. */
export interface WorkspaceProps {
  /** Workspace name. @default - the construct id */
  readonly name?: string;
  /** Namespaces of the workspace (a namespace belongs to at most one workspace, in every cluster: namespace sameness). */
  readonly namespaces: string[];
  /**
   * Clusters the namespaces live in, or `*` for every cluster. The workspace's objects go only there: a gateway serves
   * its route tables only in these clusters (MESH715), and its traffic policies and east–west tables apply to its
   * Services only there (MESH915).
   * @default ['*']
   */
  readonly clusters?: string[];
  /** Labels other workspaces' selectors match. @default - none */
  readonly labels?: { [key: string]: string };
  /** Which workspaces may use this workspace's resources. @default - none: nothing is shared */
  readonly exportTo?: WorkspaceShare[];
  /** Which workspaces' exports this workspace uses. @default - none */
  readonly importFrom?: WorkspaceShare[];
  /**
   * Emit a `Sidecar` in each namespace whose egress hosts are the workspace's own namespaces, the services and
   * external services it imports, and `egressHosts`: the proxies see nothing else.
   * @default true
   */
  readonly sidecar?: boolean;
  /** Egress hosts added to every namespace's Sidecar, as `namespace/host` (for example `istio-system/*`). @default - none */
  readonly egressHosts?: string[];
  /**
   * Make the Sidecar's egress list a boundary: calls to any other host fail (outbound traffic policy `REGISTRY_ONLY`)
   * instead of passing through the proxy unmanaged.
   * @default false - the mesh's outbound traffic policy applies
   */
  readonly registryOnly?: boolean;
  /**
   * Emit an ALLOW `AuthorizationPolicy` in each namespace admitting only workloads of the workspace itself, of the
   * workspaces importing all its services, and the gateways that route to the namespace (needs mutual TLS).
   * Workspaces importing only label-selected services are admitted by an `AccessPolicy` on those services.
   * @default false
   */
  readonly serviceIsolation?: boolean;
}

/**
 * A tenancy boundary: a set of namespaces (in a set of clusters) owned by one team.
 * A reference across workspaces is allowed only when the owner exports the resource and the user imports it.
 * Route tables and gateways declared inside a workspace default to its first namespace.
 */
export class Workspace extends Construct implements IWorkspaceRef {
  /**
   * The workspace that `scope` is declared in, if any.
   * @param scope any construct (a workspace finds itself)
   */
  public static of(scope: IConstruct): Workspace | undefined {
    return scope.node.scopes.slice().reverse().find((s): s is Workspace => s instanceof Workspace);
  }

  /** The workspace name. */
  public readonly workspaceName: string;
  /** The namespaces of the workspace. */
  public readonly namespaces: string[];
  private readonly props: WorkspaceProps;
  private readonly exports: WorkspaceShare[];
  private readonly imports: WorkspaceShare[];

  /**
   * @param scope the mesh
   * @param id the construct id, also the workspace name unless `name` is set
   * @param props its namespaces, clusters, labels, exports and imports
   */
  constructor(scope: Construct, id: string, props: WorkspaceProps) {
    super(scope, id);
    touchMesh(this);
    this.workspaceName = props.name ?? id;
    this.namespaces = [...props.namespaces];
    this.props = props;
    this.exports = [...(props.exportTo ?? [])];
    this.imports = [...(props.importFrom ?? [])];
  }

  /**
   * Shares this workspace's resources with other workspaces (they must import them too).
   * @param share the workspaces exported to, and which kinds and labels of resources
   */
  public exportTo(share: WorkspaceShare): void {
    touchMesh(this);
    this.exports.push(share);
  }

  /**
   * Uses resources that other workspaces export to this one.
   * @param share the workspaces imported from, and which kinds and labels of resources
   */
  public importFrom(share: WorkspaceShare): void {
    touchMesh(this);
    this.imports.push(share);
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.workspaces.push(this.toModel());
  }

  private toModel(): WorkspaceModel {
    const key = referenceKeyFrom(this);
    return {
      path: this.node.path,
      name: this.workspaceName,
      namespaces: this.namespaces,
      clusters: this.props.clusters ?? ['*'],
      labels: this.props.labels ?? {},
      exportTo: this.exports.map(x => shareModel(x, key)),
      importFrom: this.imports.map(x => shareModel(x, key)),
      isolation: {
        sidecar: this.props.sidecar ?? true,
        egressHosts: [...(this.props.egressHosts ?? [])],
        registryOnly: this.props.registryOnly ?? false,
        serviceIsolation: this.props.serviceIsolation ?? false,
      },
    };
  }
}

function shareModel(s: WorkspaceShare, key: ReferenceKey): ShareRuleModel {
  return {
    workspaces: s.workspaces.map(w => w._toModel(key)),
    kinds: (s.kinds ?? []).map(k => k as string as ResourceKindModel),
    resourceLabels: s.resourceLabels ?? {},
  };
}
