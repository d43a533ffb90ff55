import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KnownServiceModel, ServiceRefModel, WeightedDestinationModel } from '../model';
import { keyAsWritten, ReferenceKey } from './reference-key';
import { IExternalServiceRef, IVirtualDestinationRef } from './references';
import { serviceFromManifest, serviceOfConstruct } from './service-inventory';

/** @internal What a destination resolves to, or why it cannot be resolved. */
export interface ResolvedService {
  readonly service?: ServiceRefModel;
  readonly error?: string;
}

/**
 * A Kubernetes service a route forwards to: by name, a cdk8s-plus `Service`, or any cdk8s `ApiObject` of kind Service.
 */
export abstract class Destination {
  /**
   * The service `name` in `namespace`, on `port`.
   * @param name the Service name
   * @param namespace the Service namespace
   * @param port a port the Service exposes (its `port`, not the `targetPort`)
   */
  public static service(name: string, namespace: string, port: number): Destination {
    return new ResolvableDestination(() => ({ service: { name, namespace, port, labels: {} } }));
  }

  /**
   * A cdk8s-plus `Service`, of any cdk8s-plus version (cdk8s-plus-27 to the newest), or any construct whose default
   * child is an `ApiObject` of kind Service. `port` may be left out when the service exposes exactly one port. The
   * service's namespace must be set (on the service or its chart).
   * @param service a cdk8s-plus `Service`, or any construct whose default child is an `ApiObject` of kind Service
   * @param port a port the service exposes (its `port`, not the `targetPort`), default its only port
   */
  public static fromService(service: IConstruct, port?: number): Destination {
    return new ResolvableDestination(() => onPort(serviceOfConstruct(service), port));
  }

  /**
   * Any cdk8s `ApiObject` of kind Service (for example an imported `KubeService`).
   * @param apiObject a v1 `ApiObject` of kind Service whose namespace is set (on it or its chart)
   * @param port a port the service exposes (its `port`, not the `targetPort`), default its only port
   */
  public static fromApiObject(apiObject: ApiObject, port?: number): Destination {
    return new ResolvableDestination(() => onPort(serviceFromManifest(apiObject.node.path, apiObject.toJson()), port));
  }

  /**
   * An external service declared in this mesh. `port` may be left out when it has one port or one HTTP port.
   * Forwarding to another workspace's external service needs it exported as EXTERNAL_SERVICE (and imported).
   * @param service an `ExternalService` of this mesh
   * @param port one of its ports, default its only port or its only HTTP port
   */
  public static external(service: IExternalServiceRef, port?: number): Destination {
    return new ResolvableDestination(key => {
      const p = port ?? service.defaultPort;
      if (p === undefined) return { error: `external service ${service.node.path} has several ports and none is HTTP: name the port` };
      return {
        service: {
          name: service.externalServiceName,
          namespace: service.namespace,
          port: p,
          labels: service.serviceLabels,
          external: { path: key(service, service.node.path), host: service.host },
        },
      };
    });
  }

  /**
   * A virtual destination: a mesh-wide hostname whose endpoints are the backing services of every cluster, the local
   * ones first. `port` may be left out when it has one port. Forwarding to another workspace's virtual destination
   * needs it exported as VIRTUAL_DESTINATION (and imported). The Gateway API target names it as a `backendRef` of kind
   * `Hostname` in group `networking.istio.io`.
   * @param destination a `VirtualDestination` of this mesh
   * @param port one of its ports, default its only port
   */
  public static virtualDestination(destination: IVirtualDestinationRef, port?: number): Destination {
    return new ResolvableDestination(key => {
      const p = port ?? destination.defaultPort;
      if (p === undefined) return { error: `virtual destination ${destination.node.path} has several ports: name the port` };
      return {
        service: {
          name: destination.virtualDestinationName,
          namespace: destination.namespace,
          port: p,
          labels: destination.destinationLabels,
          virtual: { path: key(destination, destination.node.path), host: destination.hostname },
        },
      };
    });
  }

  /**
   * Only the endpoints of the subset `name` of this service: the pods carrying `podLabels` (for example one version).
   * The Istio target emits a `DestinationRule` defining the subset; the Gateway API target cannot express subsets.
   * @param name the subset name (a DNS label)
   * @param podLabels the labels every pod of the subset carries (at least one, in label syntax, no key named `constructor`)
   */
  public withSubset(name: string, podLabels: { [key: string]: string }): Destination {
    return new ResolvableDestination(key => {
      const r = this._resolve(key);
      if (!r.service) return r;
      if (r.service.external) return { error: `external service ${r.service.external.path} has no subsets` };
      if (r.service.virtual) return { error: `virtual destination ${r.service.virtual.path} has no subsets` };
      return { service: { ...r.service, subset: { name, labels: { ...podLabels } } } };
    });
  }

  /**
   * Only the endpoints of this service in cluster `name` of a virtual mesh with federation. From another cluster the
   * requests go to the federated host `<service>.<namespace>.svc.<cluster>.<suffix>` through that cluster's east–west
   * gateway; from `name` itself, to the local service. `withSubset` before or after selects pods of that cluster (the
   * federated host then gets one endpoint per subset, and the home cluster's entry selects the Service's pods). An
   * external service or a virtual destination cannot be pinned to a cluster.
   * @param name the name of a cluster of the virtual mesh
   */
  public inCluster(name: string): Destination {
    return new ResolvableDestination(key => {
      const r = this._resolve(key);
      if (!r.service) return r;
      if (r.service.external) return { error: `external service ${r.service.external.path} runs in no cluster` };
      if (r.service.virtual) return { error: `virtual destination ${r.service.virtual.path} spans clusters; name a service instead` };
      return { service: { ...r.service, cluster: name } };
    });
  }

  /** @internal What the destination names; `key` names the constructs it references (see reference-key.ts). */
  public abstract _resolve(key?: ReferenceKey): ResolvedService;

  /**
   * @internal The destination with its weight, as routes and traffic shifts hold it. Built as one object literal: in
   * V8 (Node 20), keys added to a spread copy give every copy a hidden class of its own, which with one destination
   * per route makes each later read of it slow.
   */
  public _weighted(weight: number, key: ReferenceKey = keyAsWritten): WeightedDestinationModel {
    const r = this._resolve(key);
    if (r.error === undefined) return { service: r.service, weight };
    return r.service === undefined ? { error: r.error, weight } : { service: r.service, error: r.error, weight };
  }
}

class ResolvableDestination extends Destination {
  constructor(private readonly resolver: (key: ReferenceKey) => ResolvedService) {
    super();
  }

  public _resolve(key: ReferenceKey = keyAsWritten): ResolvedService {
    return this.resolver(key);
  }
}

/** The destination of a service found in the app, on `port` (or its only port). */
function onPort(found: { service?: KnownServiceModel; error?: string }, port?: number): ResolvedService {
  const { service, error } = found;
  if (!service) return { error: `destination ${error}` };
  const { name, namespace, labels } = service;
  const ports = service.ports.map(p => p.port);
  if (port === undefined) {
    if (ports.length !== 1) {
      return { error: `destination service ${namespace}/${name} exposes ${ports.length} ports (${ports.join(', ')}): name the port` };
    }
    port = ports[0];
  } else if (ports.length > 0 && !ports.includes(port)) {
    return { error: `destination service ${namespace}/${name} has no port ${port} (it exposes ${ports.join(', ')})` };
  }
  return { service: { name, namespace, port, labels } };
}
