/** Label sets: whether one carries another, and how messages write them. */
import { cmp } from './order';

/** Whether `labels` carries every label of `wanted`. */
export function carries(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/** `{a=1, b=2}`, keys sorted. */
export function labelText(l: Readonly<Record<string, string>>): string {
  return `{${Object.entries(l).sort((a, b) => cmp(a[0], b[0])).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}
