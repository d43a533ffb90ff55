/** `cdk8s-mesh explain`: where a request goes, through which routes, and why the earlier ones did not match. */
import { analyze } from '../analyze/analyze';
import { Command, Exit, UsageError } from '../command';
import { readSources } from '../input/sources';
import { routingJson, routingText } from '../output/routing';
import { routeMeshRequest } from '../routing/mesh-request';
import { CliRequest } from '../routing/request';
import { routeRequest, RoutingError } from '../routing/route-request';

/** `name: value` or `name=value` of a --header option. */
function header(text: string): [string, string] {
  const i = text.search(/[:=]/);
  if (i <= 0) throw new UsageError(`--header "${text}" is not "name: value"`);
  return [text.slice(0, i).trim().toLowerCase(), text.slice(i + 1).trim()];
}

/** The request the options describe. */
export function requestOf(values: Readonly<Record<string, unknown>>): CliRequest {
  const host = values.host as string | undefined;
  if (!host) throw new UsageError('--host is required');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new UsageError(`--port ${values.port} is not a port`);
  const path = (values.path as string | undefined) ?? '/';
  return {
    host,
    path: path.startsWith('/') ? path : `/${path}`,
    method: (values.method as string | undefined) ?? 'GET',
    headers: Object.fromEntries(((values.header as string[] | undefined) ?? []).map(header)),
    gateway: values.gateway as string | undefined,
    port,
  };
}

export const explainCommand: Command = {
  name: 'explain',
  summary: 'show where a request goes, through which routes, and why earlier routes did not match',
  help: `Usage: cdk8s-mesh explain [options] --host <host> [--path <path>] <file|folder|cdk8s app|->...

Reads Istio and Gateway API YAML (or runs the cdk8s app of a folder with a cdk8s.yaml, as cdk8s synth does, and
reads what it writes) and routes one request as the gateway proxy would: the virtual host, every route passed with
the condition that did not match, the route taken with its file and line, and what happens. Routes that match too
and that another creation order would put first are named: their answer is order-dependent.

Options:
  --host <host>               the request's host (required)
  --path <path>               the request's path, with an optional ?query (default: /)
  --method <method>           the request's method (default: GET)
  --header <name: value>      a request header (repeatable)
  --gateway <ns/name|name>    the gateway receiving the request (default: the only one)
  --port <port>               the gateway port (default: the gateway's first)
  --source-namespace <ns>     route mesh traffic: a request sent by a workload of this namespace (sidecar)
  --gateway-namespace <ns>    where Istio Gateways' proxies run when the input does not tell
  --subfolder <path>          for a cdk8s app: read only this folder of its output (e.g. istio)
  --format <text|json>        output format (default: text)
  -h, --help                  show this help

Exit codes: 0 routed (whatever the outcome), 1 the answer depends on creation order, 2 usage or input error.
`,
  options: {
    'host': { type: 'string' },
    'path': { type: 'string' },
    'method': { type: 'string' },
    'header': { type: 'string', multiple: true },
    'gateway': { type: 'string' },
    'port': { type: 'string' },
    'source-namespace': { type: 'string' },
    'gateway-namespace': { type: 'string' },
    'subfolder': { type: 'string' },
    'format': { type: 'string', choices: ['text', 'json'] },
  },
  run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('name the YAML files, folders or cdk8s app to read');
    const req = requestOf(values);
    const objects = readSources(positionals, { stdin: io.stdin, subfolder: values.subfolder as string | undefined });
    const { config, proxies } = analyze(objects, { gatewayNamespace: values['gateway-namespace'] as string | undefined });
    let routing;
    try {
      const source = values['source-namespace'] as string | undefined;
      routing = source !== undefined ? routeMeshRequest(config, req, source) : routeRequest(proxies, req);
    } catch (e) {
      if (e instanceof RoutingError) throw new UsageError(e.message);
      throw e;
    }
    io.stdout(values.format === 'json' ? routingJson(req, routing) : routingText(req, routing));
    return routing.alternatives.length > 0 ? Exit.FINDINGS : Exit.CLEAN;
  },
};
