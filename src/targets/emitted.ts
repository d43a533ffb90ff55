import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CompiledGateway, Placement } from '../compiler/compiled';

/** One object a target emits: where it goes, what produced it, and how to create its L1 ApiObject. */
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
  /** Creates the L1 ApiObject in `scope` with the given metadata (name, namespace, labels, annotations). */
  readonly create: (scope: Construct, id: string, metadata: ApiObjectMetadata) => ApiObject;
}

/** A target: translates a compiled mesh into objects. */
export interface Target {
  /** Short name, e.g. `istio`. */
  readonly name: string;
}

/** One object per cluster of a placement, named `name` in its namespace. */
export function perCluster(
  p: Placement, gvk: { readonly apiVersion: string; readonly kind: string }, name: string,
  create: (scope: Construct, id: string, metadata: ApiObjectMetadata) => ApiObject,
): EmittedObject[] {
  return p.clusters.map(cluster => ({
    cluster, apiVersion: gvk.apiVersion, kind: gvk.kind, namespace: p.namespace, name, workspace: p.workspace, sources: p.sources, create,
  }));
}

/** The objects of a gateway itself: one per cluster of the gateway, in its namespace, named after it. */
export function perGatewayCluster(
  g: CompiledGateway, gvk: { readonly apiVersion: string; readonly kind: string },
  create: (scope: Construct, id: string, metadata: ApiObjectMetadata) => ApiObject,
): EmittedObject[] {
  const placement = { namespace: g.model.namespace, workspace: g.workspace.name, clusters: g.clusters, sources: [g.model.path] };
  return perCluster(placement, gvk, g.model.name, create);
}
