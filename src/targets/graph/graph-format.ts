/** A format of the mesh graph (see `MeshGraphOptions`). */
export enum GraphFormat {
  /** A Mermaid flowchart (`.mmd`), each workspace a subgraph. */
  MERMAID = 'mermaid',
  /** Graphviz DOT (`.dot`), each workspace a cluster. */
  DOT = 'dot',
  /** One self-contained HTML page (`.html`): an inline SVG, no script and no external resource. */
  HTML = 'html',
}
