import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { HTTP_FAMILY } from '../compiler/passes/declarations';
import { ExternalServiceModel } from '../model';
import { ModelBuilder, touchMesh } from './mesh-scope';
import { Workspace } from './workspace';
import { IExternalServiceRef } from '../routing/references';
import { RetryPolicy, retryModel } from '../routing/retry-policy';

/** Application protocol of an external service port. */
export enum ExternalProtocol {
  /** Plain HTTP/1.1. */
  HTTP = 'HTTP',
  /** TLS-encrypted HTTP (the mesh passes it through). */
  HTTPS = 'HTTPS',
  /** HTTP/2. */
  HTTP2 = 'HTTP2',
  /** gRPC. */
  GRPC = 'GRPC',
  /** Opaque TLS. */
  TLS = 'TLS',
  /** Opaque TCP. */
  TCP = 'TCP',
}

/** How the proxies find the addresses of an external service. */
export enum ExternalResolution {
  /** Resolve the host (or the endpoints' host names) through DNS at connection time. */
  DNS = 'DNS',
  /** Use the endpoints' IP addresses. */
  STATIC = 'STATIC',
  /** Forward to the address the caller connected to. */
  NONE = 'NONE',
}

/** A port of an external service. */
export interface ExternalPort {
  /** Port number. */
  readonly number: number;
  /** Protocol spoken on the port. @default ExternalProtocol.HTTP */
  readonly protocol?: ExternalProtocol;
  /** Port name (a DNS label). @default - the protocol in lower case and the number, e.g. `http-80` */
  readonly name?: string;
}

/** An address of an external service. */
export interface ExternalEndpoint {
  /** IP address (STATIC resolution) or host name (DNS resolution). */
  readonly address: string;
  /** Port name → port on this endpoint, where it differs from the service port. @default - the service ports */
  readonly ports?: { [portName: string]: number };
}

/** Properties of an {@link ExternalService}. */
export interface ExternalServiceProps {
  /** Name of the external service (and of its ServiceEntry). @default - the construct id */
  readonly name?: string;
  /** Namespace of the service entry. It decides the owning workspace. @default - the first namespace of the enclosing workspace */
  readonly namespace?: string;
  /** The host outside the mesh, as callers address it. */
  readonly host: string;
  /** Ports the host serves. */
  readonly ports: ExternalPort[];
  /** How addresses are found. @default ExternalResolution.DNS */
  readonly resolution?: ExternalResolution;
  /** Explicit endpoints. @default - the host itself */
  readonly endpoints?: ExternalEndpoint[];
  /** Labels, for label-scoped workspace exports. @default - none */
  readonly labels?: { [key: string]: string };
  /** Retries of the calls workloads make to the host (HTTP ports). @default - the data plane's defaults */
  readonly retries?: RetryPolicy;
  /** Timeout of the calls workloads make to the host (HTTP ports). @default - none */
  readonly timeout?: Duration;
}

/**
 * A host outside the mesh (`ServiceEntry`, location MESH_EXTERNAL), visible only to its workspace and the workspaces
 * importing it. It can be a route destination ({@link Destination.external}), and the calls workloads make to it can
 * carry retries and a timeout.
 */
export class ExternalService extends Construct implements IExternalServiceRef {
  /** The external service name. */
  public readonly externalServiceName: string;
  /** The namespace (empty when neither set nor implied by a workspace, reported at synth). */
  public readonly namespace: string;
  /** The external host. */
  public readonly host: string;
  /** Labels, for label-scoped workspace exports. */
  public readonly serviceLabels: { [key: string]: string };
  private readonly props: ExternalServiceProps;
  private readonly scopeWorkspace?: Workspace;

  /**
   * @param scope the workspace owning it (or the mesh, with `namespace` set)
   * @param id the construct id, also the service entry's name unless `name` is set
   * @param props the host, its ports and who may use it
   */
  constructor(scope: Construct, id: string, props: ExternalServiceProps) {
    super(scope, id);
    touchMesh(this);
    this.props = props;
    this.scopeWorkspace = Workspace.of(this);
    this.externalServiceName = props.name ?? id;
    this.namespace = props.namespace ?? this.scopeWorkspace?.namespaces[0] ?? '';
    this.host = props.host;
    this.serviceLabels = { ...(props.labels ?? {}) };
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.externalServices.push(this._toModel());
  }

  private _toModel(): ExternalServiceModel {
    const p = this.props;
    return {
      path: this.node.path,
      name: this.externalServiceName,
      namespace: this.namespace,
      scopeWorkspace: this.scopeWorkspace?.workspaceName,
      host: p.host,
      ports: p.ports.map(x => {
        const protocol = x.protocol ?? ExternalProtocol.HTTP;
        return { number: x.number, protocol, name: x.name ?? `${protocol.toLowerCase()}-${x.number}` };
      }),
      resolution: p.resolution ?? ExternalResolution.DNS,
      endpoints: (p.endpoints ?? []).map(e => ({ address: e.address, ports: { ...(e.ports ?? {}) } })),
      labels: { ...(p.labels ?? {}) },
      retries: p.retries && retryModel(p.retries),
      timeoutMs: p.timeout?.toMilliseconds({ integral: false }),
    };
  }

  /** The port a destination uses when it names none: the only port, or the first HTTP-family one. */
  public get defaultPort(): number | undefined {
    const ports = this._toModel().ports;
    return ports.length === 1 ? ports[0].number : ports.find(x => HTTP_FAMILY.includes(x.protocol))?.number;
  }
}
