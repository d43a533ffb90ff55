/** Virtual gateways: listeners and which route tables they admit. */
import { SourceRef } from './source-ref';
import { WorkspaceSelectorModel } from './workspace';

/** One listener of a virtual gateway. */
export interface ListenerModel {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly hostname?: string;
  readonly tlsSecret?: string;
}

/** Which route tables a gateway admits. */
export interface AdmissionRuleModel {
  /** Hosts admitted (wildcards allowed); empty = any host. */
  readonly hosts: readonly string[];
  /** Workspaces admitted; empty = the gateway's own workspace only. */
  readonly workspaces: readonly WorkspaceSelectorModel[];
}

/** A virtual gateway as declared. */
export interface GatewayModel {
  readonly path: string;
  /** Where it was declared, for diagnostics; absent: the construct at `path`. */
  readonly source?: SourceRef;
  readonly name: string;
  readonly namespace: string;
  readonly scopeWorkspace?: string;
  readonly workloadLabels: Readonly<Record<string, string>>;
  readonly workloadNamespace: string;
  /**
   * Namespace the gateway's proxies run in with the gateway's output flavour: the workload namespace (Istio), or the
   * gateway's own namespace, where Istio deploys the proxies of a Gateway API `Gateway`.
   */
  readonly proxyNamespace: string;
  /** Service account of the gateway workload, when known (admitted by principal instead of namespace). */
  readonly workloadServiceAccount?: string;
  readonly listeners: readonly ListenerModel[];
  readonly admission: readonly AdmissionRuleModel[];
}
