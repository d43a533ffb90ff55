/**
 * Go duration strings, which istiod parses (golang/protobuf jsonpb reads a Duration with `time.ParseDuration`) and the
 * Istio CRDs check with CEL `duration()`: whole units, e.g. `1500ms`, `30s`, `1h30m`.
 */

/** `ms` milliseconds as a Go duration string. */
export function formatDuration(ms: number): string {
  const millis = ms % 1000;
  const s = (ms - millis) / 1000;
  if (millis !== 0 && ms < 100_000) return `${ms}ms`;
  const seconds = s === 0 ? '' : s < 100_000 ? `${s}s` : hours(s);
  return `${seconds}${millis ? `${millis}ms` : ''}`;
}

/** `s` seconds as hours, minutes and seconds, zero parts left out. */
function hours(s: number): string {
  const h = Math.floor(s / 3600);
  const rest = s % 3600;
  return `${h}h${Math.floor(rest / 60) ? `${Math.floor(rest / 60)}m` : ''}${rest % 60 ? `${rest % 60}s` : ''}`;
}

