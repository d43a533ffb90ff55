import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { appObjects } from './app-objects';
import { Cluster } from './cluster';
import { GraphFile, meshGraphFiles, writeGraphFiles } from './mesh-graph';
import { MeshGraphOptions } from './mesh-graph-options';
import { createApiObject, reportOutputClashes } from './mesh-output';
import { isDeclaration, markMeshScope, ModelBuilder, referenceKeyFrom } from './mesh-scope';
import { RequestProbe } from './request-probe';
import { compileMesh } from '../compiler/compile';
import { CompiledMesh } from '../compiler/compiled';
import { Diagnostics } from '../compiler/diagnostics/catalogue';
import { Diagnostic, DiagnosticSeverity } from '../compiler/diagnostics/diagnostic';
import { formatDiagnostic } from '../compiler/diagnostics/format';
import { MeshValidationError } from '../compiler/diagnostics/validation-error';
import { decide } from '../compiler/evaluation/decision';
import { decideEastWest } from '../compiler/evaluation/east-west';
import { RouteDecision } from '../compiler/evaluation/route-decision';
import { holdsPrivateKey } from '../compiler/multicluster/private-keys';
import { KnownServiceModel, MeshModel } from '../model';
import { appServices } from '../routing/service-inventory';
import { EmittedObject } from '../targets/emitted';
import { IstioDelegation, MeshTarget } from '../targets/mesh-target';
import { reportOversizedObjects } from '../targets/object-size';
import { emitAll, FlavouredGateway, flavour } from '../targets/registry';

export { MESH_LABELS } from './mesh-output';

/** Properties of a {@link Mesh}. */
export interface MeshProps {
  /** Output flavour. @default MeshTarget.ISTIO */
  readonly target?: MeshTarget;
  /** How the Istio target emits delegation (gateways may choose their own). @default IstioDelegation.FLATTEN */
  readonly istioDelegation?: IstioDelegation;
  /** Name of the implied cluster when no `Cluster` is declared (also its chart's name). @default 'default' */
  readonly defaultClusterName?: string;
  /** DNS domain of the clusters' services. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** How many levels of delegation a route may go through. @default 8 */
  readonly maxDelegationDepth?: number;
  /** Treat warnings as errors. @default false */
  readonly failOnWarnings?: boolean;
  /**
   * Write the mesh's delegation and attachment graph (Mermaid, DOT, HTML) whenever the app synthesizes and the mesh
   * has no error. Nothing is written when it has one. @default no graph
   */
  readonly graph?: MeshGraphOptions;
}

/** The model the constructs declared, with the flavour and options of every gateway. */
interface Declaration {
  readonly model: MeshModel;
  /** Gateway construct path → the flavour emitting it and its options. */
  readonly flavours: ReadonlyMap<string, Omit<FlavouredGateway, 'gateway'>>;
}

/**
 * A compiled mesh with the objects of its targets and every finding of the compiler and the targets. Once the objects
 * are created, neither the compiled mesh nor the emitted objects are kept (the ApiObjects hold what is written): a
 * later `evaluate` compiles the mesh again.
 */
interface Synthesis {
  readonly compiled?: CompiledMesh;
  readonly diagnostics: Diagnostic[];
  readonly objects: EmittedObject[];
}

/**
 * The root of a mesh declaration inside a cdk8s App. It owns the clusters, workspaces, gateways and route tables
 * declared below it and compiles them when the app synthesizes: every rule is checked on every synth path
 * (`cdk8s synth`, `app.synth()`, `app.synthYaml()`, `Testing.synth(chart)`); with an error, a validation error listing
 * all findings is thrown (see `MeshErrors`) and nothing is written. Otherwise the objects of the chosen flavour —
 * Istio (flattened or with native delegation) or Gateway API, per mesh or per gateway — are created in one chart per
 * cluster, named after the cluster, at the top of the App. Every flavour routes every request as {@link Mesh.evaluate}
 * says. No manifest may carry a PEM private key: every string of the declarations, and of the app's other objects, is
 * scanned (MESH709). Compiling takes time in proportion to the routes (see the README's Benchmark).
 */
export class Mesh extends Construct {
  /**
   * The mesh that `scope` belongs to. Throws when it is outside any mesh.
   * @param scope the mesh or any construct below it
   */
  public static of(scope: IConstruct): Mesh {
    const mesh = scope.node.scopes.slice().reverse().find((s): s is Mesh => s instanceof Mesh);
    if (!mesh) {
      throw new Error(`${scope.node.path}: cdk8s-mesh constructs must be declared inside a Mesh (for example new Mesh(app, 'mesh'))`);
    }
    return mesh;
  }

  /** The output flavour. */
  public readonly target: MeshTarget;
  private readonly props: MeshProps;
  private synthesized?: Synthesis;
  private emitted?: ApiObject[];
  /** The files of the graph option, drawn once from the compiled mesh. */
  private graphFiles?: GraphFile[];
  /** Whether synthesis has reported the warnings already (they are reported once). */
  private warned = false;
  private readonly charts = new Map<string, Chart>();

