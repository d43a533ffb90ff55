/**
 * What istiod reads from Istio objects for one gateway proxy: the proxy runs the pods selected by the named
 * Gateway's selector; every Gateway whose selector is a subset of those labels applies; VirtualServices with hosts,
 * their delegates merged in.
 */
import { mergeDelegates } from './delegates';
import { sanitizeServerHosts } from './hosts';
import { GatewayCfg, ProxyView, VirtualServiceCfg } from './model';
import { byCreation, CreationOrder, metaOf } from './order';
import { resolveGatewayName } from './routes';

const isIstio = (o: any, kind: string) => o?.kind === kind && /^networking\.istio\.io\//.test(o.apiVersion ?? '');

function gatewayOf(o: any): GatewayCfg {
  const meta = metaOf(o);
  const key = `${meta.namespace}/${meta.name}`;
  return {
    meta,
    selector: o.spec?.selector,
    servers: (o.spec?.servers ?? []).filter((s: any) => s.port).map((s: any) => ({
      gateway: key,
      hosts: sanitizeServerHosts(s.hosts ?? [], meta.namespace),
      port: s.port.number,
      protocol: s.port.protocol ?? 'HTTP',
      portName: s.port.name,
      tls: s.tls ?? undefined,
      bind: s.bind,
    })),
  };
}

/** Each root VirtualService with its delegates merged, built once (emitted objects never change). */
const merged = new WeakMap<any, any[]>();

function virtualServiceOf(o: any, all: any[]): VirtualServiceCfg {
  const meta = metaOf(o);
  const http = merged.get(o) ?? merged.set(o, mergeDelegates(o, all)).get(o)!;
  return {
    meta,
    hosts: o.spec.hosts,
    gateways: (o.spec.gateways?.length ? o.spec.gateways : ['mesh']).map((g: string) => resolveGatewayName(g, meta.namespace)),
    exportTo: o.spec.exportTo,
    http,
  };
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

/** The proxy that receives requests for Istio Gateway `namespace/name`. */
export function istioProxyView(objects: any[], gateway: string, proxyNamespace: string | undefined, order: CreationOrder): ProxyView {
  const [ns, name] = gateway.split('/');
  const named = objects.find(o => isIstio(o, 'Gateway') && o.metadata.namespace === ns && o.metadata.name === name);
  if (!named) throw new Error(`no Gateway ${gateway} in the emitted objects`);
  const labels: Record<string, string> = { ...(named.spec?.selector ?? {}) };
  const compare = byCreation(order);
  const gateways = objects.filter(o => isIstio(o, 'Gateway')).map(gatewayOf)
    .filter(g => selects(g.selector, labels)).sort((a, b) => compare(a.meta, b.meta));
  const virtualServices = objects.filter(o => isIstio(o, 'VirtualService') && o.spec?.hosts?.length)
    .map(o => virtualServiceOf(o, objects)).sort((a, b) => compare(a.meta, b.meta));
  return { gateways, virtualServices, labels, namespace: proxyNamespace };
}
