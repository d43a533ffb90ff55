import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { CRD_DIR_ENV, locateCrdDir } from '../scripts/crds';
import { SchemaGate } from './support/schema-gate';
import * as gw from '../src/imports/gateway.networking.k8s.io';
import * as net from '../src/imports/networking.istio.io';
import * as sec from '../src/imports/security.istio.io';

const gate = SchemaGate.default();
const meta = (name: string, namespace = 'team') => ({ name, namespace });

function httpRoute(spec: any): any {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta('r'), spec };
}
const parentRefs = [{ name: 'gw', namespace: 'infra' }];
const backend = { name: 'svc', port: 8080 };

/** One valid object of every imported kind, built through the generated L1 classes. */
function everyKind(chart: Chart): void {
  new net.VirtualService(chart, 'vs', {
    metadata: meta('vs'),
    spec: {
      hosts: ['api.example.com'],
      gateways: ['infra/gw'],
      http: [{
        name: 'a',
        match: [{ uri: { prefix: '/a' } }],
        route: [{ destination: { host: 'svc.team.svc.cluster.local', port: { number: 8080 } } }],
        timeout: '5s',
      }],
    },
  });
  new net.DestinationRule(chart, 'dr', {
    metadata: meta('dr'),
    spec: { host: 'svc.team.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }], exportTo: ['.'] },
  });
  new net.Gateway(chart, 'igw', {
    metadata: meta('igw', 'infra'),
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['infra/api.example.com'] }],
    },
  });
  new net.ServiceEntry(chart, 'se', {
    metadata: meta('se'),
    spec: {
      hosts: ['api.partner.com'],
      ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
      resolution: net.ServiceEntrySpecResolution.DNS,
      location: net.ServiceEntrySpecLocation.MESH_UNDERSCORE_EXTERNAL,
    },
  });
  new net.Sidecar(chart, 'sc', { metadata: meta('default'), spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] } });
  new sec.AuthorizationPolicy(chart, 'ap', {
    metadata: meta('allow'),
    spec: { action: sec.AuthorizationPolicySpecAction.ALLOW, rules: [{ from: [{ source: { principals: ['cluster.local/ns/a/sa/b'] } }] }] },
  });
  new gw.Gateway(chart, 'kgw', {
    metadata: meta('kgw', 'infra'),
    spec: {
      gatewayClassName: 'istio',
      listeners: [{
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: { namespaces: { from: gw.GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } },
      }],
    },
  });
  new gw.HttpRoute(chart, 'hr', {
    metadata: meta('hr'),
    spec: {
      parentRefs,
      hostnames: ['api.example.com'],
      rules: [{ matches: [{ path: { type: gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/a' } }], backendRefs: [backend] }],
    },
  });
  new gw.ReferenceGrant(chart, 'rg', {
    metadata: meta('rg', 'other'),
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team' }], to: [{ group: '', kind: 'Service', name: 'svc' }] },
  });
}

describe('schema gate', () => {
  test('accepts a valid object of every imported kind', () => {
    const chart = Testing.chart();
    everyKind(chart);
    const objects = Testing.synth(chart);
    expect(objects.map(o => `${o.apiVersion}/${o.kind}`).sort()).toEqual([
      'gateway.networking.k8s.io/v1/Gateway', 'gateway.networking.k8s.io/v1/HTTPRoute', 'gateway.networking.k8s.io/v1/ReferenceGrant',
      'networking.istio.io/v1/DestinationRule', 'networking.istio.io/v1/Gateway', 'networking.istio.io/v1/ServiceEntry',
      'networking.istio.io/v1/Sidecar', 'networking.istio.io/v1/VirtualService', 'security.istio.io/v1/AuthorizationPolicy',
    ]);
    expect(gate.validate(objects)).toEqual([]);
  });

  test('rejects an unknown field with its path', () => {
    const v = gate.validate([httpRoute({ parentRefs, rules: [{ backendRefs: [backend], bogus: true }] })]);
    expect(v).toEqual([{ object: 'HTTPRoute team/r', path: 'spec.rules[0]', message: 'unknown field "bogus"' }]);
  });

  test('rejects a wrong type with its path', () => {
    const v = gate.validate([
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta('vs'), spec: { hosts: 'api.example.com' } },
    ]);
    expect(v).toEqual([{ object: 'VirtualService team/vs', path: 'spec.hosts', message: 'must be array' }]);
  });

  test('rejects a Gateway API path that does not start with / (CEL rule)', () => {
    const rules = [{ matches: [{ path: { type: 'PathPrefix', value: 'team1' } }], backendRefs: [backend] }];
    const v = gate.validate([httpRoute({ parentRefs, rules })]);
    expect(v).toHaveLength(1);
    expect(v[0].path).toBe('spec.rules[0].matches[0].path');
    expect(v[0].message).toBe('value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']');
  });

  test('rejects an HTTPRoute with more than 16 rules', () => {
    const rules = Array.from({ length: 17 }, (_, i) => ({ matches: [{ path: { type: 'Exact', value: `/r${i}` } }], backendRefs: [backend] }));
    const v = gate.validate([httpRoute({ parentRefs, rules })]);
    expect(v).toContainEqual({ object: 'HTTPRoute team/r', path: 'spec.rules', message: 'must NOT have more than 16 items' });
  });

  test('evaluates CEL rules that need schema defaults (Service backendRef without port)', () => {
    const v = gate.validate([httpRoute({ parentRefs, rules: [{ backendRefs: [{ name: 'svc' }] }] })]);
    expect(v.map(x => [x.path, x.message])).toEqual([['spec.rules[0].backendRefs[0]', 'Must have port for Service reference']]);
  });

  test('checks list-map uniqueness (duplicate header match names)', () => {
    const headers = [{ name: 'x-a', value: '1' }, { name: 'x-a', value: '2' }];
    const v = gate.validate([httpRoute({ parentRefs, rules: [{ matches: [{ headers }], backendRefs: [backend] }] })]);
    expect(v.map(x => x.path)).toEqual(['spec.rules[0].matches[0].headers[1]']);
  });

  test('checks metadata: names, namespaces on namespaced kinds, labels', () => {
    const v = gate.validate([
      { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'Bad_Name', labels: { 'a/b/c': 'x' } }, spec: {} },
    ]);
    expect([...new Set(v.map(x => x.path))].sort()).toEqual(['metadata', 'metadata.labels', 'metadata.name']);
  });

  test('rejects kinds and versions that have no served CRD', () => {
    expect(gate.validate([{ apiVersion: 'networking.istio.io/v9', kind: 'VirtualService', metadata: meta('x') }])[0].message)
      .toMatch(/no served CRD for apiVersion networking.istio.io\/v9/);
  });

  test('fails with a clear message when the CRDs cannot be found', () => {
    const saved = process.env[CRD_DIR_ENV];
    process.env[CRD_DIR_ENV] = path.join(__dirname, 'no-such-folder');
    try {
      expect(() => locateCrdDir()).toThrow(/upstream CRDs not found: istio.yaml, gateway-api-standard.yaml, cert-manager.yaml missing in .*no-such-folder \(from \$CDK8S_MESH_CRDS\)/);
    } finally {
      if (saved === undefined) delete process.env[CRD_DIR_ENV];
      else process.env[CRD_DIR_ENV] = saved;
    }
  });
});

/** The kinds a virtual mesh emits as plain ApiObjects (no generated class): cert-manager.io and PeerAuthentication. */
describe('schema gate: plain objects of a virtual mesh (cert-manager.io/v1, security.istio.io/v1 PeerAuthentication)', () => {
  /** An intermediate CA for cluster1 in the secret istiod's plug-in CA reads, issued by the mesh's root CA Issuer. */
  function intermediateCa(spec: Record<string, any> = {}, privateKey: Record<string, any> = { algorithm: 'ECDSA', size: 256 }): any {
    return {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta('cluster1-intermediate-ca', 'istio-system'),
      spec: {
        isCA: true,
        commonName: 'cluster1 intermediate CA',
        secretName: 'cacerts',
        uris: ['spiffe://cluster1'],
        privateKey,
        usages: ['digital signature', 'key encipherment', 'cert sign'],
        issuerRef: { name: 'mesh-root-ca', kind: 'Issuer', group: 'cert-manager.io' },
        ...spec,
      },
    };
  }
  const caIssuer = (kind: 'Issuer' | 'ClusterIssuer', spec: any) => ({
    apiVersion: 'cert-manager.io/v1',
    kind,
    metadata: kind === 'Issuer' ? meta('mesh-root-ca', 'istio-system') : { name: 'mesh-root-ca' },
    spec,
  });
  const peerAuthentication = (mode: string) => ({
    apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta('default', 'istio-system'), spec: { mtls: { mode } },
  });

  test('accepts an intermediate CA Certificate (isCA, SPIFFE URI, ECDSA P-256, cert sign) issued by an Issuer', () => {
    expect(gate.validate([intermediateCa()])).toEqual([]);
  });

  test('rejects a Certificate with an unknown field, with its path', () => {
    expect(gate.validate([intermediateCa({ privateKeySecret: 'root-key' })])).toEqual([
      { object: 'Certificate istio-system/cluster1-intermediate-ca', path: 'spec', message: 'unknown field "privateKeySecret"' },
    ]);
  });

  test('rejects a Certificate whose private key algorithm is not RSA, ECDSA or Ed25519', () => {
    const v = gate.validate([intermediateCa({}, { algorithm: 'DSA', size: 256 })]);
    expect(v.map(x => [x.path, x.message])).toEqual([['spec.privateKey.algorithm', 'must be equal to one of the allowed values']]);
  });

  test('rejects a Certificate without the required issuerRef and secretName', () => {
    const { issuerRef, secretName, ...spec } = intermediateCa().spec;
    const v = gate.validate([{ ...intermediateCa(), spec }]);
    expect(v.map(x => [x.path, x.message])).toEqual([
      ['spec', "must have required property 'issuerRef'"], ['spec', "must have required property 'secretName'"],
    ]);
  });

  test('accepts a CA Issuer and a CA ClusterIssuer over the root CA secret', () => {
    expect(gate.validate([
      caIssuer('Issuer', { ca: { secretName: 'mesh-root-ca' } }), caIssuer('ClusterIssuer', { ca: { secretName: 'mesh-root-ca' } }),
    ])).toEqual([]);
  });

  test('rejects a CA Issuer without its secret name, and a ClusterIssuer with an unknown field', () => {
    const v = gate.validate([caIssuer('Issuer', { ca: {} }), caIssuer('ClusterIssuer', { ca: { secretName: 'root', key: 'x' } })]);
    expect(v).toEqual([
      { object: 'Issuer istio-system/mesh-root-ca', path: 'spec.ca', message: "must have required property 'secretName'" },
      { object: 'ClusterIssuer mesh-root-ca', path: 'spec.ca', message: 'unknown field "key"' },
    ]);
  });

  test('accepts a mesh-wide STRICT PeerAuthentication and rejects an unknown mTLS mode', () => {
    expect(gate.validate([peerAuthentication('STRICT')])).toEqual([]);
    expect(gate.validate([peerAuthentication('BOGUS')]).map(x => [x.object, x.path, x.message])).toEqual([
      ['PeerAuthentication istio-system/default', 'spec.mtls.mode', 'must be equal to one of the allowed values'],
    ]);
  });
});
