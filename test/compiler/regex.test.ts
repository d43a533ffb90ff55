/** Regular expressions are RE2 as Envoy runs them (full match, `(?i)`, POSIX and Unicode classes), never JavaScript's. */
import * as fc from 'fast-check';
import { RE2JS } from 're2js';
import { HeaderMatch, PathMatch, Route, RouteOutcome } from '../../src';
import { literalPrefix, startsWithSlash } from '../../src/compiler/algebra/match';
import { escapeRegex, estimatedProgramSize, MAX_PROGRAM_SIZE, regexMatches, regexProblem } from '../../src/compiler/algebra/regex';
import { base, Built, objectsOf, table, to } from '../support/small-mesh';

/** A mesh whose root table has a route per regex (named r0, r1...) and a catch-all `rest`. */
function meshWith(regexes: string[]): Built {
  const b = base();
  const routes: Route[] = regexes.map((re, i) => ({ name: `r${i}`, matchers: [{ path: PathMatch.regex(re) }], action: to(`s${i}`) }));
  table(b, [...routes, { name: 'rest', action: to('rest') }]);
  return b;
}

/** The service the library sends `path` to on api.example.com. */
function serviceFor(b: Built, path: string): string {
  const d = b.mesh.evaluate({ host: 'api.example.com', path });
  return d.outcome === RouteOutcome.FORWARD ? d.destinations.map(x => x.service).join() : String(d.status);
}

const codes = (b: Built) => b.mesh.diagnostics.map(d => d.code);

describe('RE2 dialect through mesh.evaluate()', () => {
  test('(?i) is accepted and matches case-insensitively', () => {
    const b = meshWith(['(?i)/admin']);
    expect(codes(b)).toEqual([]);
    expect(serviceFor(b, '/ADMIN')).toBe('s0');
    expect(serviceFor(b, '/Admin')).toBe('s0');
    expect(serviceFor(b, '/admins')).toBe('rest');
  });

  test.each([
    ['/[[:digit:]]+', '/123', '/12a'],
    ['/\\pL+', '/ete', '/e1'],
    // Envoy's path canonicaliser percent-encodes non-ASCII characters before matching: a path is ASCII by then.
    ['/%CE%BB', '/λ', '/l'],
    ['/a\\z', '/a', '/az'],
    ['/\\x{41}', '/A', '/x'],
    ['/a\\Q.*\\E', '/a.*', '/ab'],
  ])('%j matches %j (as RE2 does) and not %j', (re, yes, no) => {
    const b = meshWith([re]);
    expect(codes(b)).toEqual([]);
    expect(serviceFor(b, yes)).toBe('s0');
    expect(serviceFor(b, no)).toBe('rest');
  });

  test('matching is a full match: the whole path must match, not a part of it', () => {
    const b = meshWith(['/a|/ab']);
    expect(serviceFor(b, '/ab')).toBe('s0');
    expect(serviceFor(b, '/abc')).toBe('rest');
  });

  test('a header regex is RE2 too', () => {
    const b = base();
    table(b, [
      { name: 'digits', matchers: [{ headers: [HeaderMatch.regex('x-id', '[[:digit:]]+')] }], action: to('d') },
      { name: 'rest', action: to('rest') },
    ]);
    const where = (id: string) => b.mesh.evaluate({ host: 'api.example.com', path: '/', headers: { 'x-id': id } }).destinations[0].service;
    expect(where('42')).toBe('d');
    expect(where(':')).toBe('rest');
  });

  test('nothing is exponential: (a+)+b before an exact path of 34 a synthesizes, and evaluate() answers', () => {
    const b = base();
    table(b, [
      { name: 'nested', matchers: [{ path: PathMatch.regex('/(a+)+b') }], action: to('n') },
      { name: 'long', matchers: [{ path: PathMatch.exact(`/${'a'.repeat(34)}`) }], action: to('l') },
    ]);
    expect(codes(b)).toEqual([]);
    expect(objectsOf(b.app).length).toBeGreaterThan(0);
    expect(serviceFor(b, `/${'a'.repeat(34)}`)).toBe('l');
    expect(serviceFor(b, `/${'a'.repeat(5000)}b`)).toBe('n');
    expect(b.mesh.evaluate({ host: 'api.example.com', path: `/${'a'.repeat(5000)}` }).status).toBe(404);
  });
});

