/**
 * Regular expressions as Envoy runs them: RE2 (Envoy's `google_re2` engine, envoy source/common/common/regex.h,
 * `CompiledGoogleReMatcher`), always a full match of the whole value, in linear time. Validated and evaluated with
 * re2js, a JavaScript port of RE2 — never JavaScript's own `RegExp`, whose dialect and backtracking differ.
 */
import { RE2JS } from 're2js';

/** istiod rejects longer expressions (pilot/pkg/config/validation/validation.go, validateStringRegexp). */
export const MAX_REGEX_LENGTH = 1024;

/**
 * Envoy rejects a program larger than this; Istio's bootstrap raises `re2.max_program_size.error_level` to 32,768
 * (pkg/bootstrap/config.go). Measured with re2js's compiler, which builds the same instruction program as RE2's.
 */
export const MAX_PROGRAM_SIZE = 32_768;

const compiled = new Map<string, RE2JS>();

/** The compiled expression (cached); throws a syntax error for what RE2 does not accept. */
function compile(re: string): RE2JS {
  let r = compiled.get(re);
  if (!r) {
    r = RE2JS.compile(re);
    compiled.set(re, r);
  }
  return r;
}

/** Whether the whole of `value` matches `re`, as Envoy's `RE2::FullMatch` decides. */
export function regexMatches(re: string, value: string): boolean {
  return compile(re).matches(value);
}

/**
 * Why `re` is not an expression Envoy and istiod accept, or undefined: empty, over 1,024 characters, not RE2 syntax
 * (back-references, look-around and possessive quantifiers included), or a program over 32,768 instructions.
 */
export function regexProblem(re: string): string | undefined {
  if (re.length === 0) return 'is empty';
  if (re.length > MAX_REGEX_LENGTH) return `is ${re.length} characters long (at most ${MAX_REGEX_LENGTH})`;
  let r: RE2JS;
  try {
    r = compile(re);
  } catch (e) {
    return `is not RE2 syntax (${(e as Error).message.replace(/^error parsing regexp: /, '')})`;
  }
  const size = r.programSize();
  if (size > MAX_PROGRAM_SIZE) return `compiles to ${size} RE2 instructions (Envoy accepts at most ${MAX_PROGRAM_SIZE})`;
  return undefined;
}

/** `text` with every RE2 metacharacter escaped, so that the expression matches exactly `text`. */
export function escapeRegex(text: string): string {
  return RE2JS.quote(text);
}
