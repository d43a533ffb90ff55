/**
 * Multi-cluster declarations beyond the S3 example: service inventories (files as `kubectl get svc -A -o yaml` prints
 * them, and bad ones), trust domains, the root of trust's issuer kinds, failover pairs, and order independence.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import {
  Cluster, Destination, IssuerKind, Mesh, MutualTlsMode, RootOfTrust, RouteAction, RouteTable, ServiceInventory, VirtualDestination,
  VirtualGateway, VirtualMesh, Workspace,
} from '../src';
import { admitted } from './support/multicluster-reader';
import { expectSchemaValid } from './support/schema-gate';
import { objectsOf } from './support/small-mesh';

const KUBECTL_LIST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: { name: reviews, namespace: shop, labels: { app: reviews } }
  spec:
    selector: { app: reviews }
    ports: [{ name: http, port: 9080, protocol: TCP, targetPort: 9080 }]
- apiVersion: v1
  kind: Service
  metadata: { name: kubernetes, namespace: default }
  spec: { ports: [{ name: https, port: 443, protocol: TCP }] }
metadata: { resourceVersion: "" }
`;

function file(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-inventory-'));
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

interface Options {
  readonly inventory?: ServiceInventory;
  /** Clusters whose chart runs the reviews Service (without an inventory). @default ['east'] */
  readonly backends?: string[];
  readonly globalAccessPolicy?: boolean;
  /** Namespace of the gateway's pods. @default 'shop' */
  readonly gatewayNamespace?: string;
  readonly reversed?: boolean;
  readonly regions?: string[];
}

/** Clusters east, west (and more with `regions`) in one virtual mesh; `shop` runs reviews in east (from an inventory or the app). */
function declare(o: Options = {}) {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh');
  const regions = o.regions ?? ['us-east1', 'us-west1'];
  const names = ['east', 'west', 'north'].slice(0, regions.length);
  const order = o.reversed ? [...names.keys()].reverse() : [...names.keys()];
  const clusters = order.map(i => new Cluster(mesh, names[i], {
    network: `${names[i]}-net`,
    trustDomain: names[i],
    locality: { region: regions[i] },
    eastWestGateway: { address: `192.0.2.${i + 1}` },
    inventories: i === 0 && o.inventory ? [o.inventory] : [],
  }));
  for (const cluster of o.inventory ? [] : o.backends ?? ['east']) {
    new ApiObject(mesh.clusterChart(cluster), 'reviews', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'reviews', namespace: 'shop', labels: { app: 'reviews' } },
      spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] },
    });
  }
  new VirtualMesh(mesh, 'vm', {
    clusters: o.reversed ? [...clusters].reverse() : clusters, rootOfTrust: RootOfTrust.certManager(), globalAccessPolicy: o.globalAccessPolicy,
  });
  const shop = new Workspace(mesh, 'shop', { namespaces: ['shop'] });
  const vd = new VirtualDestination(shop, 'reviews', {
    hostname: 'reviews.global',
    ports: [{ number: 9080 }],
    services: [{ labels: { app: 'reviews' } }],
    outlierDetection: { consecutiveErrors: 1, interval: Duration.seconds(5) },
    failover: [{ from: 'us-west1', to: 'us-east1' }],
  });
  const gw = new VirtualGateway(shop, 'gw', {
    workloadSelector: { istio: 'shop' }, workloadNamespace: o.gatewayNamespace ?? 'shop', workloadServiceAccount: 'gw', listeners: [{ port: 80 }],
  });
  const routes = [{ name: 'r', action: RouteAction.forwardTo(Destination.virtualDestination(vd)) }];
  new RouteTable(shop, 'root', { hosts: ['shop.example.com'], gateways: [gw], routes });
  return { app, mesh };
}

