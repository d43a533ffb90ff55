import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AccessPolicy } from './access-policy';
import { Cluster } from './cluster';
import { cmp, Diagnostics, Note, related, Rules } from '../compiler/diagnostics/catalogue';
import { compileMesh } from '../compiler/compile';
import { CompiledMesh } from '../compiler/compiled';
import { tableRef } from '../compiler/passes/delegation';
import { describeChain, evaluate } from '../compiler/evaluation/evaluate';
import { serviceFqdn } from '../compiler/passes/isolation';
import { MeshModel } from '../model';
import { Diagnostic, DiagnosticSeverity } from '../compiler/diagnostics/diagnostic';
import { formatDiagnostic } from '../compiler/diagnostics/format';
import { ExternalService } from './external-service';
import { IstioDelegation, MeshTarget } from '../targets/mesh-target';
import { RequestProbe, RouteDecision, RouteOutcome } from '../compiler/evaluation/route-decision';
import { RouteTable } from './route-table';
import { appServices } from './service-inventory';
import { EmittedObject } from '../targets/emitted';
import { gatewayApiObjects } from '../targets/gateway-api/gateway-api-target';
import { isolationObjects } from '../targets/data-plane/isolation-objects';
import { istioObjects } from '../targets/istio/istio-target';
import { labelValue } from '../targets/names';
import { MeshValidationError } from '../compiler/diagnostics/validation-error';
import { VirtualGateway } from './virtual-gateway';
import { Workspace } from './workspace';

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
}

/** Label keys and annotations put on every emitted object. */
export const MESH_LABELS = {
  /** Marks objects managed by cdk8s-mesh. */
  MANAGED_BY: 'app.kubernetes.io/managed-by',
  /** The workspace owning the object. */
  WORKSPACE: 'mesh.cdk8s.io/workspace',
  /** The construct that produced the object (label-safe form of its path). */
  CONSTRUCT: 'mesh.cdk8s.io/construct',
  /** Annotation: the full construct path of the producing construct. */
  CONSTRUCT_PATH: 'mesh.cdk8s.io/construct-path',
  /** Annotation: every construct contributing to the object (comma-separated paths). */
  SOURCES: 'mesh.cdk8s.io/sources',
};

const KIND_ORDER = ['Gateway', 'VirtualService', 'HTTPRoute', 'ReferenceGrant', 'ServiceEntry', 'DestinationRule', 'Sidecar', 'AuthorizationPolicy'];

/** A compiled mesh with the objects of its targets and every finding of the compiler and the targets. */
interface Synthesis {
  readonly compiled: CompiledMesh;
  readonly diagnostics: Diagnostic[];
  readonly objects: EmittedObject[];
}

/**
 * The root of a mesh declaration inside a cdk8s App. It owns the clusters, workspaces, gateways and route tables
 * declared below it and compiles them when the app synthesizes: every rule is checked on every synth path
 * (`cdk8s synth`, `app.synth()`, `app.synthYaml()`, `Testing.synth(chart)`); with an error, a validation error listing
 * all findings is thrown (see {@link MeshErrors}) and nothing is written. Otherwise the objects of the chosen flavour —
 * Istio (flattened or with native delegation) or Gateway API, per mesh or per gateway — are created in one chart per
 * cluster, named after the cluster, at the top of the App. Every flavour routes every request as {@link Mesh.evaluate}
 * says.
 */
export class Mesh extends Construct {
  /** The mesh that `scope` belongs to; throws when it is outside any mesh. */
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
  private readonly charts = new Map<string, Chart>();

  constructor(scope: Construct, id: string, props: MeshProps = {}) {
    super(scope, id);
    this.props = props;
    this.target = props.target ?? MeshTarget.ISTIO;
    this.node.addValidation({ validate: () => { this.apiObjects(); return []; } });
  }

  /** Every error and warning of the mesh as declared so far (compiles if needed; never throws for findings). */
  public get diagnostics(): Diagnostic[] {
    return [...this.synthesize().diagnostics];
  }

