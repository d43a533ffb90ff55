/** How findings and explanations name routes and matches: by the objects and fields users wrote. */
import { objectName } from './finding';
import { describeMatch, EffectiveMatch } from '../../compiler/algebra/match';
import { ValueCondition } from '../../model';
import { HttpRoute } from '../config/model';

/** `route "name" of VirtualService ns/vs` (with the root it was delegated from), or `rule 2 of HTTPRoute ns/route`. */
export function routeSubject(route: HttpRoute): string {
  const o = route.origin;
  if (o.object.kind === 'HTTPRoute') return `rule ${o.field[2]} of ${objectName(o)}`;
  const own = `route "${route.name}" of ${objectName(o)}`;
  return route.via ? `${own} (delegated from ${objectName(route.via)})` : own;
}

/** A match in words, e.g. `prefix /team1 && header x-user exact "a" && without header x-debug`. */
export function matchText(effective: EffectiveMatch, without: readonly ValueCondition[] = []): string {
  const not = without.map(w => `without header ${w.name}${w.kind === 'present' ? '' : ` ${w.kind} "${w.value}"`}`);
  return [describeMatch(effective), ...not].join(' && ');
}
