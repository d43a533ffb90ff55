import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { TrafficPolicyModel } from '../model';
import { ModelBuilder, referenceKeyFrom, touchMesh } from './mesh-scope';
import { OutlierDetection, outlierModel } from './virtual-destination';
import { Workspace } from './workspace';
import { Destination } from '../routing/destination';
import { RetryPolicy, retryModel } from '../routing/retry-policy';
import { HttpMatcher, matchModels } from '../routing/route';
import { headerChanges, HeaderModifier, WeightedDestination } from '../routing/route-action';
import {
  ClientTls, clientTlsModel, ConnectionPoolSettings, connectionPoolModel, CorsPolicy, corsModel, FaultInjection, faultModel, LoadBalancer,
} from '../routing/traffic-options';
import { sourceScopeModel, WorkloadSelection } from '../routing/workload-selection';

/** A copy of a share of the requests, sent to another destination. Its responses are ignored. */
export interface RequestMirror {
  /** Where the copies go. */
  readonly destination: Destination;
  /** Share of the requests copied, in percent (0–100). @default 100 */
  readonly percentage?: number;
}

/** Properties of a {@link TrafficPolicy}. */
export interface TrafficPolicyProps {
  /** Policy name. @default - the construct id */
  readonly name?: string;
  /** Namespace of the policy. It decides the owning workspace. @default - the first namespace of the enclosing workspace */
  readonly namespace?: string;
  /** The destinations the policy applies to: services, virtual destinations or external services. @default - none */
  readonly destinations?: Destination[];
  /** Also every known Service carrying all these labels (in the policy's workspace). @default - none */
  readonly destinationLabels?: { [key: string]: string };
  /**
   * Only for these callers. A policy of the destination's own workspace applies to every caller by default; a policy of
   * another workspace applies to its own workloads only, and may not select others'. @default - every caller allowed
   */
  readonly sources?: WorkloadSelection;
  /** Only for requests matching one of these. @default - every request */
  readonly matchers?: HttpMatcher[];
  /** Traffic shift: the requests go to these weighted destinations instead (subsets, other clusters). @default - none */
  readonly trafficShift?: WeightedDestination[];
  /** Timeout of the whole request. @default - the data plane's default */
  readonly timeout?: Duration;
  /** Retries. @default - the data plane's default */
  readonly retries?: RetryPolicy;
  /** Fault injection (delays, aborts). @default - none */
  readonly faultInjection?: FaultInjection;
  /** Mirroring. @default - none */
  readonly mirror?: RequestMirror;
  /** CORS. @default - none */
  readonly cors?: CorsPolicy;
  /** Request header changes. @default - none */
  readonly requestHeaders?: HeaderModifier;
  /** Response header changes. @default - none */
  readonly responseHeaders?: HeaderModifier;
  /** Outlier detection (per destination: no `sources` or `matchers`). @default - none */
  readonly outlierDetection?: OutlierDetection;
  /** Connection pool limits (per destination). @default - Envoy's defaults */
  readonly connectionPool?: ConnectionPoolSettings;
  /** Client TLS (per destination). @default - Istio's automatic mutual TLS */
  readonly tls?: ClientTls;
  /** Load balancing (per destination). @default - Istio's default */
  readonly loadBalancer?: LoadBalancer;
}

/**
 * How workloads call some destinations: traffic shift, timeout, retries, faults, mirroring, CORS and header changes
 * (per request, optionally only for some callers and requests), and outlier detection, connection pool, TLS and load
 * balancing (per destination). The Istio output holds exactly one mesh `VirtualService` and one `DestinationRule` per
 * host, merging every policy and east–west route table of that host in a stated order (see the README).
 */
export class TrafficPolicy extends Construct {
  /** The policy name. */
  public readonly policyName: string;
  /** The namespace (empty when neither set nor implied by a workspace, reported at synth). */
  public readonly namespace: string;
  private readonly props: TrafficPolicyProps;
  private readonly scopeWorkspace?: Workspace;

  /**
   * @param scope the workspace owning it (or the mesh, with `namespace` set)
   * @param id the construct id, also the policy's name unless `name` is set
   * @param props the destinations, callers, matchers and the settings it applies
   */
  constructor(scope: Construct, id: string, props: TrafficPolicyProps = {}) {
    super(scope, id);
    touchMesh(this);
    this.props = props;
    this.scopeWorkspace = Workspace.of(this);
    this.policyName = props.name ?? id;
    this.namespace = props.namespace ?? this.scopeWorkspace?.namespaces[0] ?? '';
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.trafficPolicies.push(this.toModel());
  }

  private toModel(): TrafficPolicyModel {
    const key = referenceKeyFrom(this);
    const p = this.props;
    const labels = p.destinationLabels;
    return {
      path: this.node.path,
      name: this.policyName,
      namespace: this.namespace,
      scopeWorkspace: this.scopeWorkspace?.workspaceName,
      targets: {
        destinations: (p.destinations ?? []).map(d => d._resolve(key)),
        selector: labels && { labels: { ...labels } },
      },
      sources: p.sources && sourceScopeModel(p.sources, key),
      matches: matchModels(p.matchers),
      shift: p.trafficShift?.map(d => d.destination._weighted(d.weight ?? 1, key)),
      timeoutMs: p.timeout?.toMilliseconds({ integral: false }),
      retries: p.retries && retryModel(p.retries),
      fault: p.faultInjection && faultModel(p.faultInjection),
      mirror: p.mirror && { destination: p.mirror.destination._weighted(1, key), percentage: p.mirror.percentage ?? 100 },
      cors: p.cors && corsModel(p.cors),
      requestHeaders: headerChanges(p.requestHeaders),
      responseHeaders: headerChanges(p.responseHeaders),
      outlierDetection: p.outlierDetection && outlierModel(p.outlierDetection),
      connectionPool: p.connectionPool && connectionPoolModel(p.connectionPool),
      tls: p.tls && clientTlsModel(p.tls),
      loadBalancer: p.loadBalancer?._toModel(),
    };
  }
}
