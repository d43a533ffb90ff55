/**
 * The metadata of every emitted object — its name and namespace, the labels and annotations that name the owning
 * workspace and the declarations that produced it — and its whole manifest as written.
 */
import { EmittedObject } from './emitted';
import { labelValue } from './names';

/** Label keys and annotations put on every emitted object. */
export const MESH_LABELS = {
  /** Marks objects managed by cdk8s-mesh. */
  MANAGED_BY: 'app.kubernetes.io/managed-by',
  /** The workspace owning the object. */
  WORKSPACE: 'mesh.cdk8s.io/workspace',
  /** The construct that produced the object (label-safe form of its path). */
  CONSTRUCT: 'mesh.cdk8s.io/construct',
  /** Annotation: the full construct path of the producing construct. */
  CONSTRUCT_PATH: 'mesh.cdk8s.io/construct-path',
  /** Annotation: every construct contributing to the object (comma-separated paths). */
  SOURCES: 'mesh.cdk8s.io/sources',
};

/** The metadata of an emitted object. */
export interface ObjectMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** The metadata of an emitted object: name, namespace, the mesh's labels and annotations. */
export function objectMetadata(o: EmittedObject): ObjectMetadata {
  return {
    name: o.name,
    namespace: o.namespace,
    labels: {
      [MESH_LABELS.MANAGED_BY]: 'cdk8s-mesh',
      [MESH_LABELS.WORKSPACE]: o.workspace,
      [MESH_LABELS.CONSTRUCT]: labelValue(o.sources[0]),
    },
    annotations: {
      [MESH_LABELS.CONSTRUCT_PATH]: o.sources[0],
      ...(o.sources.length > 1 ? { [MESH_LABELS.SOURCES]: o.sources.join(',') } : {}),
    },
  };
}

/** The manifest of an emitted object as written: apiVersion, kind, metadata and spec. */
export function manifestOf(o: EmittedObject): { apiVersion: string; kind: string; metadata: ObjectMetadata; spec: object } {
  return { apiVersion: o.apiVersion, kind: o.kind, metadata: objectMetadata(o), spec: o.spec };
}
