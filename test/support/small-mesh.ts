/**
 * The small mesh most behaviour tests start from: workspace `ops` (namespace `ops`) with gateway `gw` on port 80,
 * and helpers to declare a root table for api.example.com and to read the emitted objects.
 */
import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Destination, Mesh, MeshProps, Route, RouteAction, RouteTable, RouteTableProps, VirtualGateway, Workspace } from '../../src';

/** What `base()` declares. */
export interface Built {
  readonly app: App;
  readonly mesh: Mesh;
  readonly ops: Workspace;
  readonly gw: VirtualGateway;
}

/** A mesh with workspace `ops` and gateway `ops/gw` (HTTP 80). */
export function base(props: MeshProps = {}): Built {
  const app = Testing.app();
  const mesh = new Mesh(app, 'mesh', props);
  const ops = new Workspace(mesh, 'ops', { namespaces: ['ops'] });
  const gw = new VirtualGateway(ops, 'gw', { workloadSelector: { istio: 'ingressgateway' }, listeners: [{ port: 80 }] });
  return { app, mesh, ops, gw };
}

/** Service `name` in `ns` on port 8080. */
export const svc = (name: string, ns = 'ops') => Destination.service(name, ns, 8080);

/** Forward to service `name` in `ns`. */
export const to = (name: string, ns = 'ops') => RouteAction.forwardTo(svc(name, ns));

/** The app's synthesized objects as plain JSON. */
export function objectsOf(app: App): any[] {
  return parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

/** Root table `ops/root` for api.example.com on `ops/gw`. */
export function table(b: Built, routes: Route[], extra: RouteTableProps = {}): RouteTable {
  return new RouteTable(b.ops, 'root', { hosts: ['api.example.com'], gateways: [b.gw], routes, ...extra });
}

/** What `action` throws (undefined when it returns). */
export function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (e) {
    return e;
  }
  return undefined;
}
