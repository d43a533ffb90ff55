/**
 * The `trafficPolicy` of a DestinationRule: outlier detection, connection pool, client TLS and load balancing, from a
 * virtual destination's own settings and traffic policies (networking/v1 DestinationRule TrafficPolicy).
 */
import {
  DestinationRuleSpecTrafficPolicy, DestinationRuleSpecTrafficPolicyLoadBalancerSimple,
  DestinationRuleSpecTrafficPolicyTlsMode,
} from '../../imports/networking.istio.io';
import { DestinationPolicyModel, LoadBalancerModel, OutlierDetectionModel } from '../../model';
import { formatDuration } from '../durations';

const defined = <T extends object>(o: T): T | undefined => {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(out).length > 0 ? out : undefined;
};
const duration = (ms?: number) => (ms === undefined ? undefined : formatDuration(ms));

function outlier(o: OutlierDetectionModel) {
  return {
    consecutive5xxErrors: o.consecutiveErrors,
    interval: formatDuration(o.intervalMs),
    baseEjectionTime: formatDuration(o.baseEjectionTimeMs),
    maxEjectionPercent: o.maxEjectionPercent,
  };
}

function consistentHash(h: NonNullable<LoadBalancerModel['hashOn']>) {
  switch (h.kind) {
    case 'header': return { httpHeaderName: h.name };
    case 'cookie': return { httpCookie: { name: h.name!, ...(h.ttlMs === undefined ? {} : { ttl: formatDuration(h.ttlMs) }) } };
    case 'sourceIp': return { useSourceIp: true };
    case 'query': return { httpQueryParameterName: h.name };
  }
}

function loadBalancer(lb?: LoadBalancerModel, failover?: ReadonlyArray<{ from: string; to: string }>) {
  const pairs = failover ?? lb?.failover;
  const locality = pairs === undefined ? undefined : {
    enabled: true,
    ...(pairs.length > 0 ? {
      failover: pairs.map(f => ({
        from: f.from,
        to: f.to,
      })),
    } : {}),
  };
  const simple = lb?.kind as DestinationRuleSpecTrafficPolicyLoadBalancerSimple;
  const choice = lb === undefined ? {} : lb.kind === 'CONSISTENT_HASH' ? { consistentHash: consistentHash(lb.hashOn!) } : { simple };
  return defined({ ...choice, localityLbSetting: locality });
}

/**
 * A DestinationRule's traffic policy; undefined when nothing is set. `failover` is a virtual destination's locality
 * failover (an empty list: Istio's default order), which Istio applies only with outlier detection.
 */
export function destinationTrafficPolicy(
  p: DestinationPolicyModel = {}, failover?: ReadonlyArray<{ from: string; to: string }>,
): DestinationRuleSpecTrafficPolicy | undefined {
  const pool = p.connectionPool;
  return defined({
    outlierDetection: p.outlierDetection && outlier(p.outlierDetection),
    connectionPool: pool && defined({
      tcp: defined({ maxConnections: pool.maxConnections, connectTimeout: duration(pool.connectTimeoutMs) }),
      http: defined({
        http1MaxPendingRequests: pool.maxPendingRequests,
        http2MaxRequests: pool.maxRequests,
        maxRequestsPerConnection: pool.maxRequestsPerConnection,
        maxRetries: pool.maxRetries,
        idleTimeout: duration(pool.idleTimeoutMs),
      }),
    }),
    tls: p.tls && defined({ mode: p.tls.mode as DestinationRuleSpecTrafficPolicyTlsMode, credentialName: p.tls.credentialName, sni: p.tls.sni }),
    loadBalancer: loadBalancer(p.loadBalancer, failover),
  });
}
