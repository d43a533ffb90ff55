/**
 * Regular expressions are RE2, as Envoy runs them (issue 11 item 3): RE2-only syntax is accepted and evaluated with
 * RE2's meaning, what RE2 or istiod rejects fails the build with MESH003, and nothing is exponential — through
 * `mesh.evaluate()`, the emitted objects and the independent readers.
 */
import { HeaderMatch, MeshErrors, MeshTarget, PathMatch, RouteAction, RouteTable } from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio } from './support/istio-matcher';
import { base, errorOf, objectsOf, table, to } from './support/small-mesh';

function meshWith(regex: string, target?: MeshTarget) {
  const b = base({ target });
  table(b, [{ name: 're', matchers: [{ path: PathMatch.regex(regex) }], action: to('svc') }]);
  return b;
}

const reached = (b: ReturnType<typeof base>, path: string) => b.mesh.evaluate({ host: 'api.example.com', path }).status !== 404;

describe('RE2-only syntax is accepted and means what it means in Envoy', () => {
  test.each([
    ['(?i)/admin', '/ADMIN', true],
    ['(?i)/admin', '/Admin', true],
    ['/v[[:digit:]]+', '/v42', true],
    ['/v[[:digit:]]+', '/v:', false],
    ['/\\pL+', '/abc', true],
    ['/\\pL+', '/a1', false],
    ['/a\\z', '/a', true],
    ['/(?P<id>[0-9]+)', '/7', true],
  ])('%s on %s: %s, in the library and in both flavours\' YAML', (regex, path, expected) => {
    const istio = meshWith(regex);
    expect(reached(istio, path)).toBe(expected);
    expect(evaluateIstio(objectsOf(istio.app), { gateway: 'ops/gw', host: 'api.example.com', path }).status === 200).toBe(expected);
    const gatewayApi = meshWith(regex, MeshTarget.GATEWAY_API);
    expect(reached(gatewayApi, path)).toBe(expected);
    expect(evaluateGatewayApi(objectsOf(gatewayApi.app), { gateway: 'ops/gw', host: 'api.example.com', path }).status === 200).toBe(expected);
  });
});

describe('what RE2 or istiod rejects is MESH003, nothing written', () => {
  test.each([
    ['(a)\\1', /uses a back-reference, which RE2 does not support/],
    ['(?=/a)/a', /uses look-around, which RE2 does not support/],
    [`/${'a'.repeat(1024)}`, /is longer than 1024 characters/],
    ['/' + 'a{1000}'.repeat(33), /has an estimated RE2 program size of \d+ \(Envoy under Istio rejects more than 32768\)/],
    ['/\\pL{30}', /has an estimated RE2 program size/],
  ])('%s', (regex, message) => {
    const b = meshWith(regex);
    const diagnostics = MeshErrors.diagnosticsOf(errorOf(() => b.app.synth()));
    expect(diagnostics.map(d => d.code)).toEqual(['MESH003']);
    expect(diagnostics[0].message).toMatch(message);
  });

  test('a header regex is checked the same way', () => {
    const b = base();
    table(b, [{ name: 'h', matchers: [{ headers: [HeaderMatch.regex('x-id', '(a)\\1')] }], action: to('svc') }]);
    expect(MeshErrors.diagnosticsOf(errorOf(() => b.app.synth())).map(d => d.code)).toEqual(['MESH003']);
  });
});

describe('nothing is exponential', () => {
  test('a catastrophic regex before a long exact path: the overlap checks, synth and evaluate() answer at once', () => {
    const b = base();
    const long = `/${'a'.repeat(34)}`;
    table(b, [
      { name: 'exact', matchers: [{ path: PathMatch.exact(long) }], action: to('svc-exact') },
      { name: 'bad', matchers: [{ path: PathMatch.regex('/(a+)+b') }], action: to('svc-regex') },
      { name: 'long', matchers: [{ path: PathMatch.exact(`/${'a'.repeat(1000)}`) }], action: to('svc-long') },
    ]);
    expect(b.mesh.diagnostics).toEqual([]);
    expect(b.mesh.evaluate({ host: 'api.example.com', path: `/${'a'.repeat(1000)}` }).destinations[0].service).toBe('svc-long');
    expect(b.mesh.evaluate({ host: 'api.example.com', path: `/${'a'.repeat(5000)}` }).status).toBe(404);
    expect(objectsOf(b.app).filter(o => o.kind === 'VirtualService')).toHaveLength(1);
  });

  test('the regex first: the exact route after it is checked against it in linear time', () => {
    const b = base();
    table(b, [
      { name: 'bad', matchers: [{ path: PathMatch.regex('/(a+)+b') }], action: to('svc-regex') },
      { name: 'exact', matchers: [{ path: PathMatch.exact(`/${'a'.repeat(34)}`) }], action: to('svc-exact') },
    ]);
    expect(b.mesh.diagnostics).toEqual([]);
    expect(b.mesh.evaluate({ host: 'api.example.com', path: `/${'a'.repeat(34)}b` }).destinations[0].service).toBe('svc-regex');
  });
});

describe('composed paths are checked once composed (MESH404)', () => {
  test.each([
    ['a regex', PathMatch.regex(`/${'b'.repeat(500)}.*`), /the composed regex .* is longer than 1024 characters/],
    ['an exact path', PathMatch.exact(`/${'b'.repeat(500)}`), /the composed path .* is 1\d{3} characters long \(at most 1024\)/],
  ])('%s under a 600-character parent prefix', (_, path, message) => {
    const b = base();
    const child = new RouteTable(b.ops, 'child', { routes: [{ name: 'c', matchers: [{ path }], action: to('svc') }] });
    table(b, [{ name: 'd', matchers: [{ path: PathMatch.prefix(`/${'a'.repeat(599)}`) }], action: RouteAction.delegate({ routeTables: [child] }) }]);
    const diagnostics = MeshErrors.diagnosticsOf(errorOf(() => b.app.synth()));
    expect(diagnostics.map(d => `${d.code} ${d.path}`)).toEqual(['MESH404 mesh/ops/child']);
    expect(diagnostics[0].message).toMatch(message);
  });
});
