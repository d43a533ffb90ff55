/**
 * Duration strings: Go durations, which istiod parses (golang/protobuf jsonpb reads a Duration with
 * `time.ParseDuration`) and the Istio CRDs check with CEL `duration()`; the Gateway API accepts only GEP-2257's
 * `^([0-9]{1,5}(h|m|s|ms)){1,4}$` (e.g. `1500ms`, `30s`, `1h30m`), which `isGatewayApiDuration` tells.
 */
export { formatDuration } from '../compiler/algebra/durations';

/** Whether the Gateway API's duration pattern accepts `text` (at most 5 digits per unit: under 100,000 hours). */
export function isGatewayApiDuration(text: string): boolean {
  return /^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(text);
}
