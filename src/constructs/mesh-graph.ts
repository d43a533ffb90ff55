/**
 * The mesh graph written at synth time (the `graph` option of a Mesh): the delegation and attachment graph of the
 * compiled mesh, one file per format — and, for a mesh of several clusters, per cluster.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MeshGraphOptions } from './mesh-graph-options';
import { CompiledMesh } from '../compiler/compiled';
import { compiledGraph } from '../targets/graph/compiled-graph';
import { GraphFormat } from '../targets/graph/graph-format';
import { DEFAULT_GRAPH_TITLE, GRAPH_FILE_EXTENSIONS, renderGraph } from '../targets/graph/render';

/** A file of the graph: where it goes and what it holds. */
export interface GraphFile {
  readonly path: string;
  readonly text: string;
}

/** The files of the graph of `mesh` as `options` ask, in `appOutdir` unless they name a folder. */
export function meshGraphFiles(mesh: CompiledMesh, options: MeshGraphOptions, appOutdir: string): GraphFile[] {
  const formats = [...new Set(options.formats ?? Object.values(GraphFormat))];
  const outdir = options.outdir ?? appOutdir;
  const base = options.fileName ?? 'mesh-graph';
  const title = options.title ?? DEFAULT_GRAPH_TITLE;
  const several = mesh.clusters.length > 1;
  return mesh.clusters.flatMap(cluster => {
    const graph = compiledGraph(mesh, cluster);
    return formats.map(format => ({
      path: path.join(outdir, `${base}${several ? `-${cluster}` : ''}.${GRAPH_FILE_EXTENSIONS[format]}`),
      text: renderGraph(graph, format, several ? `${title}: cluster ${cluster}` : title),
    }));
  });
}

/** Writes `files`, creating their folders. */
export function writeGraphFiles(files: readonly GraphFile[]): void {
  for (const f of files) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    fs.writeFileSync(f.path, f.text);
  }
}
