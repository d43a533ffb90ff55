/** How serious a finding is. */
export enum DiagnosticSeverity {
  /** Synthesis is aborted and nothing is written. */
  ERROR = 'error',
  /** Reported; synthesis goes on. */
  WARNING = 'warning',
}

/** One finding of the mesh compiler. */
export interface Diagnostic {
  /** Error or warning. */
  readonly severity: DiagnosticSeverity;
  /** Stable code, e.g. `MESH501`. */
  readonly code: string;
  /** Name of the rule behind the code, e.g. `RouteConflict`. */
  readonly rule: string;
  /** Construct path of the declaration at fault. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Renders a diagnostic as one readable block: severity, code, rule, construct path, message, fix. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.severity} ${d.code} ${d.rule} at ${d.path}: ${d.message}\n    fix: ${d.fix}`;
}

/**
 * Thrown when a mesh has errors: synthesis stops before anything is written. Carries every finding at once.
 */
export class MeshValidationError extends Error {
  /** Every error and warning found, errors first. */
  public readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter(d => d.severity === DiagnosticSeverity.ERROR);
    super(`cdk8s-mesh: ${errors.length} error(s) in the mesh declaration, nothing was written:\n` +
      diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'MeshValidationError';
    this.diagnostics = diagnostics;
  }
}
