/** `cdk8s-mesh graph`: the delegation and attachment graph as Mermaid, DOT or one HTML page. */
import { GraphFormat } from '../../targets/graph/graph-format';
import { DEFAULT_GRAPH_TITLE, renderGraph } from '../../targets/graph/render';
import { analyze } from '../analyze/analyze';
import { Command, Exit, UsageError } from '../command';
import { meshGraph } from '../graph/graph';
import { readSources } from '../input/sources';

export const graphCommand: Command = {
  name: 'graph',
  summary: 'draw gateways → hosts → routes → delegates → destinations as Mermaid, DOT or HTML',
  help: `Usage: cdk8s-mesh graph [options] <file|folder|cdk8s app|->...

Draws the delegation and attachment graph of Istio and Gateway API YAML (or of a cdk8s app's output): gateways, the
hosts they serve, the VirtualServices and HTTPRoutes serving each host, their delegates, and where routes end
(services, redirects, direct responses). Nodes are grouped by workspace (the mesh.cdk8s.io/workspace label) or
namespace.

Options:
  --format <mermaid|dot|html>   output format (default: mermaid); html is one self-contained page
  --title <text>                title of the HTML page (default: cdk8s-mesh graph)
  --gateway-namespace <ns>      where Istio Gateways' proxies run when the input does not tell
  --subfolder <path>            for a cdk8s app: read only this folder of its output
  -h, --help                    show this help

Exit codes: 0 drawn, 2 usage or input error.
`,
  options: {
    'format': { type: 'string', choices: Object.values(GraphFormat) },
    'title': { type: 'string' },
    'gateway-namespace': { type: 'string' },
    'subfolder': { type: 'string' },
  },
  run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('name the YAML files, folders or cdk8s app to draw');
    const objects = readSources(positionals, { stdin: io.stdin, subfolder: values.subfolder as string | undefined });
    const graph = meshGraph(analyze(objects, { gatewayNamespace: values['gateway-namespace'] as string | undefined }).proxies);
    const format = (values.format as GraphFormat | undefined) ?? GraphFormat.MERMAID;
    io.stdout(renderGraph(graph, format, (values.title as string | undefined) ?? DEFAULT_GRAPH_TITLE));
    return Exit.CLEAN;
  },
};
