/** Services the mesh knows: Kubernetes Services of the app, and hosts outside the mesh. */
import { RetryModel } from './actions';
import { SourceRef } from './source-ref';

/** A port of a Kubernetes Service. */
export interface ServicePortModel {
  readonly port: number;
  /** Port name (Services with several ports name each). */
  readonly name?: string;
  /** `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
  /** The Service's `appProtocol`, when set. */
  readonly appProtocol?: string;
  /** The pods' port: a number or a container port name (Kubernetes' default: `port`). */
  readonly targetPort?: number | string;
}

/**
 * A Kubernetes Service the mesh knows: declared in the cdk8s app or read from a cluster's inventory (its pods are
 * selected by `selector`).
 */
export interface KnownServiceModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pod selector; undefined for services without one. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortModel[];
  /** Clusters it runs in; undefined: every cluster of the mesh. */
  readonly clusters?: readonly string[];
  /** The inventory file it was read from, if it was. */
  readonly inventory?: string;
}

/** Application protocols of an external service port. */
export type ExternalProtocol = 'HTTP' | 'HTTPS' | 'HTTP2' | 'GRPC' | 'TLS' | 'TCP';

/** A port of an external service. */
export interface ExternalPortModel {
  readonly number: number;
  readonly name: string;
  readonly protocol: ExternalProtocol;
}

/** An endpoint of an external service. */
export interface ExternalEndpointModel {
  readonly address: string;
  /** Port name → endpoint port. */
  readonly ports: Readonly<Record<string, number>>;
}

/** A host outside the mesh, as declared. */
export interface ExternalServiceModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  readonly scopeWorkspace?: string;
  readonly host: string;
  readonly ports: readonly ExternalPortModel[];
  readonly resolution: 'DNS' | 'STATIC' | 'NONE';
  readonly endpoints: readonly ExternalEndpointModel[];
  readonly labels: Readonly<Record<string, string>>;
  /** Policy on the calls workloads make to the host. */
  readonly retries?: RetryModel;
  readonly timeoutMs?: number;
}
