import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KnownServiceModel, ServicePortModel } from '../model';

/** A DNS-1123 label: what Kubernetes accepts as a Service name and namespace. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Why a Service manifest's metadata or ports cannot be used, if they cannot. */
function manifestProblem(path: string, metadata: any, spec: any): string | undefined {
  const { name, namespace, labels } = metadata ?? {};
  if (typeof name !== 'string' || name === '') return `service ${path} has no name`;
  if (!namespace) return `service ${path} has no namespace: set it on the service or on its chart`;
  if (!DNS_LABEL.test(name) || typeof namespace !== 'string' || !DNS_LABEL.test(namespace)) {
    return `service ${path}: name "${name}" or namespace "${namespace}" is not a DNS-1123 label`;
  }
  if (labels !== undefined && (typeof labels !== 'object' || Object.values(labels).some(v => typeof v !== 'string'))) {
    return `service ${path}: labels must map names to strings`;
  }
  const bad = (Array.isArray(spec?.ports) ? spec.ports : []).find((p: any) => !Number.isInteger(p?.port) || p.port < 1 || p.port > 65535);
  return bad ? `service ${name}.${namespace}: port ${JSON.stringify(bad?.port ?? null)} is not a port number (1–65535)` : undefined;
}

/** The ports of a Service manifest's spec. */
function portsOf(spec: any): ServicePortModel[] {
  const ports: any[] = Array.isArray(spec?.ports) ? spec.ports : [];
  return ports.map(p => ({
    port: Number(p?.port),
    name: typeof p?.name === 'string' ? p.name : undefined,
    protocol: typeof p?.protocol === 'string' ? p.protocol : 'TCP',
    appProtocol: typeof p?.appProtocol === 'string' ? p.appProtocol : undefined,
    targetPort: typeof p?.targetPort === 'number' || typeof p?.targetPort === 'string' ? p.targetPort : undefined,
  }));
}

/** The service a v1 Service manifest describes, or why it cannot be used. @internal */
export function serviceFromManifest(path: string, manifest: any): { service?: KnownServiceModel; error?: string } {
  if (manifest?.kind !== 'Service' || manifest?.apiVersion !== 'v1') {
    return { error: `${path} is a ${manifest?.apiVersion}/${manifest?.kind}, not a v1 Service` };
  }
  const problem = manifestProblem(path, manifest.metadata, manifest.spec);
  if (problem) return { error: problem };
  const { name, namespace, labels } = manifest.metadata;
  const selector = manifest.spec?.selector;
  return {
    service: {
      path,
      name,
      namespace,
      labels: labels ?? {},
      selector: selector ? { ...selector } : undefined,
      ports: portsOf(manifest.spec),
    },
  };
}

/**
 * The service a construct declares: an `ApiObject` of kind Service, or a construct whose default child is one — a
 * cdk8s-plus `Service` of any version (27 to the newest) — or why it cannot be used. @internal
 */
export function serviceOfConstruct(construct: IConstruct): { service?: KnownServiceModel; error?: string } {
  const apiObject = construct instanceof ApiObject ? construct
    : construct.node.defaultChild instanceof ApiObject ? construct.node.defaultChild : undefined;
  if (!apiObject) return { error: `${construct.node.path} is not a Service: neither an ApiObject nor a construct whose default child is one` };
  return serviceFromManifest(construct.node.path, apiObject.toJson());
}

/**
 * Every v1 Service of the cdk8s app `root` that has a namespace (cdk8s-plus Services and plain ApiObjects), each with
 * the clusters `clustersOf` places it in (undefined: every cluster). @internal
 */
export function appServices(root: IConstruct, clustersOf: (o: ApiObject) => string[] | undefined = () => undefined): KnownServiceModel[] {
  return root.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Service' && c.apiVersion === 'v1')
    .flatMap(o => {
      const service = serviceFromManifest(o.node.path, o.toJson()).service;
      return service ? [{ ...service, clusters: clustersOf(o) }] : [];
    });
}
