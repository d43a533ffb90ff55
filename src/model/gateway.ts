/** Virtual gateways: listeners and which route tables they admit. */
import { SourceRef } from './source-ref';
import { WorkspaceSelectorModel } from './workspace';

/**
 * The proxies a gateway configures. An Istio `Gateway` configures every gateway pod whose labels include its selector,
 * in any namespace (istio/istio pilot/pkg/model/push_context.go, mergeGateways); Istio deploys dedicated proxies for each
 * Gateway API `Gateway`.
 */
export interface ProxyModel {
  /** Namespace the proxies run in (service isolation admits them from there; VirtualServices are exported to it). */
  readonly namespace: string;
  /** Labels selecting the proxies (Istio), or the labels Istio gives a Gateway API gateway's own pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** The proxies serve this gateway only (Gateway API); otherwise any gateway selecting the same pods shares them. */
  readonly dedicated: boolean;
  /**
   * What the server of a listener without hostname names (its TLS server names): the gateway's outermost hosts (Istio
   * `Gateway`), or any host (Gateway API, whose listener without hostname matches every SNI).
   */
  readonly hostlessServerNames: 'outermost-hosts' | 'any-host';
}

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
  /** The proxies the gateway configures with its output flavour. */
  readonly proxy: ProxyModel;
  /** Service account of the gateway workload, when known (admitted by principal instead of namespace). */
  readonly workloadServiceAccount?: string;
  readonly listeners: readonly ListenerModel[];
  readonly admission: readonly AdmissionRuleModel[];
}
