import { GraphFormat } from '../targets/graph/graph-format';

/**
 * Where and how a Mesh writes its delegation and attachment graph when it synthesizes without an error: gateways →
 * the hosts they serve → the route tables attached there → the route tables those delegate to → destinations, each
 * workspace a group. A mesh of one cluster writes `<outdir>/<fileName>.<ext>`; a mesh of several clusters writes one
 * graph per cluster (the gateways of that cluster), `<outdir>/<fileName>-<cluster>.<ext>`.
 */
export interface MeshGraphOptions {
  /** The formats to write, each to its own file (`.mmd`, `.dot`, `.html`). @default all of them */
  readonly formats?: GraphFormat[];
  /** The folder the files go to (created if needed). @default the App's outdir */
  readonly outdir?: string;
  /** The files' name without extension. @default 'mesh-graph' */
  readonly fileName?: string;
  /** The title of the HTML page (a cluster's graph adds the cluster's name). @default 'cdk8s-mesh graph' */
  readonly title?: string;
}
