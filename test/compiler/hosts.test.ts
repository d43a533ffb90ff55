/**
 * The host algebra behind virtual hosts: nesting (Istio's `SubsetOf`), the narrower of two names (Istio's
 * intersection), the outermost hosts a server lists, and Envoy's choice of virtual host — checked against brute force
 * over concrete host names.
 */
import * as fc from 'fast-check';
import { containingNames, envoyDomainFor, hostSubsetOf, narrowerHost, narrowestContaining, outermostHosts } from '../../src/compiler/algebra/hosts';

const PATTERNS = ['*', '*.example.com', '*.b.example.com', 'api.example.com', 'a.b.example.com', 'www.example.com', '*.org', 'x.org'];
const CONCRETE = ['api.example.com', 'a.b.example.com', 'c.b.example.com', 'www.example.com', 'x.example.com', 'example.com', 'x.org', 'y.org'];

/** The concrete names a pattern serves (brute force). */
const served = (p: string) => CONCRETE.filter(h => p === '*' || h === p || (p.startsWith('*.') && h.endsWith(p.slice(1)) && h.length > p.length - 1));

describe('hostSubsetOf and narrowerHost', () => {
  test('a ⊆ b implies every concrete name a serves is served by b', () => {
    for (const a of PATTERNS) {
      for (const b of PATTERNS) {
        if (hostSubsetOf(a, b)) expect(served(a).every(h => served(b).includes(h))).toBe(true);
      }
    }
  });

  test.each([
    ['api.example.com', '*.example.com', 'api.example.com'],
    ['*.b.example.com', '*.example.com', '*.b.example.com'],
    ['*', 'x.org', 'x.org'],
    ['api.example.com', 'www.example.com', undefined],
    ['*.org', '*.example.com', undefined],
  ])('narrowerHost(%s, %s) = %s (symmetric)', (a, b, expected) => {
    expect(narrowerHost(a, b)).toBe(expected);
    expect(narrowerHost(b, a)).toBe(expected);
  });
});

describe('outermostHosts', () => {
  test('no host of the result contains another, and every input host lies inside one of them', () => {
    fc.assert(fc.property(fc.subarray(PATTERNS), hosts => {
      const outer = outermostHosts(hosts);
      for (const a of outer) for (const b of outer) if (a !== b) expect(hostSubsetOf(a, b)).toBe(false);
      for (const h of hosts) expect(outer.some(o => hostSubsetOf(h, o))).toBe(true);
    }));
  });
});

describe('narrowestContaining', () => {
  test('is the containing host serving the fewest names', () => {
    fc.assert(fc.property(fc.subarray(PATTERNS), fc.constantFrom(...PATTERNS), (hosts, name) => {
      const best = narrowestContaining(hosts, name);
      const containing = hosts.filter(h => hostSubsetOf(name, h));
      if (containing.length === 0) return expect(best).toBeUndefined();
      for (const h of containing) expect(served(best!).length).toBeLessThanOrEqual(served(h).length);
    }));
  });
});

describe('envoyDomainFor (Envoy RouteMatcher::findVirtualHost)', () => {
  test('exact beats the longest wildcard, which beats `*`; a wildcard covers at least one more character', () => {
    const domains = ['*', '*.example.com', '*.b.example.com', 'api.example.com'];
    expect(envoyDomainFor(domains, 'api.example.com')).toBe('api.example.com');
    expect(envoyDomainFor(domains, 'a.b.example.com')).toBe('*.b.example.com');
    expect(envoyDomainFor(domains, 'x.example.com')).toBe('*.example.com');
    expect(envoyDomainFor(domains, 'example.com')).toBe('*');
    expect(envoyDomainFor(['*.example.com'], 'example.com')).toBeUndefined();
  });

  test('the chosen domain serves the host, and no other served domain is narrower', () => {
    fc.assert(fc.property(fc.subarray(PATTERNS), fc.constantFrom(...CONCRETE), (domains, host) => {
      const chosen = envoyDomainFor(domains, host);
      const serving = domains.filter(d => served(d).includes(host));
      if (serving.length === 0) return expect(chosen).toBeUndefined();
      expect(serving).toContain(chosen);
      for (const d of serving) expect(served(chosen!).length).toBeLessThanOrEqual(served(d).length);
    }));
  });
});

describe('containingNames', () => {
  test('lists exactly the patterns strictly containing a name, narrowest first', () => {
    for (const name of PATTERNS) {
      const listed = containingNames(name);
      expect(PATTERNS.filter(p => p !== name && hostSubsetOf(name, p)).every(p => listed.includes(p))).toBe(true);
      for (const c of listed) expect(hostSubsetOf(name, c) && c !== name).toBe(true);
      for (let i = 1; i < listed.length; i++) expect(hostSubsetOf(listed[i - 1], listed[i])).toBe(true);
    }
  });
});
