/**
 * Istio `Gateway`s and `VirtualService`s (networking.istio.io, any version) as istiod reads them: server hosts with
 * their namespace part sanitised (pilot/pkg/model/gateway.go, sanitizeServerHostNamespace), VirtualServices with
 * their gateway names resolved and their delegates merged in.
 */
import { istioAction } from './actions';
import { mergedRoutes } from './delegation';
import { istioMatch, resolveGatewayName } from './matches';
import { Creation, GatewayCfg, HttpRoute, ServerCfg, VirtualServiceCfg } from './model';
import { Findings } from '../findings/finding';
import { SourceObject } from '../input/documents';

/** Whether an object is an Istio networking object of `kind`. */
export const isIstio = (o: SourceObject, kind: string) => o.kind === kind && o.apiVersion.startsWith('networking.istio.io/');

/** When the object was created, if the input says. */
export function creationOf(o: SourceObject, nameFirst: boolean): Creation {
  const stamp = o.body.metadata?.creationTimestamp;
  const time = stamp === undefined || stamp === null ? undefined : Date.parse(String(stamp));
  return { name: o.name, namespace: o.namespace, nameFirst, ...(time !== undefined && !isNaN(time) ? { time } : {}) };
}

/** `sanitizeServerHostNamespace`: `./h` is the gateway's namespace, `*\/h` any namespace; `*\/*` makes the server `*`. */
export function sanitizeServerHosts(hosts: readonly string[], namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const slash = h.indexOf('/');
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const [ns, name] = [h.slice(0, slash), h.slice(slash + 1)];
    if (ns === '*' && name === '*') return ['*'];
    out.push(ns === '.' ? `${namespace}/${name}` : ns === '*' ? name : h);
  }
  return out;
}

const HTTP_PROTOCOLS = ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB'];

/** A server istiod routes HTTP on: plain HTTP, or HTTPS terminated by the proxy (not passthrough). */
function serverOf(o: SourceObject, s: any, i: number): ServerCfg | undefined {
  const protocol = String(s?.port?.protocol ?? 'HTTP').toUpperCase();
  const passthrough = ['PASSTHROUGH', 'AUTO_PASSTHROUGH'].includes(s?.tls?.mode);
  const tls = protocol === 'HTTPS' && !passthrough;
  if (!HTTP_PROTOCOLS.includes(protocol) && !tls) return undefined;
  if (typeof s?.port?.number !== 'number') return undefined;
  return {
    hosts: sanitizeServerHosts((s.hosts ?? []).map(String), o.namespace),
    port: s.port.number,
    protocol,
    tls,
    httpsRedirect: s.tls?.httpsRedirect === true,
    origin: { object: o, field: ['spec', 'servers', i] },
  };
}

/** An Istio Gateway. */
export function istioGateway(o: SourceObject): GatewayCfg {
  const servers = (o.body.spec?.servers ?? []).map((s: any, i: number) => serverOf(o, s, i)).filter((s: ServerCfg | undefined) => s !== undefined);
  const selector = o.body.spec?.selector;
  return {
    key: `${o.namespace}/${o.name}`,
    display: `${o.namespace}/${o.name}`,
    object: o,
    selector: selector && typeof selector === 'object' ? selector : {},
    servers,
    creation: creationOf(o, true),
    gatewayApi: false,
  };
}

/** An Istio VirtualService with hosts (a delegate has none and lives only inside its roots). */
export function istioVirtualService(o: SourceObject, all: ReadonlyMap<string, SourceObject>, findings: Findings): VirtualServiceCfg {
  const spec = o.body.spec ?? {};
  const http: HttpRoute[] = mergedRoutes(o, all, findings).map((r, index) => ({
    name: r.http.name ? String(r.http.name) : `http[${r.origin.field[r.origin.field.length - 1]}]`,
    matches: r.matches.map(m => istioMatch(m.m, r.namespace, m.origin)),
    action: istioAction(r.http, r.namespace),
    origin: r.origin,
    ...(r.via ? { via: r.via } : {}),
    order: [{ rank: index }],
  }));
  const gateways: string[] = Array.isArray(spec.gateways) && spec.gateways.length > 0 ? spec.gateways.map(String) : ['mesh'];
  return {
    key: `${o.namespace}/${o.name}`,
    object: o,
    namespace: o.namespace,
    hosts: (spec.hosts ?? []).map(String),
    gateways: gateways.map(g => resolveGatewayName(g, o.namespace)),
    ...(Array.isArray(spec.exportTo) && spec.exportTo.length > 0 ? { exportTo: spec.exportTo.map(String) } : {}),
    http,
    creation: creationOf(o, true),
    gatewayApi: false,
  };
}
