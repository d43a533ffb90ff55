/** Plain string order (code-point), independent of locale: every tie in the library is broken with it. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
