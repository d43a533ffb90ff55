/**
 * The shapes the independent readers work on: Istio `Gateway` servers and `VirtualService`s as istiod holds them after
 * reading (or, for Gateway API, after converting) the objects. Plain data, no behaviour.
 */
import { CreationMeta } from './order';

/** One `Gateway.spec.servers[]` entry, hosts already sanitised (`./h`, `*\/h`, `*\/*`). */
export interface ServerCfg {
  /** `namespace/name` of the Gateway that declares it. */
  readonly gateway: string;
  readonly hosts: string[];
  readonly port: number;
  readonly protocol: string;
  readonly portName?: string;
  readonly tls?: any;
  readonly bind?: string;
}

/** An Istio `Gateway` (or a Gateway API listener converted to one). */
export interface GatewayCfg {
  readonly meta: CreationMeta;
  /** `spec.selector`; undefined selects every gateway workload. */
  readonly selector?: Record<string, string>;
  readonly servers: ServerCfg[];
}

/** A VirtualService bound to gateways, after delegate merging (Istio) or conversion (Gateway API). */
export interface VirtualServiceCfg {
  readonly meta: CreationMeta;
  readonly hosts: string[];
  /** Resolved `namespace/name` of each gateway. */
  readonly gateways: string[];
  readonly exportTo?: string[];
  /** `spec.http` (delegates merged in). */
  readonly http: any[];
  /** Produced from Gateway API HTTPRoutes: prefixes become path-separated prefixes, bucket order differs. */
  readonly gatewayApi?: boolean;
}

/** What istiod knows when it builds the configuration of one gateway proxy. */
export interface ProxyView {
  /** Gateways in creation order (only those selecting the proxy). */
  readonly gateways: GatewayCfg[];
  /** VirtualServices in creation order. */
  readonly virtualServices: VirtualServiceCfg[];
  /** Labels of the proxy's pods. */
  readonly labels: Record<string, string>;
  /** Namespace of the proxy's pods; undefined: every VirtualService is visible. */
  readonly namespace?: string;
}

/** Envoy string matcher. */
export type StringMatcher =
  | { readonly kind: 'exact' | 'prefix' | 'regex'; readonly value: string; readonly ignoreCase?: boolean }
  | { readonly kind: 'present' };

/** Envoy `RouteMatch` as istiod builds it. */
export interface EnvoyMatch {
  readonly path: { readonly kind: 'prefix' | 'exact' | 'regex' | 'pathSeparatedPrefix'; readonly value: string; readonly ignoreCase: boolean };
  readonly headers: Array<{ readonly name: string; readonly matcher: StringMatcher; readonly invert: boolean }>;
  readonly query: Array<{ readonly name: string; readonly matcher: StringMatcher }>;
  /** JWT claim (dynamic metadata) matchers: never satisfied by a probe. */
  readonly claims: number;
}

/** One Envoy route: its match and the Istio HTTP route it came from. */
export interface EnvoyRoute {
  readonly match: EnvoyMatch;
  readonly http: any;
  readonly vs: VirtualServiceCfg;
}

/** One Envoy virtual host. */
export interface VirtualHost {
  readonly domain: string;
  readonly routes: EnvoyRoute[];
  requireTls: boolean;
}
