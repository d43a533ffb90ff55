/**
 * jest matchers for users' own tests of their meshes, from the entry point `cdk8s-mesh/matchers` (not part of the
 * jsii API):
 *
 * ```ts
 * import { meshMatchers } from 'cdk8s-mesh/matchers';
 * expect.extend(meshMatchers);
 *
 * expect(mesh).toRoute({ host: 'api.example.com', path: '/team1/x' }, 'app-1/app-1-default');
 * expect(mesh).toRoute({ host: 'api.example.com', path: '/nope' }, 404);
 * expect(mesh).toHaveDiagnostic('MESH501', { path: 'mesh/ops-team/app-vs-2' });
 * ```
 */
import type { Diagnostic, DiagnosticSeverity, Mesh, RequestProbe, RouteDecision } from '../index';

/**
 * Where a request should go: `namespace/service` (forwarded there, alone or among others), a status (404 for no
 * route, a redirect's or a direct response's status), or parts of the decision that must be equal.
 */
export type ExpectedRoute = string | number | Partial<Pick<RouteDecision, 'outcome' | 'status' | 'routeTable' | 'route' | 'redirect' | 'body'>>;

/** Which diagnostic is expected besides its code. */
export interface ExpectedDiagnostic {
  /** The construct path it is reported at. */
  readonly path?: string;
  /** Its severity: error or warning. */
  readonly severity?: DiagnosticSeverity;
  /** Text or pattern the message contains. */
  readonly message?: string | RegExp;
}

/** What a jest matcher returns. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function describeDecision(d: RouteDecision): string {
  const where = d.routeTable ? ` by route "${d.route}" of ${d.routeTable}` : '';
  switch (d.outcome) {
    case 'FORWARD': return `forwarded to ${d.destinations.map(x => `${x.namespace}/${x.service}:${x.port}`).join(', ')}${where}`;
    case 'REDIRECT': return `redirected (${d.status}) to ${d.redirect}${where}`;
    case 'DIRECT_RESPONSE': return `answered ${d.status}${where}`;
    default: return 'not found (404)';
  }
}

function expectedText(e: ExpectedRoute): string {
  if (typeof e === 'string') return `forwarded to ${e}`;
  if (typeof e === 'number') return `answered ${e}`;
  return `a decision with ${JSON.stringify(e)}`;
}

function meets(d: RouteDecision, e: ExpectedRoute): boolean {
  if (typeof e === 'string') return d.outcome === 'FORWARD' && d.destinations.some(x => `${x.namespace}/${x.service}` === e);
  if (typeof e === 'number') return d.status === e;
  return Object.entries(e).every(([k, v]) => (d as unknown as Record<string, unknown>)[k] === v);
}

const textMatches = (text: string, expected: string | RegExp) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));

const requestText = (r: RequestProbe) => `${r.method ?? 'GET'} ${r.host}${r.path}`;

/** The matchers, for `expect.extend`. */
export const meshMatchers = {
  /** Where `mesh.evaluate(request)` sends the request. */
  toRoute(mesh: Mesh, request: RequestProbe, expected: ExpectedRoute): MatcherResult {
    let decision: RouteDecision;
    try {
      decision = mesh.evaluate(request);
    } catch (e) {
      const error = (e as Error).message;
      const message = () => `expected ${requestText(request)} to be ${expectedText(expected)}, but the mesh does not compile:\n${error}`;
      return { pass: false, message };
    }
    const pass = meets(decision, expected);
    return {
      pass,
      message: () => `expected ${requestText(request)} ${pass ? 'not ' : ''}to be ${expectedText(expected)}; it is ${describeDecision(decision)}`
        + (decision.chain.length > 0 ? `\n  through ${decision.chain.join(' → ')}` : ''),
    };
  },

  /** Whether the mesh reports a diagnostic with `code` (and the given path, severity, message). */
  toHaveDiagnostic(mesh: Mesh, code: string, expected: ExpectedDiagnostic = {}): MatcherResult {
    const found = mesh.diagnostics;
    const matches = (d: Diagnostic) => d.code === code
      && (expected.path === undefined || d.path === expected.path)
      && (expected.severity === undefined || d.severity === expected.severity)
      && (expected.message === undefined || textMatches(d.message, expected.message));
    const pass = found.some(matches);
    const listed = found.length === 0 ? 'none' : found.map(d => `\n  ${d.severity} ${d.code} ${d.path}: ${d.message}`).join('');
    return {
      pass,
      message: () => `expected the mesh ${pass ? 'not ' : ''}to report ${code}${Object.keys(expected).length ? ` ${JSON.stringify(expected)}` : ''}; `
        + `it reports: ${listed}`,
    };
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** Where the mesh sends a request: `namespace/service`, a status, or parts of the decision. */
      toRoute(request: RequestProbe, expected: ExpectedRoute): R;
      /** Whether the mesh reports a diagnostic with this code (and path, severity, message). */
      toHaveDiagnostic(code: string, expected?: ExpectedDiagnostic): R;
    }
  }
}
