import * as path from 'path';
import type { Diagnostic } from './diagnostic';
import { formatDiagnostic } from './format';

/**
 * The folders of the library's own code, from the folder of this file: the package's lib/ (built) and src/ (this
 * repository, or the TypeScript sources source maps name under ts-node or `node --enable-source-maps`) when this file
 * lies in one of them; none when the library was bundled into an app (no frame can be told apart then).
 */
export function ownCodeDirs(dirname: string): string[] {
  const code = path.resolve(dirname, '..', '..');
  if (!['lib', 'src'].includes(path.basename(code))) return [];
  const root = path.dirname(code);
  return ['lib', 'src'].map(dir => path.join(root, dir) + path.sep);
}

const OWN_CODE = ownCodeDirs(__dirname);

/** Whether a line of a stack is a frame inside the library (left out of the validation error's stack). */
export function isOwnFrame(line: string): boolean {
  return OWN_CODE.some(dir => line.includes(dir));
}

/**
 * Thrown when a mesh has errors (or, with `failOnWarnings`, warnings): synthesis stops before anything is written.
 * Carries every finding at once. Its message is the compiler's report — a summary line, then each finding as
 * `location: severity CODE Rule: message`, its related locations and its fix — and nothing else: no frame inside
 * the library (the findings point at the declarations; a stack into the library would not), no dump of the carried
 * findings. The stack keeps the caller's frames (the app's `synth`), so Node prints it as a stack and not as `[…]`.
 * Internal to the jsii API (jsii types cannot extend Error): users recognize it with `MeshErrors`.
 */
export class MeshValidationError extends Error {
  /** Every error and warning found, errors first. */
  public readonly diagnostics!: Diagnostic[];

  constructor(diagnostics: Diagnostic[], warningsAreErrors = false) {
    super(summary(diagnostics, warningsAreErrors) + diagnostics.map(formatDiagnostic).join('\n'));
    Object.defineProperty(this, 'name', { value: 'MeshValidationError', enumerable: false });
    Object.defineProperty(this, 'diagnostics', { value: diagnostics, enumerable: false });
    this.stack = [`${this.name}: ${this.message}`, ...callerFrames()].join('\n');
  }
}

function summary(diagnostics: readonly Diagnostic[], warningsAreErrors: boolean): string {
  const errors = diagnostics.filter(d => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const counted = warningsAreErrors && warnings > 0
    ? `${errors} error(s) and ${warnings} warning(s) treated as errors (failOnWarnings)` : `${errors} error(s)`;
  return `cdk8s-mesh: ${counted} in the mesh declaration, nothing was written:\n`;
}

/** The frames of the current stack outside the library, as many as `Error.stackTraceLimit` allows. */
function callerFrames(): string[] {
  const limit = Error.stackTraceLimit;
  // Room for the library's own frames, which are left out (they would take the place of the caller's).
  Error.stackTraceLimit = limit + 50;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.split('\n').filter(l => /^\s+at /.test(l) && !isOwnFrame(l)).slice(0, limit);
}
