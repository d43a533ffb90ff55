import { formatDiagnostic, MeshValidationError } from './validation-error';

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
    return formatDiagnostic(d);
  }

  private constructor() {}
}
