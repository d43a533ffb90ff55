/**
 * Flattened routes rendered once per match sets and action: a child subtree flattened for several root tables or
 * gateways shares them (see compiler/subtrees.ts), so its routes are rendered once, and each place takes a copy named
 * after its own route — with the exact size of its JSON, for the size budget.
 */
import { renderHttpRoutes } from './http-routes';
import { RootEntry } from './route-split';
import { EffectiveMatch } from '../../compiler/algebra/match';
import { FlatRoute, TerminalAction } from '../../compiler/compiled';
import { ByRoutes } from '../../compiler/route-identity';
import { VirtualServiceSpecHttp } from '../../imports/networking.istio.io';
import { countJsonBytes, jsonBytes } from '../object-size';

/** The name rendered routes are made with: each route's own goes before it (`.2`… follow where there are several). */
const NAME = '';
/** The bytes of NAME in JSON. */
const NAME_BYTES = jsonBytes(NAME);

/** A rendering of one action under some match sets, and the JSON size of its routes. */
interface Template {
  readonly action: TerminalAction;
  readonly http: VirtualServiceSpecHttp[];
  readonly bytes: number;
}

/**
 * A flattened route as an entry of a root VirtualService (see route-split.ts): the exact size of its Istio HTTP
 * routes at once, and the routes themselves, copied from the shared rendering and named after the route, only when
 * asked for. Planning a large host so keeps one small object per route until its VirtualServices are written.
 */
export class RenderedRoute implements RootEntry {
  /** Bytes of the JSON of its HTTP routes, a separator after each (see jsonBytes). */
  public readonly bytes: number;

  /**
   * @param route the flattened route
   * @param rendering the rendering of its matches and action
   */
  constructor(private readonly route: FlatRoute, private readonly rendering: Template) {
    // A flattened route's name is DNS labels joined by dots (see FlatRoute): JSON writes it as it is, so its length
    // measures it — without writing out a name built of parts (that waits for the YAML).
    this.bytes = rendering.bytes + rendering.http.length * (route.name.length + 2 - NAME_BYTES);
  }

  /** The flattened route behind it (a new list each time). */
  public get routes(): readonly FlatRoute[] {
    return [this.route];
  }

  /** Its Istio HTTP routes (see renderHttpRoutes), named after the route: new copies each time. */
  public get http(): VirtualServiceSpecHttp[] {
    const name = this.route.name;
    // Almost always one HTTP route (several only where a prefix rewrite needs them).
    const t = this.rendering.http;
    return t.length === 1 ? [{ ...t[0], name }] : t.map(h => ({ ...h, name: `${name}${h.name!}` }));
  }
}

/** Renders a flattened route as Istio HTTP routes: named after it, or the shared unnamed template (see RouteRenderings). */
export interface Render {
  named(route: FlatRoute): RenderedRoute;
  template(route: FlatRoute): readonly VirtualServiceSpecHttp[];
}

/**
 * The renderings of the flattened routes of one emission (a compiled mesh, so one cluster domain), shared by all its
 * hosts and gateways; dropped with it. A rendering is made once per match sets and action: placed subtrees share their
 * match sets (see compiler/subtrees.ts), so a route met again on another root table or gateway is rendered once.
 */
export class RouteRenderings implements Render {
  /** By match sets, each for the actions met with them. */
  private readonly byMatches = new Map<readonly EffectiveMatch[], Template[]>();
  /** The renderings of whole lists of routes, by position. */
  private readonly byRoutes = new ByRoutes<Template[]>();

  /** @param clusterDomain the compiled mesh's cluster domain */
  constructor(private readonly clusterDomain: string) {}

  /** A flattened route rendered as Istio HTTP routes, named after it (see RenderedRoute). */
  public named(route: FlatRoute): RenderedRoute {
    return new RenderedRoute(route, this.of(route));
  }

  /**
   * Each of a host's routes rendered and named (see named). The renderings of a list of routes are kept: another host
   * holding the same routes (see compiler/route-identity.ts; each gateway delegating to the same tables) takes them
   * by position, without looking each up again.
   */
  public namedAll(routes: readonly FlatRoute[]): RenderedRoute[] {
    let renderings = this.byRoutes.get([routes]);
    if (!renderings) {
      renderings = new Array<Template>(routes.length);
      for (let i = 0; i < routes.length; i++) renderings[i] = this.of(routes[i]);
      this.byRoutes.set([routes], renderings);
    }
    const out = new Array<RenderedRoute>(routes.length);
    for (let i = 0; i < routes.length; i++) out[i] = new RenderedRoute(routes[i], renderings[i]);
    return out;
  }

  /**
   * The Istio HTTP routes of a flattened route's matches and action, with empty names (`.2`… where a prefix rewrite
   * needs several): shared by every route with those matches and action, and never to be changed.
   */
  public template(route: FlatRoute): readonly VirtualServiceSpecHttp[] {
    return this.of(route).http;
  }

  /** The rendering of a flattened route's matches and action, unnamed. */
  private of(route: FlatRoute): Template {
    let list = this.byMatches.get(route.matches);
    if (!list) this.byMatches.set(route.matches, list = []);
    // Almost always one action per match sets: a list is scanned rather than a map made.
    for (const t of list) if (t.action === route.action) return t;
    // Finished as rendered. The JSON of the list less its brackets, with a separator after each route: its bytes less one.
    const http = renderHttpRoutes(route, this.clusterDomain, NAME);
    const t = { action: route.action, http, bytes: countJsonBytes(http) - 1 };
    list.push(t);
    return t;
  }
}
