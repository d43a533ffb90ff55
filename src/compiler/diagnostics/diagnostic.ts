/**
 * The public types of a finding. Types only: the formatter lives in `format.ts`, the catalogue of rules in
 * `catalogue.ts` and the error reader in `mesh-errors.ts`.
 */

/** How serious a finding is. */
export enum DiagnosticSeverity {
  /** Synthesis is aborted and nothing is written. */
  ERROR = 'error',
  /** Reported. Synthesis goes on. */
  WARNING = 'warning',
}

/**
 * Where a finding points: the construct path of a declaration, and, for declarations read from files, the file and
 * line they came from.
 */
export interface SourceLocation {
  /**
   * The construct path of the declaration (e.g. `mesh/ops-team/app-vs-2`); for a declaration read from a file, its
   * file and object (e.g. `routes.yaml#VirtualService/ops/app`).
   */
  readonly path: string;
  /** The file the declaration was read from. @default - declared in code: the construct at `path` */
  readonly file?: string;
  /** The 1-based line of the declaration in `file`. @default - unknown */
  readonly line?: number;
  /**
   * Why this location matters to the finding it is related to (e.g. "the other route").
   * @default - none: the location the finding is reported at
   */
  readonly note?: string;
}

/** One finding of the mesh compiler. */
export interface Diagnostic {
  /** Error or warning. */
  readonly severity: DiagnosticSeverity;
  /** Stable code, e.g. `MESH501`. */
  readonly code: string;
  /** Name of the rule behind the code, e.g. `RouteConflict`. */
  readonly rule: string;
  /** Construct path of the declaration at fault (the same as `location.path`). */
  readonly path: string;
  /** Where the finding is reported: the declaration at fault. */
  readonly location: SourceLocation;
  /**
   * Other declarations the finding involves, each with a note saying why: the other route of a conflict, the tables
   * of a delegation cycle in cycle order, the first declaration of a duplicate.
   */
  readonly related: SourceLocation[];
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}
