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

/** Objects and arrays with more entries than this are remembered even when they hold only text (see holdsPrivateKey). */
const REMEMBERED_SIZE = 8;

/**
 * Whether any string inside `value` holds a PEM private key, in clear or in base64. Walked without copying and without
 * recursion (any depth), each object at most once where it matters: one holding objects (only such a one can lead back
 * to itself) or more than a few entries is remembered; a small one holding only text (conditions, paths, labels — most
 * of a declaration) may be read again where it is shared.
 */
export function holdsPrivateKey(value: unknown): boolean {
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
    if (pending.length > before || entries > REMEMBERED_SIZE) seen.add(v);
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
