import type { Diagnostic, SourceLocation } from './diagnostic';

/** A location as a compiler prints it: `file:line` for a declaration read from a file, else its construct path. */
export function formatLocation(location: SourceLocation): string {
  if (location.file === undefined) return location.path;
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}

/**
 * Renders a diagnostic like a compiler: `<location>: <severity> <code> <rule>: <message>`, then each related location
 * on its own indented line (`<location>: note: <why>`), then the fix.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const location = d.location ?? { path: d.path };
  const lines = [`${formatLocation(location)}: ${d.severity} ${d.code} ${d.rule}: ${d.message}`];
  for (const r of d.related ?? []) lines.push(`    ${formatLocation(r)}: note: ${r.note ?? 'related declaration'}`);
  lines.push(`    fix: ${d.fix}`);
  return lines.join('\n');
}