  /**
   * @param scope the app or chart holding the mesh
   * @param id the construct id
   * @param props the output flavour, delegation and validation options
   */
  constructor(scope: Construct, id: string, props: MeshProps = {}) {
    super(scope, id);
    markMeshScope(this);
    this.props = props;
    this.target = props.target ?? MeshTarget.ISTIO;
    if (props.graph?.formats?.length === 0) throw new Error(`${this.node.path}: graph.formats names no format (leave it out for all of them)`);
    this.node.addValidation({ validate: () => this.validateForSynthesis() });
  }

  /** Every error and warning of the mesh as declared so far (compiles if needed, never throws for findings). */
  public get diagnostics(): Diagnostic[] {
    return [...this.synthesize().diagnostics];
  }

  /**
   * Where a request goes, computed from the compiled mesh — through a gateway, or from a workload (`source`) to a
   * virtual destination or federated service. Throws the mesh's validation error (see `MeshErrors`)
   * when the mesh has errors. Use it in tests of your own mesh declarations.
   * @param request the host, path, method, headers and query, and the gateway or workload sending it
   */
  public evaluate(request: RequestProbe): RouteDecision {
    if (request.source) {
      const { namespace, cluster, labels } = request.source;
      return decideEastWest(this.compiled(), { ...request, namespace, cluster, labels });
    }
    // The gateway by identity: one of another mesh or App names a path no gateway of this mesh has, and is refused.
    const gateway = request.gateway && referenceKeyFrom(this)(request.gateway, request.gateway.node.path);
    return decide(this.compiled(), { ...request, gateway });
  }

  /**
   * The chart holding the objects of cluster `name`. A mesh with one cluster declared inside a `Chart` emits into that
   * chart (its labels and namespace apply); otherwise each cluster gets a chart named after it at the top of the App
   * (created if needed). Throws for a name that is not a cluster of the mesh.
   * @param name cluster name, default the implied cluster
   */
  public clusterChart(name?: string): Chart {
    const app = this.node.root;
    if (!(app instanceof App)) throw new Error(`${this.node.path}: a Mesh must be declared in a cdk8s App`);
    const clusters = this.synthesized?.compiled?.clusters ?? this.declaration().model.clusters.map(c => c.name);
    const id = name ?? (clusters.length === 1 ? clusters[0] : this.props.defaultClusterName ?? 'default');
    if (!clusters.includes(id)) {
      throw new Error(`${this.node.path}: "${id}" is not a cluster of this mesh (clusters: ${clusters.join(', ')})`);
    }
    const enclosing = this.node.scopes.slice().reverse().find((c): c is Chart => c instanceof Chart);
    if (enclosing && clusters.length === 1) return enclosing;
    const existing = app.node.tryFindChild(id);
    if (existing instanceof Chart && this.charts.get(id) === existing) return existing;
    if (existing) {
      throw new Error(`${this.node.path}: the App already has a construct named "${id}"; cluster charts are named after clusters `
        + '(rename the cluster or set defaultClusterName)');
    }
    const chart = new Chart(app, id);
    this.charts.set(id, chart);
    return chart;
  }

  /**
   * Compiles the mesh and creates its objects (once). Returns every emitted ApiObject for escape hatches such as
   * `addJsonPatch`. Throws the mesh's validation error (see `MeshErrors`) when the mesh has errors; nothing is
   * created then.
   */
  public apiObjects(): ApiObject[] {
    if (!this.emitted) {
      const charts = new Map<string, Chart>();
      const chartOf = (cluster: string) => charts.get(cluster) ?? charts.set(cluster, this.clusterChart(cluster)).get(cluster)!;
      this.emitted = this.checked().objects.map(o => createApiObject(o, chartOf(o.cluster)));
      // What the ApiObjects do not need is dropped before cdk8s writes them (with many routes, a large part of the heap).
      this.synthesized = { diagnostics: this.synthesized!.diagnostics, objects: [] };
    }
    return [...this.emitted];
  }

  /** @internal called by every mesh construct when it is created or changed */
  public _touch(construct: IConstruct): void {
    if (this.emitted) {
      throw new Error(`${construct.node.path}: the mesh ${this.node.path} was already synthesized; declare everything before synthesis`);
    }
    this.synthesized = undefined;
  }

  /** The compiled mesh, compiled again if it was dropped after the objects were created. */
  private compiled(): CompiledMesh {
    const s = this.checked();
    if (s.compiled) return s.compiled;
    const compiled = compileMesh(this.declaration().model);
    this.synthesized = { ...s, compiled };
    return compiled;
  }

  private checked(): Synthesis {
    const s = this.synthesize();
    const failing = s.diagnostics.some(d => d.severity === DiagnosticSeverity.ERROR || this.props.failOnWarnings);
    if (failing) throw new MeshValidationError([...s.diagnostics], this.props.failOnWarnings);
    return s;
  }