describe('service inventories', () => {
  test('a kubectl List file places its Services in the cluster: the virtual destination resolves to them', () => {
    const { app, mesh } = declare({ inventory: ServiceInventory.fromFile(file('east.yaml', KUBECTL_LIST)) });
    expect(mesh.diagnostics).toEqual([]);
    const objects = objectsOf(app);
    const entries = objects.filter(o => o.kind === 'ServiceEntry' && o.metadata.name === 'reviews');
    // One per cluster of the workspace (east, west): east reaches the local Service, west the east–west gateway of east.
    expect(entries.map(e => e.spec.endpoints.map((x: any) => `${x.address}:${Object.values(x.ports ?? {}).join()}`))).toEqual([
      ['reviews.shop.svc.cluster.local:9080'],
      ['192.0.2.1:15443'],
    ]);
    expect(entries[1].spec.endpoints[0]).toMatchObject({ network: 'east-net', locality: 'us-east1' });
    expect(objects.some(o => o.kind === 'Service')).toBe(false);
    expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1'));
  });

  test.each([
    ['a missing file', () => ServiceInventory.fromFile('/nonexistent/east.yaml'), /\/nonexistent\/east\.yaml of cluster "east" cannot be read: no such file/],
    ['a file that is not YAML', () => ServiceInventory.fromFile(file('bad.yaml', 'kind: [unclosed\n')), /bad\.yaml of cluster "east" cannot be read/],
    ['a Service without a name', () => ServiceInventory.fromManifests([{ kind: 'Service', metadata: { namespace: 'shop' }, spec: { ports: [] } }]),
      /service inventory inline of cluster "east" item 0: /],
  ])('%s is MESH701 on the cluster, never a crash, and nothing is written', (_what, inventory, message) => {
    const { app, mesh } = declare({ inventory: inventory() });
    const found = mesh.diagnostics.filter(d => d.code === 'MESH701');
    expect(found.map(d => d.path)).toEqual(['mesh/east']);
    expect(found[0].message).toMatch(message);
    expect(() => app.synthYaml()).toThrow(/MESH701/);
  });
});

