/**
 * How emitted objects become cdk8s `ApiObject`s: in their cluster's chart, with the labels and annotations that
 * name the owning workspace and the declarations that produced them.
 */
import { ApiObject, Chart, YamlOutputType } from 'cdk8s';
import { FinishedApiObject } from './finished-api-object';
import { Diagnostics, Note, related, Rules } from '../compiler/diagnostics/catalogue';
import { EmittedObject } from '../targets/emitted';
import { manifestOf } from '../targets/object-metadata';

export { MESH_LABELS } from '../targets/object-metadata';

/** Creates the ApiObject of an emitted object in its cluster's chart: its manifest as finished JSON. */
export function createApiObject(o: EmittedObject, chart: Chart): ApiObject {
  return new FinishedApiObject(chart, `${o.kind}.${o.namespace}.${o.name}`, manifestOf(o));
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
