/** Runs the `cdk8s-mesh` command line in-process on files written to a temporary folder. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/run';

/** What one invocation printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `args`; `stdin` is what standard input holds. */
export function cli(args: readonly string[], stdin = ''): CliResult {
  let stdout = '';
  let stderr = '';
  const code = run(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; }, stdin: () => stdin });
  return { code, stdout, stderr };
}

/** Writes `files` (relative name → text) into a fresh temporary folder and returns it. */
export function folder(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The 1-based line of the first line of `text` containing `needle` (after line `from`). */
export function lineOf(text: string, needle: string, from = 0): number {
  const i = text.split('\n').findIndex((l, n) => n >= from && l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}

/** The findings of `analyze --format json` on `inputs`. */
export function analyzeJson(...inputs: string[]): { code: number; findings: any[] } {
  const r = cli(['analyze', '--format', 'json', ...inputs]);
  if (r.code === 2) throw new Error(r.stderr);
  return { code: r.code, findings: JSON.parse(r.stdout).findings };
}

/** An Istio Gateway on port 80 for `hosts`, selecting `istio: ingressgateway`. */
export function istioGateway(name: string, namespace: string, hosts: string[], port = 80): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    istio: ingressgateway
  servers:
    - port: { number: ${port}, name: http, protocol: HTTP }
      hosts: [${hosts.map(h => JSON.stringify(h)).join(', ')}]
`;
}

/** What a test VirtualService declares: routes are YAML flow mappings. */
export interface VirtualServiceSpec {
  readonly hosts?: string[];
  readonly gateways?: string[];
  readonly exportTo?: string[];
  readonly http: string[];
}

/** A VirtualService on `gateways` for `hosts` with HTTP routes given as YAML flow mappings. */
export function virtualService(name: string, namespace: string, spec: VirtualServiceSpec): string {
  const list = (key: string, v?: string[]) => (v ? `  ${key}: [${v.map(x => JSON.stringify(x)).join(', ')}]\n` : '');
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${list('hosts', spec.hosts)}${list('gateways', spec.gateways)}${list('exportTo', spec.exportTo)}  http:
${spec.http.map(h => `    - ${h}`).join('\n')}
`;
}
