/**
 * The collector of findings: each reported once, located at a construct path (or the file and line a declaration was
 * read from), with the related locations that explain it, sorted deterministically.
 */
import { Diagnostic, DiagnosticSeverity, SourceLocation } from './diagnostic';
import type { Rule } from './rule';
import type { SourceRef } from '../../model/source-ref';
import { cmp } from '../algebra/order';

/** A model element diagnostics point at: the construct at `path`, or where `source` says it was declared. */
export interface Locatable {
  readonly path: string;
  readonly source?: SourceRef;
}

/** Where a finding points: a construct path, or a model element. */
export type Where = string | Locatable;

/** The location of `at`, with `note` when it is a related location. */
export function locate(at: Where, note?: string): SourceLocation {
  const ref: SourceRef = typeof at === 'string' ? { path: at } : (at.source ?? { path: at.path });
  return {
    path: ref.path,
    ...(ref.file !== undefined ? { file: ref.file } : {}),
    ...(ref.line !== undefined ? { line: ref.line } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

/** A related location: another declaration the finding involves, and why it matters. */
export function related(at: Where, note: string): SourceLocation {
  return locate(at, note);
}

const keyOf = (d: Diagnostic) => {
  const l = d.location ?? { path: d.path };
  return `${d.code}|${l.path}|${l.file ?? ''}|${l.line ?? ''}|${d.message}`;
};

/** Collects diagnostics; each is reported once. */
export class Diagnostics {
  private readonly items = new Map<string, Diagnostic>();
  private reports = 0;

  /** How many findings were reported so far, repeated ones included (to tell whether a step reported anything). */
  public get reported(): number {
    return this.reports;
  }

  /**
   * Reports `rule` at `at` (a construct path or a model element): its message and fix are the catalogue's, written
   * from `args`; `relatedLocations` are the other declarations involved, each with a note.
   */
  public report<A>(rule: Rule<A>, at: Where, args: NoInfer<A>, relatedLocations: readonly SourceLocation[] = []): void {
    this.emit(rule, rule.severity, at, args, relatedLocations);
  }

  /** Reports `rule` as a warning whatever its usual severity. */
  public warn<A>(rule: Rule<A>, at: Where, args: NoInfer<A>, relatedLocations: readonly SourceLocation[] = []): void {
    this.emit(rule, DiagnosticSeverity.WARNING, at, args, relatedLocations);
  }

  /** Adds a diagnostic found elsewhere (another pass over the same mesh). */
  public add(diagnostic: Diagnostic): void {
    const key = keyOf(diagnostic);
    if (!this.items.has(key)) this.items.set(key, diagnostic);
  }

  /**
   * All diagnostics, errors first, then by code, location (path, file, line) and message: independent of declaration
   * order.
   */
  public sorted(): Diagnostic[] {
    const rank = (d: Diagnostic) => (d.severity === DiagnosticSeverity.ERROR ? 0 : 1);
    const loc = (d: Diagnostic) => d.location ?? { path: d.path };
    return [...this.items.values()].sort((a, b) => rank(a) - rank(b) || cmp(a.code, b.code)
      || cmp(loc(a).path, loc(b).path) || cmp(loc(a).file ?? '', loc(b).file ?? '') || (loc(a).line ?? 0) - (loc(b).line ?? 0)
      || cmp(a.message, b.message));
  }

  private emit<A>(rule: Rule<A>, severity: DiagnosticSeverity, at: Where, args: A, relatedLocations: readonly SourceLocation[]): void {
    this.reports++;
    const location = locate(at);
    const seen = new Set<string>();
    const others = relatedLocations.filter(r => {
      const k = `${r.path}|${r.file ?? ''}|${r.line ?? ''}|${r.note ?? ''}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const fix = typeof rule.fix === 'function' ? rule.fix(args) : rule.fix;
    this.add({
      severity, code: rule.code, rule: rule.rule, path: location.path, location, related: others, message: rule.message(args), fix,
    });
  }
}
