/**
 * The registry of targets: the gateway flavours and the mesh-wide data plane, in output order. `Mesh` loops over it;
 * adding a target means adding its folder and one entry here (plus its `MeshTarget` value when it is a flavour).
 */
import { cmp } from '../compiler/algebra/order';
import { CompiledMesh } from '../compiler/compiled';
import { dataPlaneTarget } from './data-plane/data-plane-target';
import { EmittedObject } from './emitted';
import { gatewayApiTarget } from './gateway-api/gateway-api-target';
import { istioTarget } from './istio/istio-target';
import { multiclusterTarget } from './multicluster/multicluster-target';
import { GatewayFlavour, ServedGateway, Target } from './target';
import { Diagnostics, Note, related, Rules } from '../compiler/diagnostics/catalogue';

/** The gateway flavours, by `MeshTarget` value. */
export const FLAVOURS: readonly GatewayFlavour[] = [istioTarget, gatewayApiTarget];

/** Every target, in output order. */
export const TARGETS: readonly Target[] = [...FLAVOURS, dataPlaneTarget, multiclusterTarget];

/** The flavour of a `MeshTarget` value. */
export function flavour(name: string): GatewayFlavour {
  const found = FLAVOURS.find(f => f.flavour === name);
  if (!found) throw new Error(`cdk8s-mesh: unknown target "${name}" (known: ${FLAVOURS.map(f => f.flavour).join(', ')})`);
  return found;
}

/** Kinds in output order: each target's kinds, in registry order, each kind once. */
const KIND_ORDER = [...new Set(TARGETS.flatMap(t => t.kinds))];

/** A gateway with the flavour that emits it. */
export interface FlavouredGateway extends ServedGateway {
  readonly flavour: string;
}

/**
 * Runs every target over the compiled mesh, and the mesh's flavour (`MeshTarget` value) over its east–west routing;
 * objects sorted by cluster, kind, namespace and name.
 */
export function emitAll(mesh: CompiledMesh, gateways: readonly FlavouredGateway[], d: Diagnostics, meshFlavour: string): EmittedObject[] {
  const served = (t: Target) => ('flavour' in t ? gateways.filter(g => g.flavour === (t as GatewayFlavour).flavour) : []);
  const objects = [...TARGETS.flatMap(t => t.emit(mesh, served(t), d)), ...flavour(meshFlavour).eastWest(mesh)];
  reportNameClashes(objects, d);
  return objects.sort((a, b) => cmp(a.cluster, b.cluster)
    || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || cmp(a.kind, b.kind)
    || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

/** Two emitted objects with one name (for example an external service named like a gateway's VirtualService) are an error. */
function reportNameClashes(objects: readonly EmittedObject[], d: Diagnostics): void {
  const seen = new Map<string, EmittedObject>();
  for (const o of objects) {
    const key = `${o.cluster}|${o.kind}|${o.namespace}|${o.name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, o);
    } else {
      d.report(Rules.ObjectNameClash, o.sources[0], { kind: o.kind, namespace: o.namespace, name: o.name, first: first.sources[0] },
        [related(first.sources[0], Note.otherSource)]);
    }
  }
}
