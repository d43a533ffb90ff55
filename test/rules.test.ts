import * as fs from 'fs';
import * as path from 'path';
import {
  Destination, Diagnostic, DiagnosticSeverity, HttpMethod, MeshErrors, PathMatch, PathRewrite, RouteAction,
} from '../src';
import { child, Fixture, findings, fixture, prefix, root, RULES, to } from './support/rule-cases';
import { errorOf } from './support/small-mesh';
import { Diagnostics, Rules } from '../src/compiler/diagnostics/catalogue';
import { MeshValidationError } from '../src/compiler/diagnostics/validation-error';

const codesOf = (f: Fixture) => [...new Set(f.mesh.diagnostics.map(d => d.code))];
const ruleCase = (code: string) => RULES.find(r => r.code === code)!;
const raised = (code: string) => {
  const f = fixture(ruleCase(code).options);
  ruleCase(code).bad(f);
  return findings(f, code).find(d => d.path === ruleCase(code).path)!;
};

describe('validation rules', () => {
  test.each(RULES)('$code is raised at $path', ({ code, path: at, message, bad, options }) => {
    const f = fixture(options);
    bad(f);
    const found = findings(f, code);
    expect(found.map(d => d.path)).toContain(at);
    expect(found.find(d => d.path === at)!.message).toMatch(message);
    expect(found[0].fix.length).toBeGreaterThan(10);
  });

  test.each(RULES.filter(r => r.code !== 'MESH004'))('$code is not raised by the nearest valid declaration', ({ code, good, options }) => {
    const f = fixture(options);
    good(f);
    expect(findings(f, code)).toEqual([]);
  });

  test.each(RULES.filter(r => r.code !== 'MESH004'))('$code is the only code the invalid declaration adds to the valid one', ({
    code, bad, good, options, also,
  }) => {
    const b = fixture(options);
    bad(b);
    const g = fixture(options);
    good(g);
    expect(codesOf(b).filter(c => !codesOf(g).includes(c)).sort()).toEqual([code, ...also ?? []].sort());
  });

  test('MESH004: a valid listener port raises nothing', () => {
    const f = fixture();
    root(f, [{ name: 'r', action: to('s') }]);
    expect(f.mesh.diagnostics).toEqual([]);
  });

  test('every rule of the catalogue is covered by this table', () => {
    expect(RULES.map(r => r.code).sort()).toEqual(Object.values(Rules).map(r => r.code).sort());
  });

  test('codes and names are unique, each rule is filed under its name, and retired MESH013 is not reused', () => {
    const rules = Object.entries(Rules);
    expect(new Set(rules.map(([, r]) => r.code)).size).toBe(rules.length);
    for (const [key, r] of rules) expect(r.rule).toBe(key);
    expect(rules.map(([, r]) => r.code)).not.toContain('MESH013');
  });

  test('the README documents every rule with its code and name', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    for (const r of Object.values(Rules)) expect(readme).toContain(`| ${r.code} | ${r.rule} |`);
  });

  test('tolerateShadowedRoutes turns shadowing inside one table into a warning', () => {
    const f = fixture();
    root(f, [{ name: 'all', action: to('s') }, { name: 'late', matchers: prefix('/x'), action: to('t') }], { tolerateShadowedRoutes: true });
    expect(f.mesh.diagnostics.map(d => [d.code, d.severity])).toEqual([['MESH502', DiagnosticSeverity.WARNING]]);
    expect(f.mesh.diagnostics[0].message).toMatch(/a catch-all route must come last/);
  });

  test('all findings are reported at once, errors first and in a stable order', () => {
    const f = fixture();
    root(f, [{ name: 'r', matchers: prefix('nope'), action: to('s', 'a') }, { name: 'r', action: to('s') }], { hosts: ['api.example.com', 'BAD'] });
    expect(f.mesh.diagnostics.map(d => d.code)).toEqual(['MESH002', 'MESH007', 'MESH011', 'MESH202']);
  });

  test('a catch-all regex .* shadows everything after it (Istio moves it last, so it must be last)', () => {
    const f = fixture();
    root(f, [
      { name: 'all', matchers: [{ path: PathMatch.regex('.*') }], action: to('s') },
      { name: 'late', matchers: prefix('/x'), action: to('t') },
    ]);
    expect(findings(f, 'MESH502')[0].message).toMatch(/route "late" of route table ops\/root can never match/);
  });

  test('a prefix rewrite of every path must end with "/" (MESH031)', () => {
    const f = fixture();
    root(f, [
      {
        name: 'r',
        action: RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80) }], pathRewrite: PathRewrite.prefix('/v2') }),
      },
    ]);
    expect(findings(f, 'MESH031')[0].message).toMatch(/rewrites the prefix of every path to "\/v2", which is ambiguous/);
    expect(findings(f, 'MESH031')[0].fix).toBe('end the rewrite with "/" ("/v2/"), or match a path prefix');
  });

  test('a method contradiction between parent and child is unsatisfiable', () => {
    const f = fixture();
    const k = child(f.ops, 'kid', [{ name: 'r', matchers: [{ method: HttpMethod.POST }], action: to('s') }]);
    root(f, [
      { name: 'd', matchers: [{ path: PathMatch.prefix('/a'), method: HttpMethod.GET }], action: RouteAction.delegate({ routeTables: [k] }) },
    ]);
    expect(findings(f, 'MESH402')[0].message).toMatch(/method POST contradicts the parent's method GET/);
  });
});

