/**
 * Requests are normalised as Istio's gateways normalise them (issue 11 item 4): Envoy's `normalize_path` with
 * Chromium's canonicaliser for the path, raw first values for query parameters — through `mesh.evaluate()` and the
 * independent readers of both flavours.
 */
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Mesh, MeshTarget, PathMatch, QueryParamMatch, RouteTable, VirtualGateway, Workspace } from '../src';
import { evaluateGatewayApi } from './support/gateway-api-matcher';
import { evaluateIstio } from './support/istio-matcher';
import { to } from './support/small-mesh';

function build(target?: MeshTarget) {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh', { target });
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
  new RouteTable(ops, 'root', {
    hosts: ['api.example.com'],
    gateways: [gw],
    routes: [
      { name: 'admin', matchers: [{ path: PathMatch.segmentPrefix('/admin') }], action: to('admin') },
      { name: 'letters', matchers: [{ path: PathMatch.regex('/l/\\pL+') }], action: to('letters') },
      { name: 'beta', matchers: [{ path: PathMatch.segmentPrefix('/q'), queryParams: [QueryParamMatch.exact('v', 'beta')] }], action: to('beta') },
      { name: 'public', matchers: [{ path: PathMatch.regex('/.*') }], action: to('public') },
    ],
  });
  return { mesh, objects: parseAllDocuments(app.synthYaml()).map(d => d.toJS()) };
}

const PROBES: Array<[string, string]> = [
  ['/%61dmin/x', 'admin'],
  ['/public\\..\\admin/x', 'admin'],
  ['/public/%2e%2e/admin', 'admin'],
  ['/a%64min', 'admin'],
  ['/admin%2Fx', 'public'],
  ['/l/abc', 'letters'],
  ['/l/é', 'public'],
  ['/q?v=beta', 'beta'],
  ['/q?v=be%74a', 'public'],
  ['/q?v=stable&v=beta', 'public'],
  ['/q?v=beta&v=stable', 'beta'],
];

describe.each([['istio', undefined], ['gateway-api', MeshTarget.GATEWAY_API]])('%s', (_, target) => {
  const { mesh, objects } = build(target);
  test.each(PROBES)('%s → %s, in the library and in the emitted YAML', (path, expected) => {
    const decision = mesh.evaluate({ host: 'api.example.com', path });
    expect(decision.destinations[0].service).toBe(expected);
    const request = { gateway: 'ops/gw', host: 'api.example.com', path };
    const reader = target === undefined
      ? evaluateIstio(objects, request).destinations[0]?.host.split('.')[0]
      : evaluateGatewayApi(objects, request).backends[0]?.name;
    expect(reader).toBe(expected);
  });
});
