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

/**
 * Thrown when a mesh has errors: synthesis stops before anything is written. Carries every finding at once.
 * Not part of the jsii API (jsii types cannot extend Error): recognize it with {@link MeshErrors}.
 */
export class MeshValidationError extends Error {
  /** Every error and warning found, errors first. */
  public readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter(d => d.severity === DiagnosticSeverity.ERROR);
    super(`cdk8s-mesh: ${errors.length} error(s) in the mesh declaration, nothing was written:\n` +
      diagnostics.map(MeshErrors.format).join('\n'));
    this.name = 'MeshValidationError';
    this.diagnostics = diagnostics;
  }
}

/** Recognizes and reads the error a mesh throws when its declaration has errors. */
export class MeshErrors {
  /** Whether `error` is the validation error of a mesh (thrown by synthesis, `apiObjects()` or `evaluate()`). */
  public static isValidationError(error: any): boolean {
    return error instanceof MeshValidationError;
  }

  /** The diagnostics (errors first, then warnings) carried by a mesh validation error; empty for any other error. */
  public static diagnosticsOf(error: any): Diagnostic[] {
    return error instanceof MeshValidationError ? [...error.diagnostics] : [];
  }

  /** Renders a diagnostic as one readable block: severity, code, rule, construct path, message, fix. */
  public static format(d: Diagnostic): string {
    return `${d.severity} ${d.code} ${d.rule} at ${d.path}: ${d.message}\n    fix: ${d.fix}`;
  }

  private constructor() {}
}
