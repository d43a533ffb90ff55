/**
 * No private key in any manifest: every string the mesh declaration holds (and so every string the targets can emit)
 * is scanned for a PEM private-key block, as are the app's other objects the mesh was told about.
 */
import { MeshModel } from '../../model';
import { Diagnostics, Rules } from '../diagnostics/catalogue';

/** A PEM private-key block header (PKCS#1, PKCS#8, SEC1, OpenSSH, encrypted), as `openssl` and `ssh-keygen` write them. */
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/** Text that may be base64 (a Secret's `data`): long enough to hold a key header, only base64 characters. */
const BASE64 = /^[A-Za-z0-9+/=\s]{40,}$/;

/** Whether `text` holds a PEM private key, as written or base64-encoded (how a Secret's `data` carries it). */
function keyIn(text: string): boolean {
  return PRIVATE_KEY.test(text) || (BASE64.test(text) && PRIVATE_KEY.test(Buffer.from(text, 'base64').toString('latin1')));
}

/** Whether any string inside `value` holds a PEM private key, in clear or in base64. */
export function holdsPrivateKey(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === 'string') return keyIn(value);
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  const items = Array.isArray(value) ? value : [...Object.keys(value), ...Object.values(value)];
  return items.some(x => holdsPrivateKey(x, seen));
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
