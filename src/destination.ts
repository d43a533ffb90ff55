import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ServiceRefModel } from './compiler/model';

/** @internal What a destination resolves to, or why it cannot be resolved. */
export interface ResolvedService {
  readonly service?: ServiceRefModel;
  readonly error?: string;
}

/**
 * A Kubernetes service a route forwards to: by name, a cdk8s-plus `Service`, or any cdk8s `ApiObject` of kind Service.
 */
export abstract class Destination {
  /** The service `name` in `namespace`, on `port`. */
  public static service(name: string, namespace: string, port: number): Destination {
    return new ResolvableDestination(() => ({ service: { name, namespace, port, labels: {} } }));
  }

  /**
   * A cdk8s-plus-27 `Service`. `port` may be left out when the service exposes exactly one port.
   * The service's namespace must be set (on the service or its chart).
   */
  public static fromService(service: kplus.Service, port?: number): Destination {
    return new ResolvableDestination(() => fromManifest(service.node.path, ApiObject.of(service).toJson(), port));
  }

  /** Any cdk8s `ApiObject` of kind Service (for example an imported `KubeService`). */
  public static fromApiObject(apiObject: ApiObject, port?: number): Destination {
    return new ResolvableDestination(() => fromManifest(apiObject.node.path, apiObject.toJson(), port));
  }

  /** @internal */
  public abstract _resolve(): ResolvedService;
}

class ResolvableDestination extends Destination {
  constructor(private readonly resolver: () => ResolvedService) {
    super();
  }

  public _resolve(): ResolvedService {
    return this.resolver();
  }
}

function fromManifest(path: string, manifest: any, port?: number): ResolvedService {
  if (manifest?.kind !== 'Service' || manifest?.apiVersion !== 'v1') {
    return { error: `destination ${path} is a ${manifest?.apiVersion}/${manifest?.kind}, not a v1 Service` };
  }
  const { name, namespace, labels } = manifest.metadata ?? {};
  if (!namespace) {
    return { error: `destination service ${path} has no namespace: set it on the service or on its chart` };
  }
  const ports: number[] = (manifest.spec?.ports ?? []).map((p: any) => Number(p.port));
  if (port === undefined) {
    if (ports.length !== 1) {
      return { error: `destination service ${namespace}/${name} exposes ${ports.length} ports (${ports.join(', ')}): name the port` };
    }
    port = ports[0];
  } else if (ports.length > 0 && !ports.includes(port)) {
    return { error: `destination service ${namespace}/${name} has no port ${port} (it exposes ${ports.join(', ')})` };
  }
  return { service: { name, namespace, port, labels: labels ?? {} } };
}