  /**
   * Where a request goes, computed from the compiled mesh. Throws the mesh's validation error (see {@link MeshErrors})
   * when the mesh has errors. Use it in tests of your own mesh declarations.
   */
  public evaluate(request: RequestProbe): RouteDecision {
    const mesh = this.checked().compiled;
    const e = evaluate(mesh, {
      gateway: request.gateway?.node.path,
      port: request.port,
      host: request.host,
      path: request.path,
      method: request.method,
      headers: request.headers,
      query: request.query,
    });
    const route = e.route;
    if (!route) return { outcome: RouteOutcome.NOT_FOUND, status: 404, chain: [], destinations: [] };
    const leaf = route.chain[route.chain.length - 1];
    const base = { routeTable: tableRef(leaf.table), route: leaf.route.name, chain: describeChain(route), destinations: [] };
    const a = route.action;
    switch (a.type) {
      case 'forward':
        return {
          ...base,
          outcome: RouteOutcome.FORWARD,
          destinations: a.destinations.map(d => ({
            service: d.service!.name,
            namespace: d.service!.namespace,
            port: d.service!.port,
            weight: d.weight,
            host: d.service!.external?.host ?? serviceFqdn(d.service!, mesh.model.clusterDomain),
            subset: d.service!.subset?.name,
            external: d.service!.external !== undefined,
          })),
        };
      case 'redirect': {
        // Unset parts keep the request's: its path, host and the scheme of the listener it came in on.
        const [path] = request.path.split('?');
        const listener = e.gateway.model.listeners.find(l => l.port === (request.port ?? e.gateway.model.listeners[0]?.port));
        const scheme = a.scheme ?? (listener?.protocol === 'HTTPS' ? 'https' : 'http');
        const port = a.port === undefined ? '' : `:${a.port}`;
        const redirect = `${scheme}://${a.host ?? request.host}${port}${a.path ?? path}`;
        return { ...base, outcome: RouteOutcome.REDIRECT, status: a.statusCode, redirect };
      }
      case 'direct':
        return { ...base, outcome: RouteOutcome.DIRECT_RESPONSE, status: a.status, body: a.body };
    }
  }

  /** The chart holding the objects of cluster `name` (created if needed). @param name cluster name, default the implied cluster */
  public clusterChart(name?: string): Chart {
    const app = this.node.root;
    if (!(app instanceof App)) throw new Error(`${this.node.path}: a Mesh must be declared in a cdk8s App`);
    const id = name ?? this.props.defaultClusterName ?? 'default';
    const existing = app.node.tryFindChild(id);
    if (existing instanceof Chart && this.charts.get(id) === existing) return existing;
    if (existing) {
      throw new Error(`${this.node.path}: the App already has a construct named "${id}"; `
        + 'cluster charts are named after clusters (rename the cluster or set defaultClusterName)');
    }
    const chart = new Chart(app, id);
    this.charts.set(id, chart);
    return chart;
  }

