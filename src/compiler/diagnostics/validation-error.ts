import type { Diagnostic } from './diagnostic';
import { formatDiagnostic } from './format';

/**
 * Thrown when a mesh has errors: synthesis stops before anything is written. Carries every finding at once.
 * Internal to the jsii API (jsii types cannot extend Error): users recognize it with `MeshErrors`.
 */
export class MeshValidationError extends Error {
  /** Every error and warning found, errors first. */
  public readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter(d => d.severity === 'error');
    super(`cdk8s-mesh: ${errors.length} error(s) in the mesh declaration, nothing was written:\n` +
      diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'MeshValidationError';
    this.diagnostics = diagnostics;
  }
}
