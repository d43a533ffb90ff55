import type { Diagnostic } from './diagnostic';
import { formatDiagnostic } from './format';
import { MeshValidationError } from './validation-error';

/** Recognizes and reads the error a mesh throws when its declaration has errors. */
export class MeshErrors {
  /**
   * Whether `error` is the validation error of a mesh (thrown by synthesis, `apiObjects()` or `evaluate()`).
   * @param error any value caught
   */
  public static isValidationError(error: any): boolean {
    return error instanceof MeshValidationError;
  }

  /**
   * The diagnostics (errors first, then warnings) carried by a mesh validation error. Empty for any other error.
   * @param error any value caught
   */
  public static diagnosticsOf(error: any): Diagnostic[] {
    return error instanceof MeshValidationError ? [...error.diagnostics] : [];
  }

  /**
   * Renders a diagnostic as a compiler does: `<location>: <severity> <code> <rule>: <message>`, one indented line per
   * related location (`<location>: note: <why>`), then the fix.
   * @param d a diagnostic, from `Mesh.diagnostics` or `MeshErrors.diagnosticsOf`
   */
  public static format(d: Diagnostic): string {
    return formatDiagnostic(d);
  }

  private constructor() {}
}