  /**
   * Compiles the mesh and creates its objects (once); returns every emitted ApiObject for escape hatches such as
   * `addJsonPatch`. Throws the mesh's validation error (see {@link MeshErrors}) when the mesh has errors; nothing is
   * created then.
   */
  public apiObjects(): ApiObject[] {
    if (!this.emitted) {
      const objects = [...this.checked().objects].sort((a, b) => cmp(a.cluster, b.cluster)
        || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || cmp(a.kind, b.kind)
        || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
      const created = objects.map(o => o.create(this.clusterChart(o.cluster), `${o.kind}.${o.namespace}.${o.name}`, {
        name: o.name,
        namespace: o.namespace,
        labels: {
          [MESH_LABELS.MANAGED_BY]: 'cdk8s-mesh',
          [MESH_LABELS.WORKSPACE]: o.workspace,
          [MESH_LABELS.CONSTRUCT]: labelValue(o.sources[0]),
        },
        annotations: {
          [MESH_LABELS.CONSTRUCT_PATH]: o.sources[0],
          ...(o.sources.length > 1 ? { [MESH_LABELS.SOURCES]: o.sources.join(',') } : {}),
        },
      }));
      this.emitted = created;
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

  /** The objects of every gateway's target (the gateway's own, else the mesh's), with the targets' findings. */
  private emit(mesh: CompiledMesh, d: Diagnostics): EmittedObject[] {
    const of = (t: MeshTarget) => mesh.gateways.filter(g => (g.model.target ?? this.target) === t);
    return [
      ...istioObjects(mesh, of(MeshTarget.ISTIO), d, {
        clusterDomain: mesh.model.clusterDomain,
        native: g => (g.model.istioDelegation ?? this.props.istioDelegation) === IstioDelegation.NATIVE,
      }),
      ...gatewayApiObjects(mesh, of(MeshTarget.GATEWAY_API), d, { gatewayClassName: g => g.model.gatewayClassName }),
      ...isolationObjects(mesh),
    ];
  }

  private checked(): Synthesis {
    const s = this.synthesize();
    const failing = s.diagnostics.some(d => d.severity === DiagnosticSeverity.ERROR || this.props.failOnWarnings);
    if (failing) throw new MeshValidationError([...s.diagnostics]);
    return s;
  }

  /** Compiles the mesh and, when the compiler finds no error, runs the targets (cached until a construct changes). */
  private synthesize(): Synthesis {
    if (!this.synthesized) {
      const compiled = compileMesh(this.model());
      const all = new Diagnostics();
      compiled.diagnostics.forEach(x => all.add(x));
      const compiles = !compiled.diagnostics.some(x => x.severity === DiagnosticSeverity.ERROR);
      const objects = compiles ? this.emit(compiled, all) : [];
      reportNameClashes(objects, all);
      this.synthesized = { compiled, diagnostics: all.sorted(), objects };
      const warnings = this.synthesized.diagnostics.filter(x => x.severity === DiagnosticSeverity.WARNING);
      if (warnings.length > 0 && !this.props.failOnWarnings) {
        process.stderr.write(`cdk8s-mesh: ${warnings.length} warning(s):\n${warnings.map(formatDiagnostic).join('\n')}\n`);
      }
    }
    return this.synthesized;
  }

  private model(): MeshModel {
    const all = this.node.findAll();
    const services = appServices(this.node.root);
    const clusters = all.filter((c): c is Cluster => c instanceof Cluster).map(c => c._toModel());
    return {
      path: this.node.path,
      clusters: clusters.length > 0 ? clusters
        : [{ path: this.node.path, name: this.props.defaultClusterName ?? 'default', trustDomain: 'cluster.local' }],
      workspaces: all.filter((c): c is Workspace => c instanceof Workspace).map(w => w._toModel()),
      gateways: all.filter((c): c is VirtualGateway => c instanceof VirtualGateway).map(g => {
        const m = g._toModel();
        // Istio deploys the proxies of a Gateway API Gateway in the Gateway's namespace.
        return { ...m, proxyNamespace: (m.target ?? this.target) === MeshTarget.GATEWAY_API ? m.namespace : m.workloadNamespace };
      }),
      routeTables: all.filter((c): c is RouteTable => c instanceof RouteTable).map(t => t._toModel()),
      services,
      externalServices: all.filter((c): c is ExternalService => c instanceof ExternalService).map(e => e._toModel()),
      accessPolicies: all.filter((c): c is AccessPolicy => c instanceof AccessPolicy).map(a => a._toModel(services)),
      maxDelegationDepth: this.props.maxDelegationDepth ?? 8,
      clusterDomain: this.props.clusterDomain ?? 'cluster.local',
    };
  }
}

/** Two emitted objects with one name (for example an external service named like a gateway's VirtualService) are an error (MESH604). */
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
