/**
 * The values a traffic policy is made of: fault injection, mirroring, CORS, connection pools, load balancing and
 * client TLS. Each turns into its model (durations in milliseconds) for the compiler.
 */
import { Duration } from 'cdk8s';
import { ClientTlsModel, ConnectionPoolModel, CorsModel, FaultModel, LoadBalancerModel } from '../model';

const ms = (d?: Duration) => d?.toMilliseconds({ integral: false });

/** Delay a share of the requests before forwarding them. */
export interface FaultDelay {
  /** How long each delayed request waits (whole milliseconds, at least 1ms). */
  readonly fixedDelay: Duration;
  /** Share of the requests delayed, in percent (0–100). @default 100 */
  readonly percentage?: number;
}

/** Answer a share of the requests with an error status instead of forwarding them. */
export interface FaultAbort {
  /** The status returned (200–599). */
  readonly httpStatus: number;
  /** Share of the requests aborted, in percent (0–100). @default 100 */
  readonly percentage?: number;
}

/** Fault injection: delays and/or aborts (at least one). */
export interface FaultInjection {
  /** Delay. @default - none */
  readonly delay?: FaultDelay;
  /** Abort. @default - none */
  readonly abort?: FaultAbort;
}

/** The model of a fault injection. */
export function faultModel(f: FaultInjection): FaultModel {
  return {
    delay: f.delay && { fixedDelayMs: ms(f.delay.fixedDelay)!, percentage: f.delay.percentage ?? 100 },
    abort: f.abort && { httpStatus: f.abort.httpStatus, percentage: f.abort.percentage ?? 100 },
  };
}

/** Cross-origin resource sharing, answered by the caller's proxy. */
export interface CorsPolicy {
  /** Allowed origins, exact (for example `https://app.example.com`), or `*`. */
  readonly allowOrigins: string[];
  /** Allowed methods. @default - none */
  readonly allowMethods?: string[];
  /** Allowed request headers. @default - none */
  readonly allowHeaders?: string[];
  /** Response headers the browser may read. @default - none */
  readonly exposeHeaders?: string[];
  /** How long a preflight answer may be cached. @default - not set */
  readonly maxAge?: Duration;
  /** Whether credentials are allowed. @default - not set */
  readonly allowCredentials?: boolean;
}

/** The model of a CORS policy. */
export function corsModel(c: CorsPolicy): CorsModel {
  return {
    allowOrigins: [...c.allowOrigins],
    allowMethods: [...(c.allowMethods ?? [])],
    allowHeaders: [...(c.allowHeaders ?? [])],
    exposeHeaders: [...(c.exposeHeaders ?? [])],
    maxAgeMs: ms(c.maxAge),
    allowCredentials: c.allowCredentials,
  };
}

/** Connection pool limits towards a destination (per caller proxy). */
export interface ConnectionPoolSettings {
  /** Maximum TCP connections. @default - Envoy's default */
  readonly maxConnections?: number;
  /** TCP connect timeout. @default - Envoy's default */
  readonly connectTimeout?: Duration;
  /** Maximum requests queued while waiting for a connection. @default - Envoy's default */
  readonly maxPendingRequests?: number;
  /** Maximum concurrent requests. @default - Envoy's default */
  readonly maxRequests?: number;
  /** Maximum requests per connection (1 disables keep-alive). @default - unlimited */
  readonly maxRequestsPerConnection?: number;
  /** Maximum concurrent retries. @default - Envoy's default */
  readonly maxRetries?: number;
  /** Idle timeout of upstream connections. @default - Envoy's default */
  readonly idleTimeout?: Duration;
}

/** The model of connection pool settings. */
export function connectionPoolModel(c: ConnectionPoolSettings): ConnectionPoolModel {
  return {
    maxConnections: c.maxConnections,
    connectTimeoutMs: ms(c.connectTimeout),
    maxPendingRequests: c.maxPendingRequests,
    maxRequests: c.maxRequests,
    maxRequestsPerConnection: c.maxRequestsPerConnection,
    maxRetries: c.maxRetries,
    idleTimeoutMs: ms(c.idleTimeout),
  };
}

