/** The calling workloads a traffic policy or an east–west route table applies to. */
import { SourceScopeModel } from '../model';
import { keyAsWritten, ReferenceKey } from './reference-key';
import { IWorkspaceRef } from './references';

/**
 * Calling workloads: those in the given namespaces and/or workspaces, carrying the given labels, in the given
 * clusters. Every condition given must hold; a list left out means any.
 */
export interface WorkloadSelection {
  /** Namespaces of the callers. @default - any namespace the declaring workspace may speak for */
  readonly namespaces?: string[];
  /** Workspaces of the callers (their namespaces). @default - any */
  readonly workspaces?: IWorkspaceRef[];
  /** Labels every calling pod carries. @default - any pod */
  readonly labels?: { [key: string]: string };
  /** Clusters of the callers. @default - every cluster */
  readonly clusters?: string[];
}

/** The model of a workload selection; `key` names the workspaces it references. */
export function sourceScopeModel(s: WorkloadSelection, key: ReferenceKey = keyAsWritten): SourceScopeModel {
  return {
    namespaces: s.namespaces && [...s.namespaces],
    labels: { ...(s.labels ?? {}) },
    clusters: s.clusters && [...s.clusters],
    workspaces: (s.workspaces ?? []).map(w => key(w, w.workspaceName)),
  };
}
