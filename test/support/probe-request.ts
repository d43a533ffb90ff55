/** A request as the independent test matchers read it, before normalization. */
export interface ProbeRequest {
  /** `namespace/name` of the gateway object receiving the request. */
  readonly gateway: string;
  readonly host: string;
  /** Path; a `?query` part is read as query parameters. */
  readonly path: string;
  readonly port?: number;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** Namespace of the gateway proxy (its workload), to check the visibility (exportTo) of what it routes to. @default - not checked */
  readonly proxyNamespace?: string;
}

/** A request with defaults applied: path without query, port 80, GET, header names in lower case, query merged. */
export interface NormalizedRequest {
  readonly host: string;
  readonly path: string;
  readonly port: number;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
}

/** Applies the defaults both matchers share. */
export function normalizeRequest(request: ProbeRequest): NormalizedRequest {
  const [path, queryString] = request.path.split('?');
  return {
    host: request.host,
    path,
    port: request.port ?? 80,
    method: request.method ?? 'GET',
    headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    // Envoy reads query parameters raw (no percent-decoding) and takes the first occurrence of a name.
    query: { ...firstRawValues(queryString ?? ''), ...request.query },
  };
}

/** Raw values, the first occurrence of each name winning (Envoy's parseQueryString + getFirstValue). */
function firstRawValues(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const [name, ...rest] = pair.split('=');
    out[name] ??= rest.join('=');
  }
  return out;
}
