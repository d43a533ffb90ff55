/**
 * The contract every output target implements. A target turns the compiled mesh into objects; a gateway flavour
 * (Istio, Gateway API) also says which gateways it serves, where their proxies run and which options it reads.
 * Targets never change the compiled mesh: they only read it, and report what they cannot express.
 */
import { CompiledGateway, CompiledMesh } from '../compiler/compiled';
import { Diagnostics } from '../compiler/diagnostics/catalogue';
import { GatewayModel, ProxyModel } from '../model';
import { EmittedObject } from './emitted';

/**
 * The options a gateway (or, by default, its mesh) gives the flavour emitting it; each flavour reads only its own and
 * applies its own default when one is unset.
 */
export interface GatewayTargetOptions {
  /** How the Istio flavour emits delegation: `flatten` (its default) or `native`. */
  readonly istioDelegation?: string;
  /** GatewayClass of the Gateway API flavour (its default: `istio`). */
  readonly gatewayClassName?: string;
}

/** A compiled gateway with the options of the flavour emitting it. */
export interface ServedGateway {
  readonly gateway: CompiledGateway;
  readonly options: GatewayTargetOptions;
}

/** A gateway as declared, before the compiler sees it: everything but where its proxies run. */
export type DeclaredGateway = Omit<GatewayModel, 'proxy'>;

/** Turns a compiled mesh into objects. */
export interface Target {
  /** Short name, e.g. `istio`. */
  readonly name: string;
  /** The kinds it emits, in the order they appear in a cluster's output. */
  readonly kinds: readonly string[];
  /** The objects for `gateways` (the gateways it serves; none for a mesh-wide target), findings into `diagnostics`. */
  emit(mesh: CompiledMesh, gateways: readonly ServedGateway[], diagnostics: Diagnostics): EmittedObject[];
}

/** A target that emits gateways and their routes: one output flavour. */
export interface GatewayFlavour extends Target {
  /** The flavour's value of `MeshTarget`. */
  readonly flavour: string;
  /** The proxies this flavour configures for `gateway`: where they run, their labels, whether they are its own. */
  proxy(gateway: DeclaredGateway): ProxyModel;
  /** Checks the options only this flavour reads, for a gateway it serves. */
  validate(gateway: DeclaredGateway, options: GatewayTargetOptions, diagnostics: Diagnostics): void;
  /** The objects of the mesh's east–west routing (one mesh VirtualService per host and cluster), when it is the mesh's flavour. */
  eastWest(mesh: CompiledMesh): EmittedObject[];
}
