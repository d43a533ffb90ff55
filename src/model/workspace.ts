/** Workspaces: namespaces, export and import rules, and the isolation they ask of the data plane. */
import { SourceRef } from './source-ref';

/** Which workspaces a share rule names. */
export interface WorkspaceSelectorModel {
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Kinds of resources a workspace can share. */
export type ResourceKindModel = 'ROUTE_TABLE' | 'SERVICE' | 'EXTERNAL_SERVICE' | 'VIRTUAL_DESTINATION';

/** One export or import rule. */
export interface ShareRuleModel {
  readonly workspaces: readonly WorkspaceSelectorModel[];
  /** Empty = every kind. */
  readonly kinds: readonly ResourceKindModel[];
  /** Only resources carrying these labels (empty = all). */
  readonly resourceLabels: Readonly<Record<string, string>>;
}

/** What a workspace emits to isolate its namespaces in the data plane. */
export interface IsolationModel {
  /** Emit a Sidecar per namespace limiting egress to own and imported hosts. */
  readonly sidecar: boolean;
  /** Egress hosts added to the Sidecar (`namespace/host`). */
  readonly egressHosts: readonly string[];
  /** Calls to hosts outside the egress list fail (REGISTRY_ONLY). */
  readonly registryOnly: boolean;
  /** Emit an AuthorizationPolicy per namespace admitting only the workspace, its importers and routing gateways. */
  readonly serviceIsolation: boolean;
}

/** A workspace as declared. */
export interface WorkspaceModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespaces: readonly string[];
  /** Cluster names, or `*` for every cluster. */
  readonly clusters: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly exportTo: readonly ShareRuleModel[];
  readonly importFrom: readonly ShareRuleModel[];
  readonly isolation: IsolationModel;
}
