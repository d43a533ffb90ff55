import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster } from './cluster';
import { ModelBuilder, referenceKeyFrom, touchMesh } from './mesh-scope';
import { Workspace } from './workspace';
import { OutlierDetectionModel, VirtualDestinationModel } from '../model';
import { IVirtualDestinationRef } from '../routing/references';

/** Protocol of a virtual destination port. */
export enum VirtualProtocol {
  /** HTTP/1.1 (and HTTP/2 with prior knowledge). */
  HTTP = 'HTTP',
  /** HTTP/2. */
  HTTP2 = 'HTTP2',
  /** gRPC. */
  GRPC = 'GRPC',
  /** Opaque TCP. */
  TCP = 'TCP',
}

/** A port of a virtual destination. */
export interface VirtualDestinationPort {
  /** The port callers use. */
  readonly number: number;
  /** Protocol. @default VirtualProtocol.HTTP */
  readonly protocol?: VirtualProtocol;
  /** Port name (a DNS label). @default - the protocol in lower case and the number, e.g. `http-9080` */
  readonly name?: string;
  /** The port of the backing services. @default - `number` */
  readonly targetPort?: number;
}

/** Which Services back a virtual destination. */
export interface BackingServices {
  /** The Services carrying all these labels. */
  readonly labels: { [key: string]: string };
  /** Only in this namespace. @default - every namespace */
  readonly namespace?: string;
  /** Only in this cluster. @default - every cluster */
  readonly cluster?: Cluster;
}

/** When an endpoint is ejected from the load-balancing pool (Istio outlier detection). */
export interface OutlierDetection {
  /** Consecutive errors (5xx, gateway errors, connection failures) before ejection. @default 5 */
  readonly consecutiveErrors?: number;
  /** Time between ejection sweeps. @default Duration.seconds(10) */
  readonly interval?: Duration;
  /** Minimum ejection time (grows with each ejection). @default Duration.seconds(30) */
  readonly baseEjectionTime?: Duration;
  /** Maximum share of endpoints ejected, in percent. @default 10 */
  readonly maxEjectionPercent?: number;
}

/** A locality failover pair: callers in region `from` go to region `to` when `from` has no healthy endpoint. */
export interface LocalityFailover {
  /** Region of the callers. */
  readonly from: string;
  /** Region to fail over to. */
  readonly to: string;
}

/** Properties of a {@link VirtualDestination}. */
export interface VirtualDestinationProps {
  /** Name (of its ServiceEntry and DestinationRule). @default - the construct id */
  readonly name?: string;
  /** Namespace of its objects. It decides the owning workspace. @default - the first namespace of the enclosing workspace */
  readonly namespace?: string;
  /** The mesh-wide hostname callers address, e.g. `reviews.global`. */
  readonly hostname: string;
  /** Ports callers use. */
  readonly ports: VirtualDestinationPort[];
  /** The Services backing it, in any cluster. */
  readonly services: BackingServices[];
  /** Virtual IPs callers resolve the hostname to. @default - none: callers need Istio's DNS proxying with address allocation */
  readonly addresses?: string[];
  /** Outlier detection. Istio fails over only with it. @default - none */
  readonly outlierDetection?: OutlierDetection;
  /**
   * Locality-aware load balancing: callers prefer endpoints of their own locality, then fail over (zone, region, then
   * `failover` pairs or any). Needs `outlierDetection`. @default - Istio's default load balancing
   */
  readonly localityFailover?: boolean;
  /** Explicit region failover pairs (with `localityFailover`). @default - Istio's default order */
  readonly failover?: LocalityFailover[];
  /** Labels, for label-scoped workspace exports. @default - none */
  readonly labels?: { [key: string]: string };
}

/**
 * A mesh-wide hostname backed by label-selected Services in several clusters: in each cluster of its workspace a
 * `ServiceEntry` (MESH_INTERNAL) with the local Services first and the other clusters' through their east–west
 * gateways, with locality, and a `DestinationRule` (mutual TLS, outlier detection, locality failover). Usable as a
 * route destination ({@link Destination.virtualDestination}).
 */
export class VirtualDestination extends Construct implements IVirtualDestinationRef {
  /** The virtual destination name. */
  public readonly virtualDestinationName: string;
  /** The namespace (empty when neither set nor implied by a workspace, reported at synth). */
  public readonly namespace: string;
  /** The hostname callers address. */
  public readonly hostname: string;
  /** Labels, for label-scoped workspace exports. */
  public readonly destinationLabels: { [key: string]: string };
  private readonly props: VirtualDestinationProps;

  /**
   * @param scope the workspace owning it (or the mesh, with `namespace` set)
   * @param id the construct id, also the name of its objects unless `name` is set
   * @param props its hostname, ports and backing Services
   */
  constructor(scope: Construct, id: string, props: VirtualDestinationProps) {
    super(scope, id);
    touchMesh(this);
    this.props = props;
    this.virtualDestinationName = props.name ?? id;
    this.namespace = props.namespace ?? Workspace.of(this)?.namespaces[0] ?? '';
    this.hostname = props.hostname;
    this.destinationLabels = { ...(props.labels ?? {}) };
  }

  /** The port a destination uses when it names none: the only port. */
  public get defaultPort(): number | undefined {
    return this.props.ports.length === 1 ? this.props.ports[0].number : undefined;
  }

  /** @internal */
  public _declare(into: ModelBuilder): void {
    into.virtualDestinations.push(this.toModel());
  }

  private toModel(): VirtualDestinationModel {
    const p = this.props;
    const key = referenceKeyFrom(this);
    return {
      path: this.node.path,
      name: this.virtualDestinationName,
      namespace: this.namespace,
      hosts: [p.hostname],
      ports: p.ports.map(x => {
        const protocol = x.protocol ?? VirtualProtocol.HTTP;
        return { number: x.number, protocol, name: x.name ?? `${protocol.toLowerCase()}-${x.number}`, targetPort: x.targetPort ?? x.number };
      }),
      selectors: p.services.map(s => ({
        labels: { ...s.labels }, namespace: s.namespace, cluster: s.cluster && key(s.cluster, s.cluster.clusterName),
      })),
      labels: { ...this.destinationLabels },
      addresses: [...(p.addresses ?? [])],
      outlierDetection: p.outlierDetection && outlierModel(p.outlierDetection),
      localityFailover: (p.localityFailover ?? p.failover !== undefined)
        ? { failover: (p.failover ?? []).map(f => ({ from: f.from, to: f.to })) } : undefined,
    };
  }
}

/** The model of outlier detection settings. */
export function outlierModel(o: OutlierDetection): OutlierDetectionModel {
  return {
    consecutiveErrors: o.consecutiveErrors ?? 5,
    intervalMs: (o.interval ?? Duration.seconds(10)).toMilliseconds({ integral: false }),
    baseEjectionTimeMs: (o.baseEjectionTime ?? Duration.seconds(30)).toMilliseconds({ integral: false }),
    maxEjectionPercent: o.maxEjectionPercent ?? 10,
  };
}
