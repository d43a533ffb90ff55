/**
 * How emitted objects become cdk8s `ApiObject`s: in their cluster's chart, with the labels and annotations that
 * name the owning workspace and the declarations that produced them.
 */
import { ApiObject, Chart } from 'cdk8s';
import { EmittedObject } from '../targets/emitted';
import { labelValue } from '../targets/names';

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

/** Creates the ApiObject of an emitted object in its cluster's chart. */
export function createApiObject(o: EmittedObject, chart: Chart): ApiObject {
  return o.create(chart, `${o.kind}.${o.namespace}.${o.name}`, {
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
  });
}