describe('virtual meshes', () => {
  test('a member keeping trust domain cluster.local is MESH708: Istio reads cluster.local as every trusted domain', () => {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    const a = new Cluster(mesh, 'a', { network: 'n1', eastWestGateway: { address: '192.0.2.1' } });
    const b = new Cluster(mesh, 'b', { network: 'n2', trustDomain: 'b', eastWestGateway: { address: '192.0.2.2' } });
    new VirtualMesh(mesh, 'vm', { clusters: [a, b] });
    expect(mesh.diagnostics.map(d => [d.code, d.path, d.message])).toEqual([
      ['MESH708', 'mesh/a', expect.stringMatching(/cluster "a" of virtual mesh "vm" keeps trust domain cluster\.local/)],
    ]);
  });

  test('a ClusterIssuer you manage: the Certificate names it and no Issuer is emitted; a root secret with it is MESH713', () => {
    const refused = Testing.app();
    const m = new Mesh(refused, 'mesh');
    new VirtualMesh(m, 'vm', {
      clusters: [new Cluster(m, 'a', { network: 'n1', trustDomain: 'a', eastWestGateway: { address: '192.0.2.1' } })],
      rootOfTrust: RootOfTrust.certManager({ issuerKind: IssuerKind.CLUSTER_ISSUER, rootCaSecretName: 'root' }),
    });
    expect(m.diagnostics.map(x => [x.code, x.path, x.message])).toEqual([['MESH713', 'mesh/vm', expect.stringMatching(/a ClusterIssuer is yours to manage/)]]);
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    const a = new Cluster(mesh, 'a', { network: 'n1', trustDomain: 'a.example', eastWestGateway: { address: 'ew.a.example.com' } });
    new VirtualMesh(mesh, 'vm', {
      clusters: [a],
      mtls: MutualTlsMode.PERMISSIVE,
      rootOfTrust: RootOfTrust.certManager({ issuerKind: IssuerKind.CLUSTER_ISSUER, issuerName: 'corp-ca', duration: Duration.days(90) }),
    });
    const objects = objectsOf(app);
    expect(objects.filter(o => o.kind === 'Issuer')).toEqual([]);
    expect(objects.find(o => o.kind === 'Certificate').spec).toMatchObject({
      secretName: 'cacerts', duration: '2160h', issuerRef: { kind: 'ClusterIssuer', name: 'corp-ca' }, uris: ['spiffe://a.example'],
    });
    expect(objects.find(o => o.kind === 'PeerAuthentication').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1'));
  });

  test('failover pairs: a caller in us-west1 fails over to us-east1 before us-central1; priorities as istiod numbers them', () => {
    const { app, mesh } = declare({ regions: ['us-east1', 'us-west1', 'us-central1'], backends: ['east', 'north'] });
    const rule = objectsOf(app).find(o => o.kind === 'DestinationRule' && o.metadata.name === 'reviews-vd');
    expect(rule.spec.trafficPolicy.loadBalancer).toEqual({ localityLbSetting: { enabled: true, failover: [{ from: 'us-west1', to: 'us-east1' }] } });
    const from = (cluster: string) => mesh.evaluate({ host: 'reviews.global', path: '/', source: { namespace: 'shop', cluster } })
      .endpoints!.map(e => [e.cluster, e.priority]);
    // From west (no local reviews): east is the failover region (raw 3), north another one (raw 4); compacted to 0, 1.
    expect(from('west')).toEqual([['east', 0], ['north', 1]]);
    // From north: its own reviews first, then east (no pair from us-central1: raw 3, compacted to 1).
    expect(from('north')).toEqual([['north', 0], ['east', 1]]);
    expect(from('east')).toEqual([['east', 0], ['north', 1]]);
  });

  test('under a global access policy, a gateway routing to a virtual destination is admitted to its backends, in every cluster it calls', () => {
    const { app } = declare({ globalAccessPolicy: true, backends: ['east'] });
    app.synthYaml();
    const east = app.charts.find(c => c.node.id === 'east')!.toJson();
    const reviews = { namespace: 'shop', labels: { app: 'reviews' } };
    // The gateway of east calls the local reviews; the gateway of west calls it end to end through east's gateway.
    expect(admitted(east, 'istio-system', reviews, 'east/ns/shop/sa/gw', 'shop')).toBe(true);
    expect(admitted(east, 'istio-system', reviews, 'west/ns/shop/sa/gw', 'shop')).toBe(true);
    expect(admitted(east, 'istio-system', reviews, 'east/ns/shop/sa/other', 'shop')).toBe(false);
    expect(admitted(east, 'istio-system', { namespace: 'shop', labels: { app: 'ratings' } }, 'east/ns/shop/sa/gw', 'shop')).toBe(false);
  });

  test('a gateway in the east–west gateway\'s namespace sees one entry for a virtual destination host, never two', () => {
    const { app } = declare({ backends: ['east', 'west'], gatewayNamespace: 'istio-system' });
    app.synthYaml();
    for (const cluster of ['east', 'west']) {
      const objects = app.charts.find(c => c.node.id === cluster)!.toJson();
      const seen = objects.filter((o: any) => o.kind === 'ServiceEntry' && o.spec.hosts.includes('reviews.global')
        && (o.spec.exportTo.includes('istio-system') || (o.spec.exportTo.includes('.') && o.metadata.namespace === 'istio-system')));
      expect(seen.map((o: any) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['shop/reviews']);
    }
  });

  test('the output does not depend on the order clusters and members are declared in', () => {
    const a = declare({});
    const b = declare({ reversed: true });
    expect(b.app.synthYaml()).toBe(a.app.synthYaml());
  });

  test('a chart whose Services run in a cluster: Cluster.charts places them', () => {
    const app = Testing.app();
    const mesh = new Mesh(app, 'mesh');
    const apps = new Chart(app, 'apps');
    new ApiObject(apps, 'svc', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'reviews', namespace: 'shop', labels: { app: 'reviews' } },
      spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] },
    });
    const east = new Cluster(mesh, 'east', { network: 'n1', trustDomain: 'east', eastWestGateway: { address: '192.0.2.1' }, charts: [apps] });
    const west = new Cluster(mesh, 'west', { network: 'n2', trustDomain: 'west', eastWestGateway: { address: '192.0.2.2' } });
    new VirtualMesh(mesh, 'vm', { clusters: [east, west], federation: { hostSuffix: 'mesh' } });
    new Workspace(mesh, 'shop', { namespaces: ['shop'] });
    app.synthYaml();
    const west2 = app.charts.find(c => c.node.id === 'west')!.toJson();
    expect(west2.filter((o: any) => o.kind === 'ServiceEntry').map((o: any) => o.spec.hosts)).toEqual([['reviews.shop.svc.east.mesh']]);
  });
});