/** A locality failover pair of a load balancer: callers in region `from` fail over to region `to`. */
export interface RegionFailover {
  /** Region of the callers. */
  readonly from: string;
  /** Region they fail over to. */
  readonly to: string;
}

/** How a caller's proxy picks an endpoint of a destination. */
export class LoadBalancer {
  /** Round robin. */
  public static roundRobin(): LoadBalancer {
    return new LoadBalancer({ kind: 'ROUND_ROBIN' });
  }

  /** The endpoint with the fewest active requests (of two picked at random). */
  public static leastRequest(): LoadBalancer {
    return new LoadBalancer({ kind: 'LEAST_REQUEST' });
  }

  /** A random endpoint. */
  public static random(): LoadBalancer {
    return new LoadBalancer({ kind: 'RANDOM' });
  }

  /**
   * Sticky sessions: the same value of header `name` reaches the same endpoint.
   * @param name the request header hashed
   */
  public static consistentHashByHeader(name: string): LoadBalancer {
    return new LoadBalancer({ kind: 'CONSISTENT_HASH', hashOn: { kind: 'header', name } });
  }

  /**
   * Sticky sessions by HTTP cookie `name` (generated with lifetime `ttl` when absent).
   * @param name the cookie hashed
   * @param ttl lifetime of the cookie generated for a request without one, default none: no cookie is generated
   */
  public static consistentHashByCookie(name: string, ttl?: Duration): LoadBalancer {
    return new LoadBalancer({ kind: 'CONSISTENT_HASH', hashOn: { kind: 'cookie', name, ttlMs: ms(ttl) } });
  }

  /** Sticky sessions by the caller's IP address. */
  public static consistentHashBySourceIp(): LoadBalancer {
    return new LoadBalancer({ kind: 'CONSISTENT_HASH', hashOn: { kind: 'sourceIp' } });
  }

  /**
   * Sticky sessions by query parameter `name`.
   * @param name the query parameter hashed
   */
  public static consistentHashByQueryParameter(name: string): LoadBalancer {
    return new LoadBalancer({ kind: 'CONSISTENT_HASH', hashOn: { kind: 'query', name } });
  }

  private constructor(private readonly model: LoadBalancerModel) {}

  /**
   * The same load balancer, preferring the caller's locality and failing over along `pairs` (needs outlier detection).
   * @param pairs region pairs, each from the callers' region to another region
   */
  public withLocalityFailover(pairs: RegionFailover[]): LoadBalancer {
    return new LoadBalancer({ ...this.model, failover: pairs.map(p => ({ from: p.from, to: p.to })) });
  }

  /** @internal */
  public _toModel(): LoadBalancerModel {
    return this.model;
  }
}

/** TLS modes of calls to a destination. */
export enum TlsMode {
  /** Plain text. */
  DISABLE = 'DISABLE',
  /** TLS, server authenticated (for example to an external HTTPS origin). */
  SIMPLE = 'SIMPLE',
  /** TLS with a client certificate from a secret (`credentialName`). */
  MUTUAL = 'MUTUAL',
  /** Istio's mutual TLS with workload certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** Client TLS towards a destination. Certificates come from secrets, never from the manifests. */
export interface ClientTls {
  /** The mode. */
  readonly mode: TlsMode;
  /** Secret (in the caller's namespace) with the client certificate and key (MUTUAL) or CA certificate (SIMPLE). @default - none */
  readonly credentialName?: string;
  /** Server name sent in the TLS handshake. @default - the destination host */
  readonly sni?: string;
}

/** The model of client TLS settings. */
export function clientTlsModel(t: ClientTls): ClientTlsModel {
  return { mode: t.mode, credentialName: t.credentialName, sni: t.sni };
}
