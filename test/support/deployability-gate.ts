/**
 * Checks beyond the CRD schemas that istiod and Envoy apply to what the library emits, written from their code and
 * sharing nothing with src/: regexes are RE2, at most 1,024 characters and 32,768 program instructions (istiod
 * validateStringRegexp; Istio's bootstrap re2.max_program_size); no control character in any value (istiod rejects
 * them in headers); int32 fields in range; a route's weights add up to at most 2^32 - 1 (Envoy's uint32 total); and
 * every object fits etcd's 1.5 MiB request limit.
 */
import { RE2JS } from 're2js';

const INT32 = 2 ** 31 - 1;
const ETCD_LIMIT = 1.5 * 1024 * 1024;
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Every regex an object carries: Istio `regex` string matches and Gateway API RegularExpression values. */
function regexesOf(node: any, out: string[] = []): string[] {
  if (Array.isArray(node)) {node.forEach(n => regexesOf(n, out));} else if (node && typeof node === 'object') {
    if (typeof node.regex === 'string') out.push(node.regex);
    if (node.type === 'RegularExpression' && typeof node.value === 'string') out.push(node.value);
    Object.values(node).forEach(n => regexesOf(n, out));
  }
  return out;
}

/** Every string under `node` with its JSON path. */
function stringsOf(node: any, path: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof node === 'string') out.push([path, node]);
  else if (Array.isArray(node)) node.forEach((n, i) => stringsOf(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) stringsOf(v, `${path}.${k}`, out);
  return out;
}

function regexProblems(re: string): string[] {
  if (re.length > 1024) return [`regex of ${re.length} characters`];
  try {
    const size = RE2JS.compile(re).programSize();
    return size > 32_768 ? [`regex program of ${size} instructions`] : [];
  } catch (e) {
    return [`regex ${re.slice(0, 40)} is not RE2: ${(e as Error).message}`];
  }
}

function routeProblems(o: any): string[] {
  const routes: any[] = o.kind === 'VirtualService' ? (o.spec?.http ?? []).map((h: any) => h.route ?? [])
    : o.kind === 'HTTPRoute' ? (o.spec?.rules ?? []).map((r: any) => r.backendRefs ?? []) : [];
  const problems = routes.filter(ds => ds.reduce((sum: number, x: any) => sum + (x.weight ?? 1), 0) > 2 ** 32 - 1).map(() => 'weights past 2^32 - 1');
  for (const h of o.kind === 'VirtualService' ? o.spec?.http ?? [] : []) {
    if (h.retries?.attempts !== undefined && (h.retries.attempts > INT32 || h.retries.attempts < 0)) problems.push('retries.attempts out of int32');
    for (const d of h.route ?? []) if (d.weight !== undefined && (d.weight > INT32 || d.weight < 0)) problems.push('weight out of int32');
  }
  return problems;
}

/** What istiod or Envoy would reject in one object. */
export function deployabilityProblems(o: any): string[] {
  const where = `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
  const size = Buffer.byteLength(JSON.stringify(o));
  return [
    ...regexesOf(o.spec).flatMap(regexProblems),
    ...stringsOf(o.spec, 'spec').filter(([path, v]) => CONTROL.test(v) && !path.endsWith('.body.string'))
      .map(([path]) => `control character at ${path}`),
    ...routeProblems(o),
    ...(size > ETCD_LIMIT ? [`${size} bytes, past etcd's 1.5 MiB`] : []),
  ].map(p => `${where}: ${p}`);
}

/** Asserts that istiod and Envoy would accept every object. */
export function expectDeployable(objects: any[]): void {
  expect(objects.flatMap(deployabilityProblems)).toEqual([]);
}