  /**
   * The validation cdk8s runs before writing: creates the objects, reports warnings once, throws on errors; with the
   * graph option, writes the graph once the mesh is known to have no error (drawn before the compiled mesh is dropped).
   */
  private validateForSynthesis(): string[] {
    const graph = this.props.graph;
    const app = this.node.root;
    if (graph && app instanceof App) this.graphFiles ??= meshGraphFiles(this.compiled(), graph, app.outdir);
    this.apiObjects();
    if (!this.warned) this.printWarnings(this.synthesize().diagnostics);
    this.warned = true;
    if (this.graphFiles) writeGraphFiles(this.graphFiles);
    return [];
  }

  /** Compiles the mesh and, when neither the compiler nor the targets' option checks find an error, runs the targets. */
  private synthesize(): Synthesis {
    if (!this.synthesized) {
      const { model, flavours } = this.declaration();
      const compiled = compileMesh(model);
      const all = new Diagnostics();
      compiled.diagnostics.forEach(x => all.add(x));
      for (const g of model.gateways) {
        const f = flavours.get(g.path)!;
        flavour(f.flavour).validate(g, f.options, all);
      }
      const clean = !all.sorted().some(x => x.severity === DiagnosticSeverity.ERROR);
      const served = compiled.gateways.map(gateway => ({ gateway, ...flavours.get(gateway.model.path)! }));
      const objects = clean ? emitAll(compiled, served, all, flavour(this.target).flavour) : [];
      const app = this.node.root;
      if (app instanceof App) reportOutputClashes(objects, app.yamlOutputType, all);
      reportOversizedObjects(objects, all);
      this.synthesized = { compiled, diagnostics: all.sorted(), objects };
    }
    return this.synthesized;
  }

  /** Writes the warnings to stderr, as a compiler does (`CDK8S_MESH_WARNINGS=off` silences them). */
  private printWarnings(diagnostics: readonly Diagnostic[]): void {
    const warnings = diagnostics.filter(x => x.severity === DiagnosticSeverity.WARNING);
    if (warnings.length > 0 && process.env.CDK8S_MESH_WARNINGS !== 'off') {
      process.stderr.write(`cdk8s-mesh: ${warnings.length} warning(s):\n${warnings.map(formatDiagnostic).join('\n')}\n`);
    }
  }

  /** The app's objects (other than the mesh's own) whose manifest holds a PEM private key. */
  private objectsWithPrivateKeys(): string[] {
    const own = new Set<IConstruct>(this.emitted ?? []);
    return this.node.root.node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject && !own.has(c) && holdsPrivateKey(c.toJson()))
      .map(o => o.node.path);
  }

  /**
   * The Services the mesh knows: the app's, each in the clusters whose charts hold it (every cluster when none does),
   * and those of the clusters' inventories.
   */
  private knownServices(): KnownServiceModel[] {
    const clusters = this.node.findAll().filter((c): c is Cluster => c instanceof Cluster);
    const placed = (o: ApiObject) => {
      const chart = Chart.of(o);
      const names = clusters.filter(c => this.charts.get(c.clusterName) === chart || c._places(chart)).map(c => c.clusterName);
      return names.length > 0 ? names.sort() : undefined;
    };
    return [...appServices(this.node.root, placed), ...clusters.flatMap(c => c._inventory().services)];
  }

  /** What the constructs below the mesh declare, with each gateway's flavour resolved and its proxies placed. */
  private declaration(): Declaration {
    const into: ModelBuilder = {
      services: this.knownServices(),
      clusters: [],
      workspaces: [],
      gateways: [],
      routeTables: [],
      externalServices: [],
      accessPolicies: [],
      virtualMeshes: [],
      virtualDestinations: [],
      trafficPolicies: [],
    };
    for (const c of this.node.findAll()) if (isDeclaration(c)) c._declare(into);
    const flavours = new Map<string, Omit<FlavouredGateway, 'gateway'>>();
    const gateways = into.gateways.map(({ model, choice }) => {
      const f = flavour(choice.target ?? this.target);
      const options = {
        istioDelegation: choice.istioDelegation ?? this.props.istioDelegation,
        gatewayClassName: choice.gatewayClassName,
      };
      flavours.set(model.path, { flavour: f.flavour, options });
      return { ...model, proxy: f.proxy(model) };
    });
    const defaultCluster = { path: this.node.path, name: this.props.defaultClusterName ?? 'default', trustDomain: 'cluster.local' };
    const model: MeshModel = {
      ...into,
      objectsWithPrivateKeys: this.objectsWithPrivateKeys(),
      ...appObjects(this.node.root, new Set<IConstruct>(this.emitted ?? [])),
      path: this.node.path,
      clusters: into.clusters.length > 0 ? into.clusters : [defaultCluster],
      gateways,
      maxDelegationDepth: this.props.maxDelegationDepth ?? 8,
      clusterDomain: this.props.clusterDomain ?? 'cluster.local',
    };
    return { model, flavours };
  }
}