describe('what a declaration would write is checked', () => {
  const mesh = () => {
    const app = Testing.app();
    return { app, m: new Mesh(app, 'mesh') };
  };

  test('a private key in a Secret\'s data (base64) is MESH709, as in stringData', () => {
    const { app, m } = mesh();
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n';
    new ApiObject(new Chart(app, 'secrets'), 'tls', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls', namespace: 'shop' },
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64'),
        'tls.key': Buffer.from(pem).toString('base64'),
      },
    });
    expect(m.diagnostics.map(d => [d.code, d.path])).toEqual([['MESH709', 'secrets/tls']]);
  });

  test('inventory Services with a port that is no number, or a name that is no DNS label, are MESH701; UDP ports are not federated', () => {
    const inventory = (ports: any[], name = 'dns') => ServiceInventory.fromManifests([{
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', labels: { app: name } }, spec: { ports },
    }]);
    for (const [ports, name, problem] of [
      [[{ name: 'http' }], 'dns', /port null is not a port number/],
      [[{ port: 'abc' }], 'dns', /port "abc" is not a port number/],
      [[{ port: 53 }], 'Bad_Name', /name "Bad_Name" or namespace "shop" is not a DNS-1123 label/],
    ] as const) {
      const { m } = mesh();
      new Cluster(m, 'east', { inventories: [inventory([...ports], name)] });
      expect(m.diagnostics.map(d => d.message)).toEqual([expect.stringMatching(problem)]);
    }
    const { app, m } = mesh();
    const east = new Cluster(m, 'east', {
      network: 'n1',
      trustDomain: 'east',
      eastWestGateway: { address: '192.0.2.1' },
      inventories: [inventory([
        { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'x', port: 99, protocol: 'UDP' },
      ])],
    });
    const west = new Cluster(m, 'west', { network: 'n2', trustDomain: 'west', eastWestGateway: { address: '192.0.2.2' } });
    new VirtualMesh(m, 'vm', { clusters: [east, west], federation: {} });
    new Workspace(m, 'shop', { namespaces: ['shop'] });
    const entry = objectsOf(app).find(o => o.kind === 'ServiceEntry' && o.spec.endpoints[0].address === '192.0.2.1');
    expect(entry.spec.ports).toEqual([{ name: 'dns-tcp', number: 53 }]);
  });

  test('a virtual destination named like a Kubernetes Service is MESH706 (Istio would prefer the Service)', () => {
    const { app, m } = mesh();
    new ApiObject(new Chart(app, 'apps'), 'svc', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'reviews', namespace: 'shop', labels: { app: 'reviews' } },
      spec: { selector: { app: 'reviews' }, ports: [{ port: 9080 }] },
    });
    const shop = new Workspace(m, 'shop', { namespaces: ['shop'] });
    const services = [{ labels: { app: 'reviews' } }];
    new VirtualDestination(shop, 'vd', { hostname: 'reviews.shop.svc.cluster.local', ports: [{ number: 9080 }], services });
    expect(m.diagnostics.map(d => [d.code, d.message])).toEqual([['MESH706', expect.stringMatching(/which service shop\/reviews claims too/)]]);
  });

  test('east-west gateway, locality, host suffix and namespaces are checked before they are written', () => {
    const { m } = mesh();
    const a = new Cluster(m, 'a', {
      network: 'n1', trustDomain: 'a', locality: { region: 'us/east' }, eastWestGateway: { address: 'https://ew.example.com:443', port: 70000 },
    });
    new VirtualMesh(m, 'vm', { clusters: [a], federation: { hostSuffix: 'Bad Suffix!' }, rootNamespace: 'Istio_System' });
    expect([...new Set(m.diagnostics.map(d => d.code))].sort()).toEqual(['MESH001', 'MESH002', 'MESH004', 'MESH023']);
  });
});
