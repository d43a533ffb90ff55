/**
 * Duration strings both targets accept: Istio's protobuf durations and Gateway API's GEP-2257 form
 * (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`), e.g. `1500ms`, `30s`, `1h30m`.
 */
export function formatDuration(ms: number): string {
  if (ms % 1000 !== 0) return ms < 100_000 ? `${ms}ms` : `${Math.floor(ms / 1000)}s${ms % 1000}ms`;
  const s = ms / 1000;
  if (s < 100_000) return `${s}s`;
  const h = Math.floor(s / 3600);
  const rest = s % 3600;
  return `${h}h${Math.floor(rest / 60) ? `${Math.floor(rest / 60)}m` : ''}${rest % 60 ? `${rest % 60}s` : ''}`;
}
