import { Construct } from 'constructs';
import { ModelBuilder, referenceKeyFrom, touchMesh } from './mesh-scope';
import { Workspace, WorkspaceSelector } from './workspace';
import { IstioDelegation, MeshTarget } from '../targets/mesh-target';
import { DeclaredGateway } from '../targets/target';

/** Protocols a gateway listener serves. */
export enum ListenerProtocol {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS, terminated at the gateway with the listener's TLS secret. */
  HTTPS = 'HTTPS',
}

/** One port the gateway listens on. */
export interface GatewayListener {
  /** Port number (1–65535). */
  readonly port: number;
  /** Protocol. @default ListenerProtocol.HTTP */
  readonly protocol?: ListenerProtocol;
  /** Only this hostname (wildcards like `*.example.com` allowed). @default - every host of the attached route tables */
  readonly hostname?: string;
  /**
   * Name of the Kubernetes TLS secret holding the certificate (HTTPS only). Istio reads it from the gateway
   * workload's namespace. Never put key material in the manifests: issue it with cert-manager.
   * @default - none (required for HTTPS)
   */
  readonly tlsSecret?: string;
  /** Listener name. @default - `<protocol>-<port>` in lower case */
  readonly name?: string;
}

/** Which route tables may attach to a gateway. */
export interface AllowedRouteTables {
  /** Hosts the tables may serve (wildcards allowed). @default - any host */
  readonly hosts?: string[];
  /**
   * Workspaces whose tables may attach. Tables of another workspace must also be exported to the gateway's
   * workspace (kind ROUTE_TABLE) and imported by it.
   * @default - the gateway's own workspace only
   */
  readonly workspaces?: WorkspaceSelector[];
}

/** Properties of a {@link VirtualGateway}. */
export interface VirtualGatewayProps {
  /** Gateway name. @default - the construct id */
  readonly name?: string;
  /** Namespace of the gateway and of the routing objects it owns. @default - the first namespace of the enclosing workspace */
  readonly namespace?: string;
  /**
   * Labels of the gateway workload (pods) this gateway configures, e.g. `{ istio: 'ingressgateway' }`: Kubernetes label
   * syntax, and no key named `constructor` (MESH023, checked in every output flavour).
   */
  readonly workloadSelector: { [key: string]: string };
  /** Namespace the gateway workload runs in (routing objects are exported to it). @default 'istio-system' */
  readonly workloadNamespace?: string;
  /**
   * Service account of the gateway workload. When set, service isolation admits the gateway by its identity
   * (`<trustDomain>/ns/<namespace>/sa/<account>`) instead of every workload of its namespace. The namespace is
   * `workloadNamespace` with the Istio target, and the gateway's own namespace with the Gateway API target (where Istio
   * deploys the proxies, with the service account `<gateway name>-<gatewayClassName>`).
   * @default - the gateway is admitted by its workload namespace
   */
  readonly workloadServiceAccount?: string;
  /** Listeners (at least one). */
  readonly listeners: GatewayListener[];
  /** Which route tables may attach. @default - tables of the gateway's own workspace, any host */
  readonly allowedRouteTables?: AllowedRouteTables[];
  /** Output flavour of this gateway and its routes. @default - the mesh's target */
  readonly target?: MeshTarget;
  /**
   * GatewayClass of the Gateway API target. The class provisions the gateway workload (Istio's `istio` class deploys
   * one per Gateway), so `workloadSelector` applies to the Istio target only.
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /** How the Istio target emits delegation for this gateway. @default - the mesh's choice */
  readonly istioDelegation?: IstioDelegation;
}

/** An ingress (north–south) gateway: the gateway workloads it configures, its listeners, the route tables it admits. */
export class VirtualGateway extends Construct {
  /** The gateway name. */
  public readonly gatewayName: string;
  /** The gateway namespace (empty when neither set nor implied by a workspace, reported at synth). */
  public readonly namespace: string;
  private readonly props: VirtualGatewayProps;
  private readonly scopeWorkspace?: Workspace;

  /**
   * @param scope the workspace owning it (or the mesh, with `namespace` set)
   * @param id the construct id, also the gateway's name unless `name` is set
   * @param props its proxies (workload selector), listeners and the route tables it admits
   */
  constructor(scope: Construct, id: string, props: VirtualGatewayProps) {
    super(scope, id);
    touchMesh(this);
    this.props = props;
    this.scopeWorkspace = Workspace.of(this);
    this.gatewayName = props.name ?? id;
    this.namespace = props.namespace ?? this.scopeWorkspace?.namespaces[0] ?? '';
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    const { target, istioDelegation, gatewayClassName } = this.props;
    into.gateways.push({ model: this.toModel(), choice: { target, istioDelegation, gatewayClassName } });
  }

  private toModel(): DeclaredGateway {
    const key = referenceKeyFrom(this);
    return {
      path: this.node.path,
      name: this.gatewayName,
      namespace: this.namespace,
      scopeWorkspace: this.scopeWorkspace?.workspaceName,
      workloadLabels: this.props.workloadSelector,
      workloadNamespace: this.props.workloadNamespace ?? 'istio-system',
      workloadServiceAccount: this.props.workloadServiceAccount,
      listeners: this.props.listeners.map(l => {
        const protocol = l.protocol ?? ListenerProtocol.HTTP;
        return { name: l.name ?? `${protocol.toLowerCase()}-${l.port}`, port: l.port, protocol, hostname: l.hostname, tlsSecret: l.tlsSecret };
      }),
      admission: (this.props.allowedRouteTables ?? [{}]).map(a => ({
        hosts: a.hosts ?? [],
        workspaces: (a.workspaces ?? []).map(w => w._toModel(key)),
      })),
    };
  }
}
