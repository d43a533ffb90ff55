/**
 * A finding of `cdk8s-mesh analyze`: a compiler diagnostic located at a file, line and column of the YAML read, with
 * the `istioctl analyze` code of the same problem where there is one.
 */
import { Diagnostic, DiagnosticSeverity, SourceLocation } from '../../compiler/diagnostics/diagnostic';
import { Rule } from '../../compiler/diagnostics/rule';
import { Origin } from '../config/model';

/** A location in a file read, with the column. */
export interface FindingLocation extends SourceLocation {
  /** 1-based column in `file`. */
  readonly column?: number;
}

/** A rule of the analyzer: a compiler rule's shape, and the `istioctl analyze` message for the same problem. */
export interface AnalyzerRule<A = any> extends Rule<A> {
  /** The `istioctl analyze` code (e.g. `IST0109`), where istioctl reports the same problem (for these arguments). */
  readonly istioCode?: string | ((args: A) => string | undefined);
}

/** One finding. */
export interface Finding extends Diagnostic {
  readonly location: FindingLocation;
  readonly related: FindingLocation[];
  readonly istioCode?: string;
}

/** The location of an origin, with `note` for a related one. */
export function locateOrigin(origin: Origin, note?: string): FindingLocation {
  const o = origin.object;
  const p = o.at(origin.field);
  return {
    path: `${o.file}#${o.kind}/${o.namespace}/${o.name}`,
    file: p.file,
    line: p.line,
    column: p.column,
    ...(note !== undefined ? { note } : {}),
  };
}

/** `Kind namespace/name` of the object an origin is in. */
export function objectName(origin: Origin): string {
  const o = origin.object;
  return `${o.kind} ${o.namespace}/${o.name}`;
}

/** Collects findings, each once, in a deterministic order: errors first, then file, line, column, code, message. */
export class Findings {
  private readonly items = new Map<string, Finding>();

  /** Reports `rule` at `at`, its message written from `args`, with related locations. */
  public report<A>(rule: AnalyzerRule<A>, at: Origin, args: NoInfer<A>, related: readonly FindingLocation[] = []): void {
    const location = locateOrigin(at);
    const fix = typeof rule.fix === 'function' ? rule.fix(args) : rule.fix;
    const istioCode = typeof rule.istioCode === 'function' ? rule.istioCode(args) : rule.istioCode;
    const finding: Finding = {
      severity: rule.severity,
      code: rule.code,
      rule: rule.rule,
      path: location.path,
      location,
      related: [...related],
      message: rule.message(args),
      fix,
      ...(istioCode ? { istioCode } : {}),
    };
    const key = `${finding.code}|${location.file}|${location.line}|${location.column}|${finding.message}`;
    if (!this.items.has(key)) this.items.set(key, finding);
  }

  /** Every finding, sorted. */
  public sorted(): Finding[] {
    const rank = (f: Finding) => (f.severity === DiagnosticSeverity.ERROR ? 0 : 1);
    const text = (f: Finding) => `${f.location.file}\u0000${String(f.location.line).padStart(9, '0')}`
      + `${String(f.location.column).padStart(9, '0')}\u0000${f.code}\u0000${f.message}`;
    return [...this.items.values()].sort((a, b) => rank(a) - rank(b) || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  }
}
