/**
 * Checks of CORS and load-balancer values that istiod's validation refuses (pkg/config/validation/validation.go
 * `validateCORSPolicy`, `validateLoadBalancer`; pkg/config/validation/agent/validation.go `ValidateLocalityLbSetting`).
 */
import { CorsModel, LoadBalancerModel } from '../../model';
import { tokenProblem } from '../algebra/syntax';

/** What a check found: the field and what is wrong with it. */
export interface ValueProblem {
  readonly field: string;
  readonly problem: string;
}

/** The methods a CORS policy may allow (validation.go `supportedCORSMethods`). */
const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'];

/** What istiod refuses in a CORS policy. */
export function corsProblems(c: CorsModel): ValueProblem[] {
  const out: ValueProblem[] = [];
  if (c.allowOrigins.length === 0) out.push({ field: 'cors.allowOrigins', problem: 'is empty: no origin would be allowed' });
  if (c.allowOrigins.some(o => o === '')) out.push({ field: 'cors.allowOrigins', problem: 'holds an empty origin' });
  for (const m of c.allowMethods.filter(x => !CORS_METHODS.includes(x))) {
    out.push({ field: 'cors.allowMethods', problem: `holds "${m}", not one of ${CORS_METHODS.join(', ')}` });
  }
  for (const [field, names] of [['cors.allowHeaders', c.allowHeaders], ['cors.exposeHeaders', c.exposeHeaders]] as const) {
    for (const n of names) {
      const problem = tokenProblem(n);
      if (problem) out.push({ field, problem: `holds "${n}", which ${problem}` });
    }
  }
  if (c.maxAgeMs !== undefined && c.maxAgeMs % 1000 !== 0) {
    out.push({
      field: 'cors.maxAge',
      problem: `is ${c.maxAgeMs}ms: istiod accepts whole seconds only ("max_age duration is accurate only to seconds precision")`,
    });
  }
  return out;
}

/** What istiod refuses in a load balancer. */
export function loadBalancerProblems(lb: LoadBalancerModel): ValueProblem[] {
  const out: ValueProblem[] = [];
  const hash = lb.hashOn;
  if (hash && (hash.kind === 'header' || hash.kind === 'cookie' || hash.kind === 'query') && !hash.name) {
    out.push({ field: 'loadBalancer', problem: `hashes on a ${hash.kind} without a name` });
  }
  for (const f of lb.failover ?? []) {
    if (f.from === f.to) out.push({ field: 'loadBalancer.failover', problem: `fails ${f.from} over to itself` });
    if (/[/*]/.test(f.from + f.to)) out.push({ field: 'loadBalancer.failover', problem: `names "${f.from}" → "${f.to}": regions only, no "/" or "*"` });
  }
  return out;
}
