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

/**
 * Whether any string inside `value` holds a PEM private key, in clear or in base64 (walked without copying). An object
 * or array is remembered once it shows an object inside: only such a one can lead back to itself or be costly to walk
 * again, and most (conditions, paths, labels) hold only text.
 */
export function holdsPrivateKey(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value === 'string') return keyIn(value);
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsKeyInside(value, value[i], seen)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (Object.prototype.hasOwnProperty.call(record, key) && (keyIn(key) || holdsKeyInside(record, record[key], seen))) return true;
  }
  return false;
}

/** Whether `child`, found inside `parent`, holds a private key; `parent` is remembered when the child is an object. */
function holdsKeyInside(parent: object, child: unknown, seen: Set<object>): boolean {
  if (typeof child === 'string') return keyIn(child);
  if (typeof child !== 'object' || child === null) return false;
  seen.add(parent);
  return holdsPrivateKey(child, seen);
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
