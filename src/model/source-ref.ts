/**
 * Where a model element was declared, when that is not simply the construct at the element's `path`: a declaration
 * read from a file names its file and line (and `path` is then `file#Kind/namespace/name`).
 */
export interface SourceRef {
  /** The construct path, or `file#Kind/namespace/name` for a declaration read from a file. */
  readonly path: string;
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
}
