/**
 * Findings as a compiler prints them (`file:line:col: error CODE Rule: message [IST code]`, then the related
 * locations and the fix), and as JSON.
 */
import { Finding, FindingLocation } from '../findings/finding';

/** `file:line:col`, or the object path when the finding has no file. */
export function formatPosition(l: FindingLocation): string {
  if (l.file === undefined) return l.path;
  return [l.file, l.line, l.column].filter(x => x !== undefined).join(':');
}

/** One finding as text. */
export function formatFinding(f: Finding): string {
  const ist = f.istioCode ? ` [istioctl analyze: ${f.istioCode}]` : '';
  const lines = [`${formatPosition(f.location)}: ${f.severity} ${f.code} ${f.rule}: ${f.message}${ist}`];
  for (const r of f.related) lines.push(`    ${formatPosition(r)}: note: ${r.note ?? 'related'}`);
  lines.push(`    fix: ${f.fix}`);
  return lines.join('\n');
}

/** The closing line of a text report. */
export function summary(findings: readonly Finding[], objects: number): string {
  const errors = findings.filter(f => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(objects, 'object')}`;
}

/** A report as text: every finding, then the summary. */
export function findingsText(findings: readonly Finding[], objects: number): string {
  return [...findings.map(formatFinding), summary(findings, objects)].join('\n') + '\n';
}

const location = (l: FindingLocation) => ({ path: l.path, file: l.file, line: l.line, column: l.column, ...(l.note ? { note: l.note } : {}) });

/** A report as JSON: the findings with their locations. */
export function findingsJson(findings: readonly Finding[], objects: number): string {
  return JSON.stringify({
    objects,
    findings: findings.map(f => ({
      severity: f.severity,
      code: f.code,
      rule: f.rule,
      ...(f.istioCode ? { istioCode: f.istioCode } : {}),
      message: f.message,
      fix: f.fix,
      location: location(f.location),
      related: f.related.map(location),
    })),
  }, undefined, 2) + '\n';
}
