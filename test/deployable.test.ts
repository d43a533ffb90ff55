/**
 * Every success is deployable (issue 11 item 5): declarations that the CRD schemas (CEL included), istiod or Envoy
 * would reject fail the build with a code, and nothing is written; the nearest valid ones synthesize objects that pass
 * the schema gate.
 */
import { Duration } from 'cdk8s';
import {
  Destination, HeaderMatch, ListenerProtocol, MeshErrors, MeshTarget, PathMatch, QueryParamMatch, RouteAction, VirtualGateway,
} from '../src';
import { expectSchemaValid } from './support/schema-gate';
import { base, errorOf, objectsOf, svc, table } from './support/small-mesh';

type Target = MeshTarget | undefined;

/** The codes of the failed build of `declare` (nothing written), or [] when it synthesizes schema-valid objects. */
function outcome(declare: (b: ReturnType<typeof base>) => void, target?: Target): string[] {
  const b = base({ target });
  declare(b);
  const error = errorOf(() => b.app.synth());
  if (error) return [...new Set(MeshErrors.diagnosticsOf(error).map(d => d.code))];
  expectSchemaValid(objectsOf(b.app));
  return [];
}

const forward = (options: Partial<Parameters<typeof RouteAction.forward>[0]> = {}) =>
  RouteAction.forward({ to: [{ destination: svc('svc') }], ...options });

const routeWith = (action: RouteAction, matchers?: any[]) => (b: ReturnType<typeof base>) => {
  table(b, [{ name: 'r', matchers, action }]);
};

const FLAVOURS: Target[] = [undefined, MeshTarget.GATEWAY_API];

describe.each(FLAVOURS)('flavour %s', target => {
  test.each<[string, (b: ReturnType<typeof base>) => void, string[]]>([
    ['an exact header value ""', routeWith(forward(), [{ headers: [HeaderMatch.exact('x-a', '')] }]), ['MESH019']],
    ['an exact query value ""', routeWith(forward(), [{ queryParams: [QueryParamMatch.exact('a', '')] }]), ['MESH019']],
    ['a header-modifier value ""', routeWith(forward({ requestHeaders: { set: { 'x-a': '' } } })), ['MESH034']],
    ['a header match value with CR/LF', routeWith(forward(), [{ headers: [HeaderMatch.exact('x-a', 'a\r\nx-injected: 1')] }]), ['MESH034']],
    ['a header-modifier value with LF', routeWith(forward({ responseHeaders: { add: { 'x-a': 'a\nb' } } })), ['MESH034']],
    ['retries.attempts of 2^31', routeWith(forward({ retries: { attempts: 2 ** 31 } })), ['MESH022']],
    ['a timeout past the longest Go duration', routeWith(forward({ timeout: Duration.millis(1e16) })), ['MESH014']],
  ])('%s fails the build', (_, declare, codes) => expect(outcome(declare, target)).toEqual(codes));

  test('weights adding up past 2^32 - 1 fail the build (MESH005)', () => {
    const to = [...Array(4296).keys()].map(i => ({ destination: Destination.service(`s${i}`, 'ops', 8080), weight: 1_000_000 }));
    expect(outcome(routeWith(RouteAction.forward({ to })), target)).toContain('MESH005');
  });

  test('a 254-character TLS secret name fails the build (MESH016); 253 characters synthesize', () => {
    const tls = (length: number) => (b: ReturnType<typeof base>) => {
      const gw = new VirtualGateway(b.ops, 'tls', {
        workloadSelector: { istio: 'tls-gateway' },
        listeners: [{ port: 443, protocol: ListenerProtocol.HTTPS, tlsSecret: `${'a'.repeat(61)}.`.repeat(5).slice(0, length - 1) + 'a' }],
      });
      table(b, [{ name: 'r', action: forward() }], { gateways: [b.gw, gw] });
    };
    expect(outcome(tls(254), target)).toEqual(['MESH016']);
    expect(outcome(tls(253), target)).toEqual([]);
  });

  test('100,000,001 ms is written as 27h46m40s1ms, which both schemas accept', () => {
    expect(outcome(routeWith(forward({ timeout: Duration.millis(100_000_001) })), target)).toEqual([]);
  });
});

describe('what only the Gateway API cannot say', () => {
  test('a listener hostname "*" is MESH002 with the Gateway API target, fine with Istio', () => {
    const star = (b: ReturnType<typeof base>) => {
      const gw = new VirtualGateway(b.ops, 'star', { workloadSelector: { istio: 'star' }, listeners: [{ port: 80, hostname: '*' }] });
      table(b, [{ name: 'r', action: forward() }], { gateways: [b.gw, gw] });
    };
    expect(outcome(star, MeshTarget.GATEWAY_API)).toEqual(['MESH002']);
    expect(outcome(star)).toEqual([]);
  });

  test('5,000 days is past the Gateway API duration pattern (MESH601); Istio takes 120000h', () => {
    const timeout = routeWith(forward({ timeout: Duration.days(5000) }));
    expect(outcome(timeout, MeshTarget.GATEWAY_API)).toEqual(['MESH601']);
    expect(outcome(timeout)).toEqual([]);
  });

  test('a header prefix of 3,000 dots is escaped into more than the 4,096 characters a header value may have (MESH601)', () => {
    const prefix = routeWith(forward(), [{ headers: [HeaderMatch.prefix('x-a', '.'.repeat(3000))] }]);
    expect(outcome(prefix, MeshTarget.GATEWAY_API)).toEqual(['MESH601']);
    expect(outcome(prefix)).toEqual([]);
  });

  test('a string prefix escaped past the 1,024 characters of a path value (MESH601)', () => {
    const prefix = routeWith(forward(), [{ path: PathMatch.prefix(`/${'.'.repeat(600)}`) }]);
    expect(outcome(prefix, MeshTarget.GATEWAY_API)).toEqual(['MESH601']);
    expect(outcome(prefix)).toEqual([]);
  });
});
