/**
 * The servers of one proxy port, as istiod's `mergeGateways` (model/gateway.go) merges them: Gateways in creation
 * order, servers in declaration order. Plain-text HTTP servers on a port share one route configuration; each HTTPS
 * server gets its own, chosen by SNI. A TLS server repeating a host already served on the port is dropped
 * (`CheckDuplicates`); a server whose protocol cannot join the port's first server is rejected.
 */
import { pickBySni, sniNames } from './hosts';
import { GatewayCfg, ServerCfg } from './model';

const HTTP_PROTOCOLS = ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB'];

const isHttp = (s: ServerCfg) => HTTP_PROTOCOLS.includes(s.protocol.toUpperCase());
const isPassthrough = (s: ServerCfg) => ['PASSTHROUGH', 'AUTO_PASSTHROUGH'].includes(s.tls?.mode);
/** `IsTLSServer`: TLS settings on a non-HTTP protocol. */
const isTlsServer = (s: ServerCfg) => s.tls !== undefined && s.tls !== null && !isHttp(s);
/** `IsHTTPServer`: HTTP, or HTTPS terminated by the proxy. */
const isHttpServer = (s: ServerCfg) => isHttp(s) || (s.protocol.toUpperCase() === 'HTTPS' && !!s.tls && !isPassthrough(s));

/** The route configurations of a port: one shared (plain text) or one per HTTPS server. */
export interface PortRouting {
  readonly tls: boolean;
  readonly configs: Array<{ readonly servers: ServerCfg[]; readonly sniNames: string[] }>;
}

/** `CheckDuplicates` on the TLS hosts already registered on the port. */
function duplicateTlsHost(s: ServerCfg, known: Map<string, string>): boolean {
  if (!s.tls) return false;
  if (s.hosts.some(h => known.get(h) === (s.bind ?? ''))) return true;
  for (const h of s.hosts) known.set(h, s.bind ?? '');
  return false;
}

/** Merges the servers of `port` from `gateways` (already in creation order). */
export function mergePort(gateways: GatewayCfg[], port: number): PortRouting | undefined {
  const tlsHosts = new Map<string, string>();
  let first: ServerCfg | undefined;
  const plain: ServerCfg[] = [];
  const https: ServerCfg[] = [];
  for (const s of gateways.flatMap(g => g.servers).filter(x => x.port === port)) {
    if (duplicateTlsHost(s, tlsHosts)) continue;
    if (!first) {
      first = s;
      if (isTlsServer(s) && isHttpServer(s)) https.push(s);
      else if (!isTlsServer(s) && isHttp(s)) plain.push(s);
      continue;
    }
    // canMergeProtocols: a plain-text port takes more HTTP servers only; a TLS port takes more HTTPS servers only.
    if (!isTlsServer(first)) {
      if (isHttp(first) && isHttp(s)) plain.push(s);
    } else if (isTlsServer(s) && isHttpServer(s)) {
      https.push(s);
    }
  }
  if (!first) return undefined;
  if (!isTlsServer(first)) return { tls: false, configs: plain.length ? [{ servers: plain, sniNames: [] }] : [] };
  return { tls: true, configs: https.map(s => ({ servers: [s], sniNames: sniNames(s.hosts) })) };
}

/** The servers whose route configuration serves a request for `host` on the port (SNI = host for TLS). */
export function serversFor(routing: PortRouting, host: string): ServerCfg[] | undefined {
  if (!routing.tls) return routing.configs[0]?.servers;
  return pickBySni(routing.configs.map(c => ({ names: c.sniNames, value: c.servers })), host);
}
