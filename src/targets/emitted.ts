import { CompiledGateway, Placement } from '../compiler/compiled';

/**
 * One object a target emits: where it goes, what produced it, and its `spec` as finished JSON — plain data, written as
 * is (the L1 classes of `src/imports` serve as its types only, without their per-field mapping).
 */
export interface EmittedObject {
  /** Cluster (chart) the object belongs to. */
  readonly cluster: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Workspace owning the object (label `mesh.cdk8s.io/workspace`). */
  readonly workspace: string;
  /** Construct paths of the declarations that produced it, the main one first. */
  readonly sources: readonly string[];
  /** The object's `spec`: JSON values only (keys whose value is `undefined` are not written). */
  readonly spec: object;
  /** Why the target could not emit the object smaller, when it tried (read by the object-size rules). */
  readonly sizeAdvice?: string;
  /**
   * An upper bound of the bytes of annotations client-side apply needs for the object, when the target measured it
   * (see object-size.ts): within the limit, the object-size rules need not measure it again.
   */
  readonly sizeBound?: number;
}

/** An API group version and kind. */
export interface Gvk {
  readonly apiVersion: string;
  readonly kind: string;
}

/** One object per cluster of a placement, named `name` in its namespace. */
export function perCluster(p: Placement, gvk: Gvk, name: string, spec: object): EmittedObject[] {
  return p.clusters.map(cluster => ({
    cluster, apiVersion: gvk.apiVersion, kind: gvk.kind, namespace: p.namespace, name, workspace: p.workspace, sources: p.sources, spec,
  }));
}

/** The objects of a gateway itself: one per cluster of the gateway, in its namespace, named after it. */
export function perGatewayCluster(g: CompiledGateway, gvk: Gvk, spec: object): EmittedObject[] {
  const placement = { namespace: g.model.namespace, workspace: g.workspace.name, clusters: g.clusters, sources: [g.model.path] };
  return perCluster(placement, gvk, g.model.name, spec);
}
