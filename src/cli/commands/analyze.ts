/** `cdk8s-mesh analyze`: checks existing Istio and Gateway API YAML. */
import { analyze } from '../analyze/analyze';
import { Command, Exit, UsageError } from '../command';
import { AnalyzerRules } from '../findings/rules';
import { readSources } from '../input/sources';
import { findingsJson, findingsText } from '../output/findings';
import { findingsSarif } from '../output/sarif';
import { packageVersion } from '../version';

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'check existing Istio and Gateway API YAML for lost, shadowed and order-dependent routes',
  help: `Usage: cdk8s-mesh analyze [options] <file|folder|cdk8s app|->...

Reads Istio (networking.istio.io) and Gateway API (gateway.networking.k8s.io) objects from YAML or JSON files,
folders (searched recursively), a cdk8s app (a folder with a cdk8s.yaml: synthesized as cdk8s synth does, then its
output read) or standard input ("-"); multi-document files and "kind: List" exports are read object by object. An
input with no object at all, or a YAML mapping with a key twice (which kubectl refuses), is an input error.

Reports, with file, line and column: routes whose order creation time decides, routes shadowed across
VirtualServices, duplicate matches, a second mesh VirtualService for a host, missing or unexported delegates,
delegate routes istiod drops, cross-namespace backends and mirrors without a ReferenceGrant, hosts a Gateway does
not serve, and exportTo hiding a VirtualService from its gateway. The istioctl analyze code of the same problem is
named where there is one.

Options:
  --format <text|json|sarif>   output format (default: text)
  --gateway-namespace <ns>     where Istio Gateways' proxies run when no workload in the input carries their
                               selector labels (default: the Gateway's namespace or istio-system)
  --fail-on <warning|error>    lowest severity that makes the exit code 1 (default: warning)
  --subfolder <path>           for a cdk8s app folder (with a cdk8s.yaml, run as cdk8s synth runs it): read only
                               this folder of its output
  -h, --help                   show this help

Exit codes: 0 no findings, 1 findings, 2 usage or input error.
`,
  options: {
    'format': { type: 'string', choices: ['text', 'json', 'sarif'] },
    'gateway-namespace': { type: 'string' },
    'fail-on': { type: 'string', choices: ['warning', 'error'] },
    'subfolder': { type: 'string' },
  },
  run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('name at least one file or folder to analyze, or "-" for standard input');
    const objects = readSources(positionals, { stdin: io.stdin, subfolder: values.subfolder as string | undefined });
    const { findings } = analyze(objects, { gatewayNamespace: values['gateway-namespace'] as string | undefined });
    const format = (values.format as string | undefined) ?? 'text';
    if (format === 'json') io.stdout(findingsJson(findings, objects.length));
    else if (format === 'sarif') io.stdout(findingsSarif(findings, Object.values(AnalyzerRules), packageVersion()));
    else io.stdout(findingsText(findings, objects.length));
    const failing = values['fail-on'] === 'error' ? findings.filter(f => f.severity === 'error') : findings;
    return failing.length > 0 ? Exit.FINDINGS : Exit.CLEAN;
  },
};
