/** Clusters of the mesh. */
import { SourceRef } from './source-ref';

/** A cluster as declared. */
export interface ClusterModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly trustDomain: string;
}
