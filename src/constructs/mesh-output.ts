/**
 * How emitted objects become cdk8s `ApiObject`s: in their cluster's chart, with the labels and annotations that
 * name the owning workspace and the declarations that produced them.
 */
import { ApiObject, Chart, YamlOutputType } from 'cdk8s';
import { Diagnostics, Note, related, Rules } from '../compiler/diagnostics/catalogue';
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

/**
 * cdk8s's file-per-resource outputs name each file `<kind>.<name>` — in one folder for the whole App
 * (FILE_PER_RESOURCE) or one folder per chart (FOLDER_PER_CHART_FILE_PER_RESOURCE) — so two objects with one kind and
 * name there would overwrite each other. Reports every such pair (see cdk8s `App.synth`).
 */
export function reportOutputClashes(objects: readonly EmittedObject[], output: YamlOutputType, d: Diagnostics): void {
  const flat = output === YamlOutputType.FILE_PER_RESOURCE;
  if (!flat && output !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) return;
  const seen = new Map<string, EmittedObject>();
  for (const o of objects) {
    const file = `${o.kind}.${o.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
    const key = flat ? file : `${o.cluster}/${file}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, o);
      continue;
    }
    const where = (x: EmittedObject) => `${x.namespace}/${x.name}${flat && first.cluster !== o.cluster ? ` (cluster ${x.cluster})` : ''}`;
    const clusters = flat && first.cluster !== o.cluster;
    const args = { kind: o.kind, object: where(o), other: where(first), file: `${file}.k8s.yaml`, output: YamlOutputType[output], clusters };
    d.report(Rules.OutputFileClash, o.sources[0], args, [related(first.sources[0], Note.otherFile)]);
  }
}
