/**
 * From the objects read to the configuration istiod holds: Istio gateways and VirtualServices (delegates merged),
 * Gateway API gateways and routes converted, and where each gateway's proxies run.
 */
import { gatewayApiGateways, gatewayApiVirtualServices, isGatewayApi } from './gateway-api';
import { isIstio, istioGateway, istioVirtualService } from './istio';
import { MeshConfig } from './model';
import { cmp } from '../../compiler/algebra/order';
import { Findings } from '../findings/finding';
import { SourceObject } from '../input/documents';

/** Options of the reading. */
export interface ReadOptions {
  /**
   * Where the proxies of an Istio Gateway run when the input has no workload carrying its selector's labels.
   * @default - unknown: the Gateway's own namespace or istio-system (where Istio installs its ingress gateway)
   */
  readonly gatewayNamespace?: string;
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'];

/** Labels of the pods of a workload object. */
function podLabels(o: SourceObject): Record<string, string> | undefined {
  if (!WORKLOADS.includes(o.kind)) return undefined;
  return (o.kind === 'Pod' ? o.body.metadata?.labels : o.body.spec?.template?.metadata?.labels) ?? undefined;
}

/** The namespace of the first workload whose pods an Istio selector selects. */
function proxyNamespace(selector: Readonly<Record<string, string>>, objects: readonly SourceObject[]): string | undefined {
  if (Object.keys(selector).length === 0) return undefined;
  return objects.find(o => {
    const labels = podLabels(o);
    return labels !== undefined && Object.entries(selector).every(([k, v]) => labels[k] === v);
  })?.namespace;
}

/** The configuration of `objects`; findings for what istiod would drop while reading them. */
export function readConfig(objects: readonly SourceObject[], findings: Findings, options: ReadOptions = {}): MeshConfig {
  const namespaces = [...new Set([
    ...objects.map(o => o.namespace),
    ...objects.filter(o => o.kind === 'Namespace').map(o => o.name),
  ])].sort(cmp);
  const virtualServices = objects.filter(o => isIstio(o, 'VirtualService'));
  const byKey = new Map(virtualServices.map(o => [`${o.namespace}/${o.name}`, o]));
  const istioGateways = objects.filter(o => isIstio(o, 'Gateway')).map(istioGateway);
  const proxyNamespaces = new Map<string, readonly string[]>();
  for (const g of istioGateways) {
    const known = proxyNamespace(g.selector ?? {}, objects) ?? options.gatewayNamespace;
    proxyNamespaces.set(g.key, known !== undefined ? [known] : [...new Set([g.object.namespace, 'istio-system'])]);
  }
  const gateways = [...istioGateways, ...objects.filter(o => isGatewayApi(o, 'Gateway')).flatMap(o => gatewayApiGateways(o, namespaces))];
  for (const g of gateways.filter(x => x.gatewayApi)) proxyNamespaces.set(g.key, [g.object.namespace]);
  return {
    gateways,
    virtualServices: [
      ...virtualServices.filter(o => (o.body.spec?.hosts ?? []).length > 0).map(o => istioVirtualService(o, byKey, findings)),
      ...gatewayApiVirtualServices(objects, findings),
    ],
    proxyNamespaces,
    namespaces,
  };
}
