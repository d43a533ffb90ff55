/** Isolation: the data-plane view of tenancy (Sidecars, isolation policies, subsets, external services). */
import { CompileContext } from '../context';
import { Rules } from '../diagnostics/catalogue';
import { Isolation } from '../isolation';
import { Pass } from '../pass';

/** Builds the data-plane view of tenancy; produces `isolation` and `dataPlane`. */
export const isolationPass: Pass = {
  name: 'isolation',
  rules: [Rules.SubsetConflict],
  run(ctx: CompileContext): void {
    const isolation = new Isolation(ctx.model, ctx.get('tenancy'), ctx.get('gateways'), ctx.clusterNames, ctx.diagnostics);
    ctx.put('isolation', isolation);
    ctx.put('dataPlane', {
      sidecars: isolation.sidecars(),
      isolationPolicies: isolation.isolationPolicies(),
      destinationRules: isolation.destinationRules(),
      externalServices: isolation.externalServices(),
    });
  },
};
