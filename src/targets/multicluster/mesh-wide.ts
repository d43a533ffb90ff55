/**
 * What a virtual mesh gives each member cluster: its east–west gateway, mesh-wide mutual TLS, the deny-all baseline
 * and what stays admitted, and the intermediate CA cert-manager issues under the shared root.
 */
import {
  CompiledAdmission, CompiledEastWestGateway, CompiledIntermediateCa, CompiledMeshWide,
} from '../../compiler/compiled';
import { EmittedObject, perCluster } from '../emitted';
import { dnsName } from '../names';
import { GVK } from './objects';

/**
 * The east–west Gateway: TLS AUTO_PASSTHROUGH, so a peer cluster's sidecar reaches a service by the SNI
 * `outbound_.<port>_.<subset>_.<host>` it sets, end to end in mutual TLS (as Istio's samples/multicluster/expose-services.yaml).
 */
export function eastWestGatewayObjects(g: CompiledEastWestGateway): EmittedObject[] {
  return perCluster(g, GVK.gateway, dnsName([g.name]), {
    selector: { ...g.selector },
    servers: [{ port: { number: g.port, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: [...g.hosts] }],
  });
}

/** The mesh-wide PeerAuthentication (root namespace, no selector). */
export function peerAuthenticationObjects(p: CompiledMeshWide & { mode: string }): EmittedObject[] {
  return perCluster(p, GVK.peerAuthentication, p.name, { mtls: { mode: p.mode } });
}

/** An ALLOW policy without rules in the root namespace: denies every request to every workload of the cluster. */
export function denyAllObjects(p: CompiledMeshWide): EmittedObject[] {
  return perCluster(p, GVK.authorizationPolicy, p.name, {});
}

/** An ALLOW policy admitting every request to the selected workloads, or the listed sources to the namespace. */
export function admissionObjects(a: CompiledAdmission): EmittedObject[] {
  const from = [
    ...(a.sourceNamespaces.length > 0 ? [{ source: { namespaces: [...a.sourceNamespaces] } }] : []),
    ...(a.sourcePrincipals.length > 0 ? [{ source: { principals: [...a.sourcePrincipals] } }] : []),
  ];
  return perCluster(a, GVK.authorizationPolicy, dnsName([a.name]), {
    ...(a.selector ? { selector: { matchLabels: { ...a.selector } } } : {}),
    action: 'ALLOW',
    rules: [from.length > 0 ? { from } : {}],
  });
}

const hours = (h: number) => `${Number(h.toFixed(3))}h`;

/**
 * The cluster's intermediate CA: a cert-manager `Certificate` (isCA) written to the secret `cacerts` in the root
 * namespace, which istiod reads as its plug-in CA — with cert-manager's keys `tls.crt`, `tls.key` and `ca.crt`, which
 * istiod accepts (pilot/pkg/bootstrap/istio_ca.go `detectSigningCABundleAndCRL`: with `tls.crt` present it signs with
 * `tls.crt`/`tls.key` and takes the root from `ca.crt`). With a root secret, the CA `Issuer` over it too. The keys stay
 * in the cluster: no manifest holds one.
 */
export function intermediateCaObjects(ca: CompiledIntermediateCa): EmittedObject[] {
  const r = ca.rootOfTrust;
  const issuer = r.rootSecretName !== undefined ? perCluster(ca, GVK.issuer, r.issuerName, { ca: { secretName: r.rootSecretName } }) : [];
  const certificate = perCluster(ca, GVK.certificate, 'istio-intermediate-ca', {
    secretName: 'cacerts',
    isCA: true,
    commonName: `${ca.cluster} intermediate CA`,
    subject: { organizations: [ca.mesh.name] },
    uris: [`spiffe://${ca.trustDomain}`],
    duration: hours(r.durationHours),
    renewBefore: hours(r.renewBeforeHours),
    privateKey: { algorithm: r.keyAlgorithm, size: r.keySize, rotationPolicy: 'Always' },
    usages: ['cert sign', 'crl sign', 'digital signature', 'key encipherment'],
    issuerRef: { group: 'cert-manager.io', kind: r.issuerKind, name: r.issuerName },
  });
  return [...issuer, ...certificate];
}
