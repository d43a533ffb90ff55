import type { Diagnostic } from './diagnostic';

/** Renders a diagnostic as one readable block: severity, code, rule, construct path, message, fix. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.severity} ${d.code} ${d.rule} at ${d.path}: ${d.message}\n    fix: ${d.fix}`;
}

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
