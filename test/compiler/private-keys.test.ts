import * as fc from 'fast-check';
import { holdsPrivateKey } from '../../src/compiler/multicluster/private-keys';

const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n';

/** The plain recursive walk the scan must agree with, on acyclic values. */
function naive(value: unknown): boolean {
  if (typeof value === 'string') return /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/.test(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => naive(k) || naive(v));
}

describe('holdsPrivateKey', () => {
  test('finds a key in clear, in base64, in a key name, at any depth', () => {
    expect(holdsPrivateKey({ a: [{ b: KEY }] })).toBe(true);
    expect(holdsPrivateKey({ data: { 'tls.key': Buffer.from(KEY).toString('base64') } })).toBe(true);
    expect(holdsPrivateKey({ [KEY]: 1 })).toBe(true);
    expect(holdsPrivateKey({ a: ['-----BEGIN CERTIFICATE-----', 'text'], n: 3 })).toBe(false);
  });

  test('walks cycles once and nesting deeper than the call stack', () => {
    const a: Record<string, unknown> = { s: 'x' };
    const b = { a, list: [a, { y: 1 }] };
    a.b = b;
    expect(holdsPrivateKey(a)).toBe(false);
    b.list.push({ y: KEY } as never);
    expect(holdsPrivateKey(a)).toBe(true);
    let deep: unknown = { leaf: KEY };
    for (let i = 0; i < 100_000; i++) deep = { d: deep, e: [i] };
    expect(holdsPrivateKey(deep)).toBe(true);
  });

  test('walks small objects shared as a DAG without reading each path (2^60 of them as a tree)', () => {
    let clean: unknown = { leaf: 'text' };
    let dirty: unknown = { leaf: KEY };
    for (let i = 0; i < 60; i++) {
      clean = { a: clean, b: clean };
      dirty = { a: dirty, b: dirty };
    }
    expect(holdsPrivateKey(clean)).toBe(false);
    expect(holdsPrivateKey(dirty)).toBe(true);
    expect(holdsPrivateKey([{ x: 'a' }, clean, dirty])).toBe(true);
  });

  test('reads a large shared list once, however many parents hold it', () => {
    const hosts = Array.from({ length: 5_000 }, (_, i) => `host-${i}.example.com`);
    let reads = 0;
    const shared = new Proxy(hosts, {
      get: (target, p, receiver) => {
        if (typeof p === 'string' && /^\d+$/.test(p)) reads++;
        return Reflect.get(target, p, receiver);
      },
    });
    const parents = Array.from({ length: 5_000 }, (_, i) => ({ name: `t${i}`, hosts: shared, labels: { a: 'b' } }));
    expect(holdsPrivateKey(parents)).toBe(false);
    expect(reads).toBe(hosts.length);
    hosts.push(KEY);
    expect(holdsPrivateKey(parents)).toBe(true);
  });

  test('agrees with a plain recursive walk on any JSON value', () => {
    const text = fc.oneof(fc.string(), fc.constant(KEY), fc.constant('-----BEGIN EC PRIVATE KEY-----'));
    const json = fc.letrec(tie => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.dictionary(fc.oneof(fc.string(), fc.constant(KEY)), tie('value'), { maxKeys: 5 }),
    })).value;
    fc.assert(fc.property(json, v => holdsPrivateKey(v) === naive(v)));
  });
});
