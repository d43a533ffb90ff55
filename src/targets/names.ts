import { createHash } from 'crypto';

/** A short, stable hash of `text` (6 hex characters). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/**
 * A DNS-1123 label built from `parts` joined by `-`: lower-cased, `*` spelled `wildcard`, other invalid characters
 * replaced by `-`, and cut to `max` characters with a hash of the full text only when too long. Deterministic.
 */
export function dnsName(parts: readonly string[], max = 63): string {
  const full = parts.join('-');
  const clean = full.toLowerCase().replace(/\*/g, 'wildcard').replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (clean.length <= max) return clean;
  return `${clean.slice(0, max - 7).replace(/-+$/, '')}-${shortHash(full)}`;
}

/** A label value (≤ 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends) naming `text`. */
export function labelValue(text: string): string {
  const clean = text.replace(/\//g, '.').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (clean.length <= 63) return clean;
  return `${clean.slice(0, 56).replace(/[^A-Za-z0-9]+$/, '')}-${shortHash(text)}`;
}

/**
 * Final names for objects of one kind in one namespace: each item's preferred name, with a hash of its key added
 * where two items would share a name. Deterministic.
 */
export function uniqueNames<T>(items: readonly T[], preferred: (t: T) => string, key: (t: T) => string): Map<T, string> {
  const names = new Map(items.map(t => [t, preferred(t)]));
  const counts = new Map<string, number>();
  for (const n of names.values()) counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const [t, n] of names) if (counts.get(n)! > 1) names.set(t, dnsName([n, shortHash(key(t))]));
  return names;
}