describe('locations', () => {
  test('every diagnostic is located at its path; related locations carry a note', () => {
    for (const r of RULES) {
      const d = raised(r.code);
      expect(d.location).toEqual({ path: d.path });
      for (const x of d.related) expect(x.note?.length).toBeGreaterThan(3);
    }
  });

  test('MESH501 points at the other route\'s table', () => {
    expect(raised('MESH501').related).toEqual([{ path: 'mesh/ops/first', note: 'the other route' }]);
  });

  test('MESH301 lists every table of the cycle, in cycle order', () => {
    expect(raised('MESH301').related).toEqual([
      { path: 'mesh/ops/one', note: 'next table of the cycle: delegates to ops/two' },
      { path: 'mesh/ops/two', note: 'next table of the cycle: delegates to ops/one' },
    ]);
  });

  test('MESH010 points at the first declaration', () => {
    expect(raised('MESH010').related).toEqual([{ path: 'mesh/ops/first', note: 'first declared here' }]);
  });

  test('the other route of a shadowing, the owning workspace of a claim, and the earlier route of a precedence mismatch', () => {
    expect(raised('MESH502').related).toEqual([{ path: 'mesh/ops/root', note: 'the earlier route, which covers it' }]);
    expect(raised('MESH008').related).toEqual([{ path: 'mesh/team-a', note: 'the other workspace claiming the namespace' }]);
    expect(raised('MESH602').related).toEqual([{ path: 'mesh/ops/root', note: 'the route meant to take the requests first' }]);
    expect(raised('MESH604').related).toEqual([{ path: 'mesh/ops/root', note: 'emits the same object' }]);
    expect(raised('MESH205').related).toEqual([{ path: 'mesh/ops/root', note: 'another workspace\'s claim on the host' }]);
  });

  test('a model element read from a file is located at its file and line', () => {
    const d = new Diagnostics();
    const source = { path: 'routes.yaml#VirtualService/ops/app', file: 'routes.yaml', line: 12 };
    d.report(Rules.UnusedRouteTable, { path: 'mesh/ops/app', source }, { table: 'ops/app' },
      [{ path: 'routes.yaml#VirtualService/ops/root', file: 'routes.yaml', line: 3, note: 'the other route' }]);
    const [found] = d.sorted();
    expect(found.location).toEqual(source);
    expect(found.path).toBe('routes.yaml#VirtualService/ops/app');
    expect(MeshErrors.format(found)).toBe([
      'routes.yaml:12: warning MESH504 UnusedRouteTable: route table ops/app has no hosts and no route delegates to it',
      '    routes.yaml:3: note: the other route',
      '    fix: attach the table to a gateway (with hosts) or delegate to it; otherwise remove it',
    ].join('\n'));
  });
});

describe('format', () => {
  test('a finding is one line with location, severity, code, rule and message, then its notes and its fix', () => {
    expect(MeshErrors.format(raised('MESH501'))).toBe([
      'mesh/ops/second: error MESH501 RouteConflict: route "y" of route table ops/second and route "x" of route table ops/first '
        + 'both match prefix /a on host api.example.com of gateway ops/gw; only the first would ever be taken',
      '    mesh/ops/first: note: the other route',
      '    fix: two route tables match the very same requests on one host: delegate distinct prefixes to them, or drop one route',
    ].join('\n'));
  });

  test('a finding without related locations has no note line', () => {
    expect(MeshErrors.format(raised('MESH206')).split('\n')).toEqual([
      'mesh/ops/root: error MESH206 RootTableWithoutGateway: route table ops/root has hosts but is attached to no gateway',
      '    fix: attach the table to a VirtualGateway, set `eastWest: true` to bind it to the mesh (calls between workloads), '
        + 'or remove its hosts to make it a delegation target',
    ]);
  });

  test('the validation error lists every finding in that format', () => {
    const f = fixture();
    ruleCase('MESH501').bad(f);
    const error = errorOf(() => f.mesh.apiObjects()) as MeshValidationError;
    const diagnostics: Diagnostic[] = MeshErrors.diagnosticsOf(error);
    expect(error.message).toBe(
      `cdk8s-mesh: 1 error(s) in the mesh declaration, nothing was written:\n${diagnostics.map(MeshErrors.format).join('\n')}`,
    );
    expect(diagnostics.map(d => d.code)).toEqual(['MESH501']);
  });
});
