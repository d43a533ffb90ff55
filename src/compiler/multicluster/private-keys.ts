/**
 * No private key in any manifest: every string the mesh declaration holds (and so every string the targets can emit)
 * is scanned for a PEM private-key block, as are the app's other objects the mesh was told about.
 */
import { MeshModel } from '../../model';
import { Diagnostics, Rules } from '../diagnostics/catalogue';

/** A PEM private-key block header (PKCS#1, PKCS#8, SEC1, OpenSSH, encrypted), as `openssl` and `ssh-keygen` write them. */
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/** The length of the shortest header PRIVATE_KEY matches (`-----BEGIN PRIVATE KEY-----`): shorter text holds none. */
const SHORTEST_HEADER = 27;

/** Text that may be base64 (a Secret's `data`): long enough to hold a key header, only base64 characters. */
const BASE64 = /^[A-Za-z0-9+/=\s]{40,}$/;

/** Whether `text` holds a PEM private key, as written or base64-encoded (how a Secret's `data` carries it). */
function keyIn(text: string): boolean {
  if (text.length < SHORTEST_HEADER) return false;
  return PRIVATE_KEY.test(text) || (BASE64.test(text) && PRIVATE_KEY.test(Buffer.from(text, 'base64').toString('latin1')));
}

/** Objects and arrays with more entries than this are always remembered (see holdsPrivateKey). */
const REMEMBERED_SIZE = 8;

/**
 * Entries a walk that does not remember small objects reads before it gives up: far more than any declaration holds
 * when it is a tree (they all are, unless props share objects or form a cycle); then a walk that remembers every
 * object that could lead back to itself takes over.
 */
const TREE_ENTRIES = 1_000_000;

/**
 * Whether any string inside `value` holds a PEM private key, in clear or in base64. Walked without copying and without
 * recursion (any depth); an object with more than a few entries is read at most once. A tree is walked without
 * remembering its small objects (most of a declaration: routes, conditions, paths, labels); a walk that reads more
 * than a tree could hold (small objects shared, or a cycle) starts again remembering each object holding objects.
 */
export function holdsPrivateKey(value: unknown): boolean {
  return walk(value, false, TREE_ENTRIES) ?? walk(value, true, Infinity)!;
}

/**
 * See holdsPrivateKey: remembering every object holding objects (`all`) or only large ones; undefined once more than
 * `budget` entries were read.
 */
function walk(value: unknown, all: boolean, budget: number): boolean | undefined {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (keyIn(v)) return true;
      continue;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    const before = pending.length;
    let entries = 0;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (stringKey(v[i], pending)) return true;
      entries = v.length;
    } else {
      const record = v as Record<string, unknown>;
      for (const key in record) {
        if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
        if (keyIn(key) || stringKey(record[key], pending)) return true;
        entries++;
      }
    }
    if (entries > REMEMBERED_SIZE || (all && pending.length > before)) seen.add(v);
    budget -= entries + 1;
    if (budget < 0) return undefined;
  }
  return false;
}

/** Whether `child` is a string holding a private key; an object child is left in `pending` to be walked. */
function stringKey(child: unknown, pending: unknown[]): boolean {
  if (typeof child === 'string') return keyIn(child);
  if (typeof child === 'object' && child !== null) pending.push(child);
  return false;
}

/** Reports every declaration, and every other object of the app, that holds a private key. */
export function checkPrivateKeys(model: MeshModel, d: Diagnostics): void {
  const declarations = [
    ...model.clusters, ...model.workspaces, ...model.gateways, ...model.routeTables, ...model.externalServices,
    ...model.accessPolicies, ...model.virtualMeshes, ...model.virtualDestinations, ...model.services,
  ];
  for (const x of declarations) if (holdsPrivateKey(x)) d.report(Rules.PrivateKeyInManifest, x, { subject: x.path });
  for (const path of model.objectsWithPrivateKeys ?? []) d.report(Rules.PrivateKeyInManifest, { path }, { subject: `object ${path}` });
}
