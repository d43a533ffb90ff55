/** Host matching and intersection, and the syntax checks of labels, hosts, paths, tokens and RE2 regexes: tables and laws. */
import * as fc from 'fast-check';
import { PATH_REGEXES, VALUE_REGEXES } from './arbitraries';
import { HOSTS, hostOk } from './brute-force';
import { escapeRegex, regexMatches, regexProblem } from '../../src/compiler/algebra/regex';
import { dnsLabelProblem, hostMatches, hostProblem, hostsIntersect, pathProblem, tokenProblem } from '../../src/compiler/algebra/syntax';

describe('hostMatches(pattern, requested)', () => {
  const rows: Array<[string, string, boolean]> = [
    ['*', 'api.example.com', true],
    ['*', '*', true],
    ['api.example.com', 'api.example.com', true],
    ['api.example.com', 'www.example.com', false],
    ['*.example.com', 'api.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'xexample.com', false],
    ['*.example.com', '.example.com', false],
    ['*.example.com', 'a.xexample.com', false],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', '*.api.example.com', true],
    ['*.api.example.com', '*.example.com', false],
    ['api.example.com', '*.example.com', false],
    ['*.example.com', '*', false],
  ];
  test.each(rows)('%s serves %s: %s', (pattern, requested, expected) => expect(hostMatches(pattern, requested)).toBe(expected));
});

describe('hostsIntersect(a, b)', () => {
  const rows: Array<[string, string, boolean]> = [
    ['api.example.com', '*.example.com', true],
    ['*.example.com', '*.api.example.com', true],
    ['*.com', '*.example.com', true],
    ['*.a.com', '*.b.com', false],
    ['*', 'x.com', true],
    ['a.com', 'b.com', false],
    ['a.com', 'a.com', true],
    ['*.example.com', 'example.com', false],
  ];
  test.each(rows)('%s and %s: %s', (a, b, expected) => {
    expect(hostsIntersect(a, b)).toBe(expected);
    expect(hostsIntersect(b, a)).toBe(expected);
  });
});

describe('laws of hosts (exhaustive over patterns of 1 to 3 labels from a, b, ab, com)', () => {
  const concrete = HOSTS.filter(x => x.split('.').length <= 3);
  const patterns = ['*', ...concrete, ...concrete.map(x => `*.${x}`)];
  const served = new Map(patterns.map(pt => [pt, new Set(HOSTS.filter(x => hostOk(pt, x)))]));

  test('a concrete host is served exactly when the brute-force matcher says so', () => {
    const wrong = patterns.flatMap(pt => HOSTS.filter(x => hostMatches(pt, x) !== hostOk(pt, x)).map(x => `${pt} ${x}`));
    expect(wrong).toEqual([]);
  });

  test('a pattern serves a wildcard exactly when it serves every host of the wildcard', () => {
    const all = (pt: string, w: string) => [...served.get(w)!].every(x => served.get(pt)!.has(x));
    const wrong = patterns.flatMap(pt => patterns.filter(w => w.startsWith('*') && hostMatches(pt, w) !== all(pt, w)).map(w => `${pt} ${w}`));
    expect(wrong).toEqual([]);
  });

  test('two patterns intersect exactly when some host is served by both', () => {
    const common = (a: string, b: string) => [...served.get(a)!].some(x => served.get(b)!.has(x));
    const wrong = patterns.flatMap(a => patterns.filter(b => hostsIntersect(a, b) !== common(a, b)).map(b => `${a} ${b}`));
    expect(wrong).toEqual([]);
  });
});

describe('DNS-1123 labels', () => {
  test.each(['a', 'a-b', 'a1', '1a', '0', 'a'.repeat(63)])('%j is a label', x => expect(dnsLabelProblem(x)).toBeUndefined());
  test.each([
    ['', 'is empty'], ['-a', 'is not a DNS-1123 label'], ['a-', 'is not a DNS-1123 label'], ['A', 'is not a DNS-1123 label'],
    ['a_b', 'is not a DNS-1123 label'], ['a.b', 'is not a DNS-1123 label'], ['a'.repeat(64), 'is 64 characters long (at most 63)'],
  ])('%j %s', (x, problem) => expect(dnsLabelProblem(x)).toBe(problem));

  test('law: a label is 1 to 63 of a-z, 0-9 and "-", starting and ending with a letter or digit', () => {
    const alnum = (ch: string) => (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    const label = (x: string) => x.length >= 1 && x.length <= 63 && [...x].every(ch => alnum(ch) || ch === '-')
      && alnum(x[0]) && alnum(x[x.length - 1]);
    const text = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', 'A', '_', '.'), maxLength: 8 }), fc.integer({ min: 60, max: 66 })
      .chain(n => fc.constantFrom('a'.repeat(n), `-${'a'.repeat(n)}`, `${'a'.repeat(n)}1`)));
    fc.assert(fc.property(text, x => expect(dnsLabelProblem(x) === undefined).toBe(label(x))), { numRuns: 500 });
  });
});

describe('hosts', () => {
  test.each(['*', 'api.example.com', '*.example.com', '*.com', 'a-b.example.com', `${'a'.repeat(63)}.com`, 'a.b1'])('%j is a host', x => {
    expect(hostProblem(x)).toBeUndefined();
  });
  test.each([
    ['', 'is empty'],
    ['API.example.com', 'has upper-case letters'],
    ['a.*.com', 'has a wildcard that is not the whole first label'],
    ['**.com', 'has a wildcard that is not the whole first label'],
    ['*a.com', 'has a wildcard that is not the whole first label'],
    ['foo', 'is a short name (a gateway host needs a domain with a dot)'],
    ['a..com', 'has an invalid label ""'],
    ['a.com.', 'has an invalid label ""'],
    ['-a.com', 'has an invalid label "-a"'],
    ['a_b.com', 'has an invalid label "a_b"'],
    [`${'a'.repeat(64)}.com`, `has an invalid label "${'a'.repeat(64)}"`],
    ['1.2.3.4', 'has an all-numeric top-level label'],
    [`${'a.'.repeat(126)}com`, 'is longer than 253 characters'],
  ])('%j %s', (x, problem) => expect(hostProblem(x)).toBe(problem));
});

describe('paths', () => {
  test.each(['/', '/a/b', '/a/', "/a-b_c.d~e!$&'()*+,;=:@", '/a%20b', '/.well-known', `/${'a'.repeat(1023)}`])('%j is a path', x => {
    expect(pathProblem(x)).toBeUndefined();
  });
  test.each([
    ['a', 'does not start with "/"'],
    ['', 'does not start with "/"'],
    ['/a//b', 'contains "//"'],
    ['/a/./b', 'contains a "." or ".." segment'],
    ['/a/..', 'contains a "." or ".." segment'],
    ['/..', 'contains a "." or ".." segment'],
    ['/a%2Fb', 'contains "%2F" or "#"'],
    ['/a%2fb', 'contains "%2F" or "#"'],
    ['/a#b', 'contains "%2F" or "#"'],
    ['/a b', 'contains characters that are not allowed in a path'],
    ['/a?b', 'contains characters that are not allowed in a path'],
    ['/a%zz', 'contains characters that are not allowed in a path'],
    [`/${'a'.repeat(1024)}`, 'is longer than 1024 characters'],
  ])('%j %s', (x, problem) => expect(pathProblem(x)).toBe(problem));
});

describe('HTTP tokens (header and parameter names)', () => {
  test.each(['x-user', 'X_Y', "!#$%&'*+-.^_`|~", 'a1'])('%j is a token', x => expect(tokenProblem(x)).toBeUndefined());
  test('the empty name', () => expect(tokenProblem('')).toBe('is empty'));
  test.each(['a b', 'a:b', 'a/b', 'é', 'a"b'])('%j is not a token', x => expect(tokenProblem(x)).toBe('is not an HTTP token'));
});

describe('RE2 regular expressions', () => {
  test.each(['.*', '/items/[0-9]+', '(?P<id>[0-9]+)', '[^/]+', 'a{2,3}', ...PATH_REGEXES, ...VALUE_REGEXES])('%j is accepted', x => {
    expect(regexProblem(x)).toBeUndefined();
  });
  test.each([
    ['', /^is empty$/],
    ['a'.repeat(1025), /^is longer than 1024 characters$/],
    ['(?=a)a', /^uses look-around/],
    ['(?!a)b', /^uses look-around/],
    ['(?<=a)b', /^uses look-around/],
    ['(?<!a)b', /^uses look-around/],
    ['(a)\\1', /^uses a back-reference/],
    ['[', /^is not RE2 syntax \(missing closing \]/],
    ['a{2,1}', /^is not RE2 syntax \(invalid repeat count/],
    ['*', /^is not RE2 syntax \(missing argument to repetition operator/],
  ])('%j is rejected', (x, problem) => expect(regexProblem(x)).toMatch(problem));

  test('expressions match whole strings, named groups included', () => {
    expect(regexMatches('a|b', 'ab')).toBe(false);
    expect(regexMatches('a|b', 'b')).toBe(true);
    expect(regexMatches('/(?P<id>[0-9]+)', '/42')).toBe(true);
  });

  test('law: an escaped text matches itself and nothing else', () => {
    const text = fc.string({ unit: fc.constantFrom(...'a/.*+?^${}()|[]\\-'), maxLength: 8 });
    fc.assert(fc.property(text, text, (x, y) => {
      expect(regexMatches(escapeRegex(x), x)).toBe(true);
      expect(regexMatches(escapeRegex(x), y)).toBe(x === y);
      expect(regexProblem(escapeRegex(x || 'a'))).toBeUndefined();
    }), { numRuns: 500 });
  });
});
