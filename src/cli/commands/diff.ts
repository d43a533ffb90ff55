/** `cdk8s-mesh diff`: two outputs compared by behaviour. */
import { analyze } from '../analyze/analyze';
import { Command, Exit, UsageError } from '../command';
import { diffProxies } from '../diff/diff';
import { readSources } from '../input/sources';
import { diffJson, diffText } from '../output/diff';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare two outputs by behaviour: the requests whose destination, redirect, rewrite or status changes',
  help: `Usage: cdk8s-mesh diff [options] <before> <after>

Compares two sets of Istio and Gateway API YAML (files, folders, or cdk8s apps), e.g. the output of main and of a pull
request, by what they do: every request at the boundaries of every match of either side (paths just inside and just
outside each path condition, each header, query and method condition met and broken) is routed through both, and
those whose destination, redirect, rewrite or status changes are listed, grouped by host and by the routes taking
them before and after.

Options:
  --allow                     exit 0 even when requests change
  --gateway-namespace <ns>    where Istio Gateways' proxies run when the input does not tell
  --subfolder <path>          for cdk8s apps: read only this folder of their output (e.g. istio)
  --format <text|json>        output format (default: text)
  -h, --help                  show this help

Exit codes: 0 no request changes (or --allow), 1 requests change, 2 usage or input error.
`,
  options: {
    'allow': { type: 'boolean' },
    'gateway-namespace': { type: 'string' },
    'subfolder': { type: 'string' },
    'format': { type: 'string', choices: ['text', 'json'] },
  },
  run(values, positionals, io) {
    if (positionals.length !== 2) throw new UsageError('name two inputs: <before> <after>');
    const options = { gatewayNamespace: values['gateway-namespace'] as string | undefined };
    // An empty side is a mesh with no routes yet (the first change that adds one).
    const sources = { stdin: io.stdin, subfolder: values.subfolder as string | undefined, allowEmpty: true };
    const [before, after] = positionals.map(p => analyze(readSources([p], sources), options));
    const diff = diffProxies(before.proxies, after.proxies);
    io.stdout(values.format === 'json' ? diffJson(diff) : diffText(diff));
    return diff.changes.length > 0 && values.allow !== true ? Exit.FINDINGS : Exit.CLEAN;
  },
};
