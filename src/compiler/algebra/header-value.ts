/**
 * Header values are Envoy format strings: `%%` is a literal `%`, `%NAME%` and `%NAME(args)%` are substitutions, and
 * any other `%` makes Envoy refuse the route configuration. istiod's webhook refuses such a VirtualService, and nothing
 * checks a Gateway API HTTPRoute's values before Envoy (Istio's conversion copies them as they are). A port of istiod's
 * check: pkg/config/validation/header_value_validator.go `validateHeaderValue` (itself Envoy's header_parser.cc).
 */

type State = 'literal' | 'name' | 'array' | 'delimiter' | 'string-start' | 'string' | 'args-end' | 'end';

/** The next parser state after `ch` (with `next` the character after it), or an error message. */
function step(state: State, ch: string, next: string | undefined): State | { error: string } | { skip: State } {
  const space = ch === ' ';
  switch (state) {
    case 'literal':
      if (ch !== '%') return state;
      if (next === undefined) return { error: 'ends with an unescaped %' };
      return next === '%' ? { skip: 'literal' } : 'name';
    case 'name':
      return ch === '%' ? 'literal' : ch === '(' ? 'array' : state;
    case 'array':
      return ch === '[' ? 'string-start' : space ? state : 'string';
    case 'delimiter':
      if (ch === ',') return 'string-start';
      return ch === ']' ? 'args-end' : space ? state : { error: 'expects "," or "]" in a %VARIABLE(...)% argument list' };
    case 'string-start':
      return ch === '"' ? 'string' : space ? state : { error: 'expects a quoted argument in a %VARIABLE(...)% argument list' };
    case 'string':
      if (ch === '\\') return next === undefined ? { error: 'ends inside an argument' } : { skip: state };
      return ch === ')' ? 'end' : ch === '"' ? 'delimiter' : state;
    case 'args-end':
      return ch === ')' ? 'end' : space ? state : { error: 'expects ")" after a %VARIABLE(...)% argument list' };
    case 'end':
      return ch === '%' ? 'literal' : space ? state : { error: 'expects "%" after a %VARIABLE(...)% expression' };
  }
}

/** Why Envoy would refuse `value` as a header value format string, if it would (a literal `%` is written `%%`). */
export function headerFormatProblem(value: string): string | undefined {
  let state: State = 'literal';
  for (let i = 0; i < value.length; i++) {
    const r = step(state, value[i], value[i + 1]);
    if (typeof r === 'string') {
      state = r;
    } else if ('error' in r) {
      return r.error;
    } else {
      state = r.skip;
      i++;
    }
  }
  return state === 'literal' ? undefined : 'has an unterminated %VARIABLE% expression (a literal % is written %%)';
}