describe('what Envoy or istiod would reject is MESH003', () => {
  const rejected: Array<[string, RegExp]> = [
    ['/(a)\\1', /uses a back-reference/],
    ['/(?P<x>a)\\k<x>', /uses a back-reference/],
    ['/(?=a).*', /uses look-around/],
    ['/(?!a).*', /uses look-around/],
    ['/.*(?<=a)', /uses look-around/],
    ['/.*(?<!a)', /uses look-around/],
    ['/\\C', /uses \\C/],
    ['/\\Z', /is not RE2 syntax \(invalid escape sequence: `\\Z`\)/],
    ['/(?x)a', /is not RE2 syntax/],
    ['/a++', /is not RE2 syntax/],
    ['/(a{1000}){40}', /is not RE2 syntax \(invalid repeat count/],
    [`/${'a'.repeat(1024)}`, /is longer than 1024 characters/],
    ['a{1000}'.repeat(33), /estimated RE2 program size of 33004 \(Envoy under Istio rejects more than 32768\)/],
    ['/\\pL{30}', /estimated RE2 program size/],
  ];
  const label = (re: string) => (re.length > 40 ? `${re.slice(0, 24)}… (${re.length} characters)` : re);
  test.each(rejected.map(([re, problem]) => [label(re), re, problem] as const))('%s', (_, re, problem) => {
    const b = meshWith([re]);
    expect(codes(b)).toEqual(['MESH003']);
    expect(b.mesh.diagnostics[0].message).toMatch(problem);
  });

  test('1,024 characters is the limit, not 1,025', () => {
    expect(regexProblem(`/${'a'.repeat(1023)}`)).toBeUndefined();
    expect(regexProblem(`/${'a'.repeat(1024)}`)).toBe('is longer than 1024 characters');
  });

  test('a header regex is checked the same way', () => {
    const b = base();
    table(b, [{ name: 'h', matchers: [{ headers: [HeaderMatch.regex('x-id', '(a)\\1')] }], action: to('d') }]);
    expect(codes(b)).toEqual(['MESH003']);
  });

  test('program sizes are estimated from above: C++ RE2 (libre2) sizes are never underestimated', () => {
    // RE2::ProgramSize() measured with libre2 2022-06-01; re2js alone counts a class as one instruction.
    const measured: Array<[string, number]> = [
      ['a', 5], ['/api/v1', 11], ['(?i)/admin', 10], ['(?i)k', 8], ['.', 12], ['.*', 12], ['[^/]+', 13], ['\\pL', 1197],
      ['\\pN', 237], ['\\p{Greek}', 66], ['\\p{Han}', 81], ['\\PL', 1201], ['\\S', 14], ['[\\x{80}-\\x{10FFFF}]', 10],
      ['a{1000}', 1004], ['\\pL{10}', 11934], ['.{100}', 804], ['(foo|bar|baz)/[^/]+', 23], ['\\b\\w+\\b', 10],
    ];
    for (const [re, size] of measured) {
      const estimate = estimatedProgramSize(re)!;
      expect([re, estimate >= size]).toEqual([re, true]);
      expect([re, estimate <= 2 * size + 8]).toEqual([re, true]);
    }
    expect(estimatedProgramSize('[')).toBeUndefined();
    expect(estimatedProgramSize('a{1000}'.repeat(32))).toBeLessThanOrEqual(MAX_PROGRAM_SIZE);
  });
});

describe('escapeRegex and the RE2 helpers', () => {
  const special = fc.constantFrom(...'\\.+*?()|[]{}^$-/#&~:=!<>,\'" \t');
  const anyText = fc.string({ unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 });

  test('law: an escaped literal matches exactly that literal under re2js, alone or composed', () => {
    fc.assert(fc.property(anyText, anyText, anyText, (x, y, z) => {
      const escaped = escapeRegex(x);
      expect(RE2JS.compile(escaped).matches(x)).toBe(true);
      expect(RE2JS.compile(escaped).matches(y)).toBe(x === y);
      const composed = `${escapeRegex(x)}(?:${escapeRegex(y)})`;
      expect(regexMatches(composed, x + y)).toBe(true);
      expect(regexMatches(composed, z)).toBe(z === x + y);
      if (x !== '') expect(regexProblem(escaped)).toBeUndefined();
    }), { numRuns: 1000 });
  });

  test('escapeRegex escapes exactly the characters RE2 treats specially', () => {
    expect(escapeRegex('\\.+*?()|[]{}^$')).toBe('\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$');
    expect(escapeRegex('/a-b_c~d%2F:@')).toBe('/a-b_c~d%2F:@');
  });

  test('literalPrefix and startsWithSlash read RE2 syntax, in linear time', () => {
    expect(literalPrefix('/api/😀?')).toBe('/api/');
    expect(literalPrefix('/a\\.b+')).toBe('/a.b');
    expect(literalPrefix('/a\\d')).toBe('/a');
    expect(startsWithSlash('(?i)/admin')).toBe(true);
    expect(startsWithSlash('/\\Q(\\E|x')).toBe(false);
    expect(startsWithSlash('/[[:alpha:](]|x')).toBe(false);
    expect(startsWithSlash('/[[:alpha:]|]')).toBe(true);
    const long = `/${'(a'.repeat(300)}${'|b)'.repeat(300)}`;
    expect(startsWithSlash(long)).toBe(true);
    expect(literalPrefix(long)).toBe('');
  });
});
