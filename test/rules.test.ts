import * as fs from 'fs';
import * as path from 'path';
import {
  Destination, DiagnosticSeverity, HttpMethod, PathMatch, PathRewrite, RouteAction,
} from '../src';
import { child, findings, fixture, prefix, root, RULES, to } from './support/rule-cases';
import { Rules } from '../src/compiler/diagnostics/catalogue';

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

  test('MESH004: a valid listener port raises nothing', () => {
    const f = fixture();
    root(f, [{ name: 'r', action: to('s') }]);
    expect(f.mesh.diagnostics).toEqual([]);
  });

  test('every rule of the catalogue is covered by this table', () => {
    expect(RULES.map(r => r.code).sort()).toEqual(Object.values(Rules).map(r => r.code).sort());
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
    root(f, [{ name: 'all', matchers: [{ path: PathMatch.regex('.*') }], action: to('s') }, { name: 'late', matchers: prefix('/x'), action: to('t') }]);
    expect(findings(f, 'MESH502')[0].message).toMatch(/route "late" of route table ops\/root can never match/);
  });

  test('a prefix rewrite on a regex match is refused (MESH404)', () => {
    const f = fixture();
    root(f, [{ name: 'r', matchers: [{ path: PathMatch.regex('/a/[0-9]+') }], action: RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80) }], pathRewrite: PathRewrite.prefix('/b') }) }]);
    expect(findings(f, 'MESH404')[0].message).toMatch(/rewrites the path prefix, but matches the regex \/a\/\[0-9\]\+/);
  });

  test('a prefix rewrite of every path must end with "/" (MESH404)', () => {
    const f = fixture();
    root(f, [{ name: 'r', action: RouteAction.forward({ to: [{ destination: Destination.service('s', 'ops', 80) }], pathRewrite: PathRewrite.prefix('/v2') }) }]);
    expect(findings(f, 'MESH404')[0].message).toMatch(/rewrites the prefix of every path to "\/v2", which is ambiguous/);
  });

  test('a method contradiction between parent and child is unsatisfiable', () => {
    const f = fixture();
    const k = child(f.ops, 'kid', [{ name: 'r', matchers: [{ method: HttpMethod.POST }], action: to('s') }]);
    root(f, [{ name: 'd', matchers: [{ path: PathMatch.prefix('/a'), method: HttpMethod.GET }], action: RouteAction.delegate({ routeTables: [k] }) }]);
    expect(findings(f, 'MESH402')[0].message).toMatch(/method POST contradicts the parent's method GET/);
  });
});
