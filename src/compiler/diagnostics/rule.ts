/** The shape of a rule of the compiler; the rules themselves are in the catalogue. */
import { DiagnosticSeverity } from './diagnostic';

/**
 * A rule of the compiler: a stable code, a name, a severity, the message written from the arguments of a finding,
 * and the fix users are told (fixed, or written from the same arguments).
 */
export interface Rule<A = any> {
  readonly code: string;
  readonly rule: string;
  readonly severity: DiagnosticSeverity;
  readonly message: (args: A) => string;
  readonly fix: string | ((args: A) => string);
}

/** Declares a rule whose findings take arguments of type `A`: its code, name and severity, its message and its fix. */
export function rule<A>(code: string, name: string, severity: DiagnosticSeverity, text: Pick<Rule<A>, 'message' | 'fix'>): Rule<A> {
  return { code, rule: name, severity, ...text };
}

