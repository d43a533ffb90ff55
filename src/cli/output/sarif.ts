/**
 * Findings as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the format code-scanning UIs read: one
 * run of the `cdk8s-mesh` tool, a rule per code, a result per finding with its physical location and related ones.
 */
import { AnalyzerRule, Finding, FindingLocation } from '../findings/finding';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function physical(l: FindingLocation) {
  return {
    physicalLocation: {
      artifactLocation: { uri: (l.file ?? l.path).split('\\').join('/') },
      region: { startLine: l.line ?? 1, ...(l.column !== undefined ? { startColumn: l.column } : {}) },
    },
  };
}

/** A SARIF 2.1.0 log of the findings; `rules` are the analyzer's rules (each code once). */
export function findingsSarif(findings: readonly Finding[], rules: readonly AnalyzerRule[], version: string): string {
  const ids = [...new Map(rules.map(r => [r.code, r])).values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-mesh',
          version,
          informationUri: 'https://github.com/cdk8s-mesh/cdk8s-mesh',
          rules: ids.map(r => ({
            id: r.code,
            name: r.rule,
            shortDescription: { text: r.rule.replace(/([a-z])([A-Z])/g, '$1 $2') },
            defaultConfiguration: { level: r.severity === 'error' ? 'error' : 'warning' },
            ...(typeof r.istioCode === 'string' ? { properties: { istioCode: r.istioCode } } : {}),
          })),
        },
      },
      results: findings.map(f => ({
        ruleId: f.code,
        ruleIndex: ids.findIndex(r => r.code === f.code),
        level: f.severity === 'error' ? 'error' : 'warning',
        message: { text: `${f.message} (fix: ${f.fix})` },
        locations: [physical(f.location)],
        ...(f.related.length > 0 ? {
          relatedLocations: f.related.map((r, id) => ({ id, ...physical(r), message: { text: r.note ?? 'related' } })),
        } : {}),
        ...(f.istioCode ? { properties: { istioCode: f.istioCode } } : {}),
      })),
    }],
  };
  return JSON.stringify(log, undefined, 2) + '\n';
}
